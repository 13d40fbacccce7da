import ArgusConfig
import ArgusCore
import AsyncHTTPClient
import CoreMetrics
import Exposition
import Foundation
import Metrics
import NIOCore
import NIOHTTP1
import OutboundHTTP

/// Sends remote-read requests to one endpoint (upstream's
/// `remote.Client.Read`): a POST of a Snappy-compressed
/// ``Exposition/Prompb/ReadRequest`` holding one query, answered with a
/// Snappy-compressed ``Exposition/Prompb/ReadResponse`` (the `SAMPLES`
/// response type), under `remote_timeout`.
///
/// `tls_config` and the proxy are the given client's (see ``HTTPClients``).
public struct RemoteReadClient: Sendable {
    public let url: String
    /// The `name` of the config, the metrics' `remote_name`.
    public let remoteName: String
    let httpClient: OutboundClient
    let userAgent: String
    let headers: [(String, String)]
    let authorization: AuthorizationHeader
    let timeout: TimeAmount
    let metrics: ReadMetrics

    /// The largest decompressed response accepted.
    static let maxResponseBytes = 1 << 30

    /// Checks that `config` is supported and prepares its headers.
    /// - Throws: ``RemoteStorageError`` of kind `.unsupportedConfig` naming the field.
    public init(
        config: RemoteReadConfig, httpClient: OutboundClient, userAgent: String, directory: String = "",
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) throws(RemoteStorageError) {
        let url = config.url.string
        let client = config.httpClientConfig
        try client.checkRemoteSupport(section: "remote_read", url: config.url)
        self.url = url
        self.remoteName = config.name
        self.httpClient = httpClient
        self.userAgent = userAgent
        self.headers = config.headers.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        self.authorization = AuthorizationHeader(client, directory: directory)
        self.timeout = .milliseconds(max(1, config.remoteTimeout.milliseconds))
        self.metrics = ReadMetrics(remoteName: remoteName, url: url, factory: metricsFactory)
    }

    /// Sends `query` and returns the endpoint's result for it, blocking the
    /// calling thread until the answer or `remote_timeout`. Must not be
    /// called on one of the HTTP client's event loops.
    ///
    /// - Throws: ``RemoteStorageError`` of kind `.remoteRead` with upstream's
    ///   wording: the request could not be sent, the endpoint answered with a
    ///   non-2xx status (its body quoted), or the body is not a valid response.
    public func read(_ query: Prompb.Query) throws(RemoteStorageError) -> Prompb.QueryResult {
        let body = RemoteWrite.encodeBody(message: Prompb.ReadRequest(queries: [query]))
        var headers = HTTPHeaders()
        headers.add(name: "Content-Encoding", value: "snappy")
        headers.add(name: "Accept-Encoding", value: "snappy")
        headers.add(name: "Content-Type", value: "application/x-protobuf")
        headers.add(name: "User-Agent", value: userAgent)
        headers.add(name: "X-Prometheus-Remote-Read-Version", value: "0.1.0")
        for (name, value) in self.headers { headers.replaceOrAdd(name: name, value: value) }
        do {
            if let value = try authorization.value() { headers.replaceOrAdd(name: "Authorization", value: value) }
        } catch {
            throw RemoteStorageError(.remoteRead, "reading credentials: \(error)")
        }
        let response: HTTPClient.Response
        let started = ContinuousClock.now
        do {
            let route = httpClient.route(url)
            if let host = route.host { headers.replaceOrAdd(name: "Host", value: host) }
            let request = try HTTPClient.Request(url: route.url, method: .POST, headers: headers, body: .bytes(body))
            response = try route.client.execute(request: request, deadline: .now() + timeout).wait()
        } catch {
            metrics.failures.increment()
            throw RemoteStorageError(.remoteRead, "error sending request: Post \"\(url)\": \(error)")
        }
        metrics.duration.record(duration: ContinuousClock.now - started)
        metrics.queries(code: Int(response.status.code)).increment()
        let bytes = response.body.map { Array($0.readableBytesView) } ?? []
        guard response.status.code / 100 == 2 else {
            let text = String(decoding: bytes.prefix(1024), as: UTF8.self)
            throw RemoteStorageError(
                .remoteRead,
                "remote server \(url) returned HTTP status \(response.status.code) \(response.status.reasonPhrase): "
                    + text.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        let decoded: Prompb.ReadResponse
        do {
            decoded = try RemoteWrite.decodeBody(
                bytes, as: Prompb.ReadResponse.self, maxDecodedLength: Self.maxResponseBytes)
        } catch {
            throw RemoteStorageError(.remoteRead, "error reading response from \(url): \(error)")
        }
        guard decoded.results.count == 1 else {
            throw RemoteStorageError(.remoteRead, "responses: want 1, got \(decoded.results.count)")
        }
        return decoded.results[0]
    }
}

/// A remote-read client's self-metrics under Prometheus' names.
struct ReadMetrics: Sendable {
    let remoteName: String
    let url: String
    let factory: any MetricsFactory
    let duration: CoreMetrics.Timer
    let failures: Counter

    init(remoteName: String, url: String, factory: any MetricsFactory) {
        self.remoteName = remoteName
        self.url = url
        self.factory = factory
        duration = CoreMetrics.Timer(
            label: "prometheus_remote_storage_read_request_duration_seconds",
            dimensions: [("remote_name", remoteName), ("url", url)], preferredDisplayUnit: .seconds,
            factory: factory)
        failures = Counter(
            label: "argus_remote_storage_read_failures_total", dimensions: [("remote_name", remoteName), ("url", url)],
            factory: factory)
    }

    /// `prometheus_remote_storage_read_queries_total` for an answer with HTTP status `code`.
    func queries(code: Int) -> Counter {
        Counter(
            label: "prometheus_remote_storage_read_queries_total",
            dimensions: [("code", String(code)), ("remote_name", remoteName), ("url", url)], factory: factory)
    }
}
