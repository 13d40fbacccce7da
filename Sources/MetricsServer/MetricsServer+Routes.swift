import ArgusCore
import ArgusHTTP
import Foundation
import Hummingbird
import NIOCore
import Notifier
import PromQL
import RemoteStorage
import Rules
import Storage
import TSDB

extension MetricsServer {
    /// The HTTP routes: the API under `<prefix>/api/v1`, remote write and
    /// read, federation, health, lifecycle and the server's own metrics.
    func makeRouter(
        db: DB, storage: any Appendable, targets: any TargetsProvider, rules: RuleManager? = nil,
        notifier: AlertNotifier? = nil, remoteRead: RemoteReadStorage? = nil
    ) -> Router<MetricsRequestContext> {
        let router = Router(context: MetricsRequestContext.self)
        router.add(middleware: HTTPMetricsMiddleware(factory: selfMetrics.factory))
        let hostname = ProcessInfo.processInfo.hostName
        let prefix = options.resolvedRoutePrefix(hostname: hostname)
        let root = router.group(RouterPath(prefix.isEmpty ? "/" : prefix))

        let queries = QueryRunner(
            queryable: db, engineOptions: options.engineOptions, maxConcurrency: options.maxConcurrency,
            queryLog: queryLog, secondaries: { remoteRead?.queriers ?? [] })
        let api = MetricsAPI(
            db: db, queries: queries, status: status, targets: targets, options: options, logger: logger,
            ruleManager: rules, notifier: notifier)
        api.register(on: root.group("api/v1"))

        registerWebUI(root, prefix: prefix)
        registerHealth(root)
        registerSelfMetrics(root)
        registerRemoteStorage(root, db: db, storage: storage)
        registerFederation(root, db: db)
        registerLifecycle(root)
        return router
    }

    private func registerHealth(_ root: RouterGroup<MetricsRequestContext>) {
        for method in [HTTPRequest.Method.get, .head] {
            root.on("-/healthy", method: method) { _, _ in
                Self.text(.ok, "Prometheus Server is Healthy.\n")
            }
            root.on("-/ready", method: method) { [status] _, _ in
                status.isReady
                    ? Self.text(.ok, "Prometheus Server is Ready.\n")
                    : Self.text(.serviceUnavailable, "Service Unavailable")
            }
        }
    }

    private func registerSelfMetrics(_ root: RouterGroup<MetricsRequestContext>) {
        root.get("metrics") { [selfMetrics] _, _ in
            Response(
                status: .ok,
                headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: selfMetrics.exposition()))
            )
        }
    }

    private func registerRemoteStorage(_ root: RouterGroup<MetricsRequestContext>, db: DB, storage: any Appendable) {
        let receiver = RemoteWriteReceiver(storage: storage, logger: logger, metricsFactory: selfMetrics.factory)
        let enabled = options.enableRemoteWriteReceiver
        root.post("api/v1/write") { request, _ in
            guard enabled else {
                return Self.text(
                    .notFound, "remote write receiver needs to be enabled with --web.enable-remote-write-receiver\n")
            }
            let body = try await request.body.collect(upTo: RemoteWriteReceiver.maxDecodedLength)
            let outcome = receiver.receive(Array(body.readableBytesView))
            if outcome.status == 204 { return Response(status: .noContent) }
            return Self.text(HTTPResponse.Status(code: outcome.status), outcome.message + "\n")
        }
        let reader = RemoteReadHandler(
            storage: db, sampleLimit: options.remoteReadSampleLimit, maxBytesInFrame: options.remoteReadMaxBytesInFrame)
        let gate = RemoteReadGate(limit: options.remoteReadConcurrentLimit, factory: selfMetrics.factory)
        root.post("api/v1/read") { [self] request, _ in
            let body = Array(try await request.body.collect(upTo: 32 << 20).readableBytesView)
            let external = externalLabels
            let answer = await gate.run { reader.read(body, externalLabels: external) }
            var headers: HTTPFields = [.contentType: answer.contentType]
            if let encoding = answer.contentEncoding { headers[.contentEncoding] = encoding }
            return Response(
                status: HTTPResponse.Status(code: answer.status), headers: headers,
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        }
    }

    private func registerFederation(_ root: RouterGroup<MetricsRequestContext>, db: DB) {
        let federation = Federation(
            storage: db, lookbackDelta: options.lookbackDelta.milliseconds, externalLabels: { [self] in externalLabels }
        )
        root.get("federate") { request, _ in
            let form = FormParameters(query: request.uri.query)
            let sets: [[LabelMatcher]]
            do throws(APIError) {
                sets = try APIParameters.matcherSets(form.values("match[]"))
            } catch {
                return Self.text(.badRequest, error.message + "\n")
            }
            do {
                let body = try federation.federate(sets, now: Timestamp.now())
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
            } catch {
                return Self.text(.internalServerError, "\(error)\n")
            }
        }
    }

    private func registerLifecycle(_ root: RouterGroup<MetricsRequestContext>) {
        let enabled = options.enableLifecycle
        for method in [HTTPRequest.Method.post, .put] {
            root.on("-/reload", method: method) { [self] _, _ in
                guard enabled else { return Self.text(.forbidden, "Lifecycle API is not enabled.") }
                if let error = await reloadConfig() {
                    return Self.text(.internalServerError, "failed to reload config: \(error)\n")
                }
                return Response(status: .ok)
            }
            root.on("-/quit", method: method) { [requestShutdown] _, _ in
                guard enabled else { return Self.text(.forbidden, "Lifecycle API is not enabled.") }
                Task { await requestShutdown() }
                return Self.text(.ok, "Requesting termination... Goodbye!")
            }
        }
    }

    static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }
}
