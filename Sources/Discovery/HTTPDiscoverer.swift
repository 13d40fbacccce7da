import ArgusCore
import AsyncHTTPClient
import Foundation
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import OutboundHTTP

/// `http_sd_configs`: target groups fetched from an HTTP endpoint.
///
/// The endpoint is fetched with `GET` at once and then every
/// `refreshInterval`. It must answer `200` with `Content-Type:
/// application/json` (optionally `; charset=utf-8`) and a JSON list of
/// `{targets, labels}` groups (``TargetGroupList``). Group `i` gets source
/// `"url:i"` and the label `__meta_url` = `url`. When a later answer has
/// fewer groups, the missing ones are sent empty so that consumers drop them.
///
/// A failed refresh (transport error, other status or content type, bad
/// JSON) is logged, counted in `prometheus_sd_http_failures_total` and sends
/// nothing: the groups of the last good answer stay.
public struct HTTPDiscoverer: Discoverer {
    /// The label holding the URL a group came from.
    public static let urlLabel = "__meta_url"

    /// The endpoint.
    public let url: String
    /// How often the endpoint is fetched; also the request timeout.
    public let refreshInterval: Duration
    private let headers: [(name: String, value: String)]
    private let userAgent: String
    private let client: OutboundClient
    private let logger: Logger
    private let metrics: HTTPDiscoveryMetrics
    private let maxBodyBytes: Int

    public var mechanism: String { "http" }

    /// Creates a discoverer for `url`.
    ///
    /// - Parameters:
    ///   - url: `url` of the configuration: `http` or `https` with a host.
    ///   - refreshInterval: `refresh_interval`, 60 seconds by default.
    ///   - headers: Extra request headers (authorization and the
    ///     configuration's `http_headers`, already resolved by the caller).
    ///   - userAgent: The `User-Agent` header, e.g. `Prometheus/3.5.0`.
    ///   - client: The configuration's HTTP client; the caller owns its lifetime.
    ///   - logger: Where failed refreshes are logged.
    ///   - metricsFactory: Where the self-metrics go; the global
    ///     `MetricsSystem.factory` by default.
    ///   - maxBodyBytes: The largest answer accepted, 64 MiB by default.
    public init(
        url: String,
        refreshInterval: Duration = .seconds(60),
        headers: [(name: String, value: String)] = [],
        userAgent: String,
        client: OutboundClient,
        logger: Logger = Logger(label: "argus.discovery.http"),
        metricsFactory: (any MetricsFactory)? = nil,
        maxBodyBytes: Int = 64 << 20
    ) throws(DiscoveryError) {
        guard !url.isEmpty else { throw DiscoveryError("URL is missing") }
        guard let components = URLComponents(string: url) else {
            throw DiscoveryError("invalid URL \(GoString.quote(url))")
        }
        guard components.scheme == "http" || components.scheme == "https" else {
            throw DiscoveryError("URL scheme must be 'http' or 'https'")
        }
        guard let host = components.host, !host.isEmpty else { throw DiscoveryError("host is missing in URL") }
        guard refreshInterval > .zero else { throw DiscoveryError("refresh_interval must be positive") }
        self.url = url
        self.refreshInterval = refreshInterval
        self.headers = headers
        self.userAgent = userAgent
        self.client = client
        self.logger = logger
        self.metrics = HTTPDiscoveryMetrics(factory: metricsFactory ?? MetricsSystem.factory)
        self.maxBodyBytes = maxBodyBytes
    }

    public func run(updates: AsyncStream<[TargetGroup]>.Continuation) async {
        let clock = ContinuousClock()
        var lastCount = 0
        while !Task.isCancelled {
            let next = clock.now.advanced(by: refreshInterval)
            do {
                let groups = try await refresh()
                updates.yield(HTTPDiscoverer.withVanished(groups, url: url, lastCount: lastCount))
                lastCount = groups.count
            } catch {
                if Task.isCancelled { return }
                logger.error("Unable to refresh target groups", metadata: ["url": "\(url)", "err": "\(error)"])
            }
            do { try await clock.sleep(until: next) } catch { return }
        }
    }

    /// `groups` followed by empty groups for the sources `count..<lastCount`
    /// that the previous answer had and this one lacks.
    static func withVanished(_ groups: [TargetGroup], url: String, lastCount: Int) -> [TargetGroup] {
        guard groups.count < lastCount else { return groups }
        return groups + (groups.count..<lastCount).map { TargetGroup(source: source(url, $0), targets: []) }
    }

    /// Fetches and decodes the endpoint once; every failure is counted.
    func refresh() async throws(DiscoveryError) -> [TargetGroup] {
        do throws(DiscoveryError) {
            return try await fetch()
        } catch {
            metrics.failures.increment()
            throw error
        }
    }

    private func fetch() async throws(DiscoveryError) -> [TargetGroup] {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        for header in headers { request.headers.add(name: header.name, value: header.value) }
        request.headers.replaceOrAdd(name: "User-Agent", value: userAgent)
        request.headers.replaceOrAdd(name: "Accept", value: "application/json")
        request.headers.replaceOrAdd(
            name: "X-Prometheus-Refresh-Interval-Seconds",
            value: GoFloat.formatF(HTTPDiscoverer.seconds(refreshInterval))
        )
        let body: ByteBuffer
        do {
            let response = try await client.execute(
                request,
                timeout: .nanoseconds(Int64(HTTPDiscoverer.seconds(refreshInterval) * 1e9))
            )
            guard response.status.code == 200 else {
                throw DiscoveryError(
                    "server returned HTTP status \(response.status.code) \(response.status.reasonPhrase)")
            }
            let contentType = response.headers.first(name: "Content-Type") ?? ""
            guard HTTPDiscoverer.isJSONContentType(contentType) else {
                throw DiscoveryError("unsupported content type \(GoString.quote(contentType))")
            }
            body = try await response.body.collect(upTo: maxBodyBytes)
        } catch let error as DiscoveryError {
            throw error
        } catch {
            throw DiscoveryError("GET \(url): \(error)")
        }
        let entries = try TargetGroupList.decode(json: Data(body.readableBytesView))
        return entries.enumerated().map { index, entry in
            TargetGroup(
                source: HTTPDiscoverer.source(url, index),
                targets: TargetGroup.targets(addresses: entry.targets),
                labels: Labels(Array(entry.labels) + [Label(HTTPDiscoverer.urlLabel, url)])
            )
        }
    }

    /// Prometheus' `^(?i:application\/json(;\s*charset=("utf-8"|utf-8))?)$`,
    /// applied to the header with surrounding white space trimmed.
    public static func isJSONContentType(_ header: String) -> Bool {
        let value = header.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let base = "application/json"
        guard value.hasPrefix(base) else { return false }
        var rest = value.dropFirst(base.count)
        if rest.isEmpty { return true }
        guard rest.first == ";" else { return false }
        rest = rest.dropFirst().drop { " \t\n\u{0C}\r".contains($0) }
        return rest == "charset=utf-8" || rest == "charset=\"utf-8\""
    }

    /// `"url:index"`, the source of the answer's `index`-th group.
    public static func source(_ url: String, _ index: Int) -> String {
        "\(url):\(index)"
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
