import ArgusHTTP
import HostCollectors
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle
import Synchronization

/// The HTTP server of `argus node-exporter`: the collectors' metrics on the
/// telemetry path (optionally narrowed with `collect[]` parameters) and a
/// landing page on `/`.
public struct NodeExporterServer: Service {
    private let options: NodeExporterOptions
    private let exporter: NodeExporter
    private let logger: Logger
    private let onListening: @Sendable (ListenAddress) async -> Void
    private let handlerMetrics = HandlerMetrics()

    /// Creates the collectors; throws when a collector name or option is invalid.
    public init(
        options: NodeExporterOptions, logger: Logger,
        onListening: @escaping @Sendable (ListenAddress) async -> Void = { _ in }
    ) throws {
        self.options = options
        self.exporter = try NodeExporter(
            enabled: options.collectors, environment: options.environment, logger: logger)
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        logger.info("Enabled collectors", metadata: ["collectors": "\(exporter.enabledNames.joined(separator: ","))"])
        let address = options.listenAddress
        let app = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
            onServerRunning: { [onListening] channel in
                let port = channel.localAddress?.port ?? address.port
                await onListening(ListenAddress(host: address.host, port: port))
            },
            logger: logger
        )
        try await app.run()
    }

    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        let path = options.telemetryPath
        router.get(RouterPath(path)) { request, _ in
            await scrape(request)
        }
        router.get("/") { _, _ in
            let page = """
                <html>
                \t\t\t<head><title>Node Exporter</title></head>
                \t\t\t<body>
                \t\t\t<h1>Node Exporter</h1>
                \t\t\t<p><a href="\(path)">Metrics</a></p>
                \t\t\t</body>
                \t\t\t</html>
                """
            return Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: page)))
        }
        return router
    }

    /// One scrape: runs the collectors and answers in the text format.
    func scrape(_ request: Request) async -> Response {
        guard handlerMetrics.enter(limit: options.maxRequests) else {
            return plain(
                .serviceUnavailable,
                "Limit of concurrent requests reached (\(options.maxRequests)), try again later.\n")
        }
        defer { handlerMetrics.leave() }
        let filters = request.uri.queryParameters.getAll("collect[]").map { String($0) }
        var only: Set<String>?
        if !filters.isEmpty {
            let enabled = Set(exporter.enabledNames)
            for filter in filters where !enabled.contains(filter) {
                let known = NodeExporter.collectorTypes.contains { $0.name == filter }
                let reason = known ? "disabled collector: \(filter)" : "missing collector: \(filter)"
                logger.warning("Couldn't create filtered metrics handler", metadata: ["err": "\(reason)"])
                handlerMetrics.count(code: 400)
                return plain(
                    .badRequest, "Couldn't create filtered metrics handler: couldn't create collector: \(reason)")
            }
            only = Set(filters)
        }
        var metrics = await exporter.gather(only: only)
        handlerMetrics.count(code: 200)
        if options.includeExporterMetrics { handlerMetrics.report(into: &metrics) }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: metrics.textExposition)))
    }

    private func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(
            status: status, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

/// The exporter's own handler metrics, under promhttp's names.
final class HandlerMetrics: Sendable {
    private struct State {
        var inFlight = 0
        var requests: [Int: Int] = [200: 0, 500: 0, 503: 0]
    }
    private let state = Mutex(State())

    /// Admits a scrape unless `limit` (when positive) are already running.
    func enter(limit: Int) -> Bool {
        state.withLock { state in
            if limit > 0, state.inFlight >= limit {
                state.requests[503, default: 0] += 1
                return false
            }
            state.inFlight += 1
            return true
        }
    }

    func leave() { state.withLock { $0.inFlight -= 1 } }

    func count(code: Int) { state.withLock { $0.requests[code, default: 0] += 1 } }

    func report(into metrics: inout NodeMetrics) {
        let state = state.withLock { $0 }
        for metric in ProcessMetrics.current() {
            metrics.add(metric.name, help: metric.help, type: metric.isCounter ? .counter : .gauge, value: metric.value)
        }
        metrics.add(
            "promhttp_metric_handler_requests_in_flight", help: "Current number of scrapes being served.",
            type: .gauge, value: Double(state.inFlight))
        for (code, count) in state.requests {
            metrics.add(
                "promhttp_metric_handler_requests_total", help: "Total number of scrapes by HTTP status code.",
                type: .counter, labels: ["code": String(code)], value: Double(count))
        }
    }
}
