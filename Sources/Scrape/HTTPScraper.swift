import ArgusCore
import AsyncHTTPClient
import CoreMetrics
import Exposition
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPCompression
import OutboundHTTP

/// Scrapes targets over HTTP with one shared `HTTPClient` (upstream's
/// `targetScraper`).
///
/// The request carries Prometheus' scrape headers: an `Accept` header that
/// prefers OpenMetrics, `Accept-Encoding: gzip` (or `identity` when
/// compression is off), `User-Agent` and
/// `X-Prometheus-Scrape-Timeout-Seconds`. Only status 200 counts as success.
///
/// Gzip bodies are inflated by the client: create it with
/// ``clientConfiguration()`` or any configuration whose `decompression` is
/// enabled. A gzip body that arrives still compressed fails the scrape with
/// a message saying so.
public struct HTTPScraper: Scraper {
    /// The `Accept` header Prometheus 2.42 sends.
    public static let acceptHeader = ExpositionFormat.scrapeAcceptHeader

    let client: OutboundClient
    let userAgent: String
    let logger: Logger?
    let metrics: ScrapeMetrics?

    /// - Parameters:
    ///   - client: the job's client; the caller owns it and shuts it down.
    ///   - userAgent: the `User-Agent` to send, e.g. `Argus/0.1.0`.
    ///   - metrics: counts bodies over the size limit.
    ///   - logger: AsyncHTTPClient's request logger, if any.
    public init(client: OutboundClient, userAgent: String, metrics: ScrapeMetrics? = nil, logger: Logger? = nil) {
        self.client = client
        self.userAgent = userAgent
        self.metrics = metrics
        self.logger = logger
    }

    /// A scraper that sends every request through `client` as it is.
    public init(client: HTTPClient, userAgent: String, metrics: ScrapeMetrics? = nil, logger: Logger? = nil) {
        self.init(client: OutboundClient(client), userAgent: userAgent, metrics: metrics, logger: logger)
    }

    /// A client configuration suited to scraping: gzip and deflate bodies
    /// decompressed (the body size limit applies to the decompressed bytes),
    /// no redirects beyond Go's default of ten.
    public static func clientConfiguration() -> HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .follow(max: 10, allowCycles: false),
            decompression: .enabled(limit: .none)
        )
        configuration.httpVersion = .http1Only
        // A refused connection fails the scrape at once, as Prometheus' does,
        // instead of being retried until the scrape timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        return configuration
    }

    /// The headers of a scrape request, in the order they are sent.
    public func headers(for request: ScrapeRequest) -> [(name: String, value: String)] {
        var headers: [(name: String, value: String)] = [
            ("Accept", HTTPScraper.acceptHeader),
            ("Accept-Encoding", request.enableCompression ? "gzip" : "identity"),
            ("User-Agent", userAgent),
            ("X-Prometheus-Scrape-Timeout-Seconds", HTTPScraper.formatSeconds(request.timeout)),
        ]
        headers.append(contentsOf: request.headers)
        return headers
    }

    public func scrape(_ request: ScrapeRequest) async throws(ScrapeError) -> ScrapeResponse {
        var headers = HTTPHeaders()
        for (name, value) in self.headers(for: request) {
            headers.replaceOrAdd(name: name, value: value)
        }
        let route = client.route(request.url)
        if let host = route.host { headers.replaceOrAdd(name: "Host", value: host) }
        let deadline = NIODeadline.now() + TimeAmount.nanoseconds(HTTPScraper.nanoseconds(request.timeout))
        do {
            let httpRequest = try HTTPClient.Request(url: route.url, method: .GET, headers: headers)
            let collector = ScrapeBodyCollector(
                limit: request.bodySizeLimit > 0 ? request.bodySizeLimit : Int.max, metrics: metrics)
            let task =
                if let logger {
                    route.client.execute(
                        request: httpRequest, delegate: collector, deadline: deadline, logger: logger)
                } else {
                    route.client.execute(request: httpRequest, delegate: collector, deadline: deadline)
                }
            let response = try await task.futureResult.get()
            // A loaded event loop may hand over a complete answer after the
            // deadline passed; like Prometheus, a scrape that took longer
            // than its timeout fails.
            if NIODeadline.now() > deadline {
                throw ScrapeError(.timeout, "Get \(GoString.quote(request.url)): context deadline exceeded")
            }
            return response
        } catch let error as ScrapeError {
            throw error
        } catch let error as HTTPClientError
            where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
        {
            throw ScrapeError(.timeout, "Get \(GoString.quote(request.url)): context deadline exceeded")
        } catch {
            if NIODeadline.now() >= deadline {
                throw ScrapeError(.timeout, "Get \(GoString.quote(request.url)): context deadline exceeded")
            }
            throw ScrapeError(
                .transport, "Get \(GoString.quote(request.url)): \(Self.describe(error, url: request.url))")
        }
    }

    /// A transport failure in Go's words where Prometheus users know them
    /// (`dial tcp 10.0.0.1:9100: connect: connection refused`), else as NIO
    /// describes it.
    static func describe(_ error: any Error, url: String) -> String {
        if let io = error as? IOError, io.errnoCode == ECONNREFUSED, let parsed = URL(string: url),
            let host = parsed.host
        {
            let port = parsed.port ?? (parsed.scheme == "https" ? 443 : 80)
            let address = host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
            return "dial tcp \(address): connect: connection refused"
        }
        return "\(error)"
    }

    /// Seconds as Go's `strconv.FormatFloat(s, 'f', -1, 64)` prints them: `10`, `0.5`.
    static func formatSeconds(_ duration: Duration) -> String {
        let milliseconds = nanoseconds(duration) / 1_000_000
        if milliseconds % 1000 == 0 { return String(milliseconds / 1000) }
        var fraction = String(milliseconds % 1000)
        fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(milliseconds / 1000).\(fraction)"
    }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
