import AsyncHTTPClient
import Exposition
import NIOCore
import NIOHTTP1
import Testing

@testable import Scrape

@Suite struct HTTPScraperTests {
    static let metrics = Array("# TYPE up gauge\nsome_metric 1\n".utf8)

    func withServer(
        _ routes: [String: TestHTTPServer.Route],
        _ body: (TestHTTPServer, HTTPScraper) async throws -> Void
    ) async throws {
        let server = try await TestHTTPServer.start(routes: routes)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPScraper.clientConfiguration())
        let scraper = HTTPScraper(client: client, userAgent: "Argus/0.0.1-test")
        do {
            try await body(server, scraper)
        } catch {
            try await client.shutdown()
            try await server.shutdown()
            throw error
        }
        try await client.shutdown()
        try await server.shutdown()
    }

    // Timeouts are generous: a scrape whose answer arrives after its deadline
    // fails, and a loaded CI machine can delay a local answer by a minute.
    @Test func sendsScrapeHeadersAndReturnsBody() async throws {
        try await withServer(["/metrics": .init(body: Self.metrics)]) { server, scraper in
            let response = try await scraper.scrape(
                ScrapeRequest(
                    url: server.baseURL + "/metrics",
                    timeout: .milliseconds(120_500),
                    headers: [("Authorization", "Bearer secret")]
                )
            )
            #expect(Array(response.body.readableBytesView) == Self.metrics)
            #expect(response.contentType == "text/plain; version=0.0.4")
            let headers = try #require(server.requests.first)
            #expect(headers.first(name: "Accept") == ExpositionFormat.scrapeAcceptHeader)
            #expect(
                headers.first(name: "Accept")
                    == "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
                    + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
            )
            #expect(headers.first(name: "Accept-Encoding") == "gzip")
            #expect(headers.first(name: "User-Agent") == "Argus/0.0.1-test")
            #expect(headers.first(name: "X-Prometheus-Scrape-Timeout-Seconds") == "120.5")
            #expect(headers.first(name: "Authorization") == "Bearer secret")
        }
    }

    @Test func inflatesGzipAndHonoursCompressionSwitch() async throws {
        let body = Array(String(repeating: "metric_total{a=\"b\"} 12345\n", count: 200).utf8)
        try await withServer(["/metrics": .init(body: body, gzip: true)]) { server, scraper in
            let response = try await scraper.scrape(
                ScrapeRequest(url: server.baseURL + "/metrics", timeout: .seconds(120)))
            #expect(Array(response.body.readableBytesView) == body)
            _ = try? await scraper.scrape(
                ScrapeRequest(url: server.baseURL + "/metrics", timeout: .seconds(120), enableCompression: false)
            )
            #expect(server.requests.last?.first(name: "Accept-Encoding") == "identity")
        }
    }

    @Test func statusOtherThan200Fails() async throws {
        try await withServer(["/metrics": .init(status: .serviceUnavailable, body: Array("busy".utf8))]) {
            server,
            scraper in
            await #expect(throws: ScrapeError(.httpStatus, "server returned HTTP status 503 Service Unavailable")) {
                try await scraper.scrape(ScrapeRequest(url: server.baseURL + "/metrics", timeout: .seconds(120)))
            }
            await #expect(throws: ScrapeError(.httpStatus, "server returned HTTP status 404 Not Found")) {
                try await scraper.scrape(ScrapeRequest(url: server.baseURL + "/missing", timeout: .seconds(120)))
            }
        }
    }

    @Test func timeoutFailsTheScrape() async throws {
        // The answer comes long after the timeout: the scrape fails whether
        // the deadline fires first or, on a loaded machine, the late answer
        // is seen to have missed it.
        try await withServer(["/slow": .init(body: Self.metrics, delay: .seconds(2))]) { server, scraper in
            do throws(ScrapeError) {
                _ = try await scraper.scrape(ScrapeRequest(url: server.baseURL + "/slow", timeout: .milliseconds(150)))
                Issue.record("expected a timeout")
            } catch {
                #expect(error.code == .timeout)
                #expect(error.message.hasSuffix("context deadline exceeded"))
            }
        }
    }

    @Test func bodySizeLimit() async throws {
        let body = Array(repeating: UInt8(ascii: "#"), count: 100) + [0x0A]
        try await withServer(["/big": .init(body: body), "/gzip": .init(body: body, gzip: true)]) { server, scraper in
            for path in ["/big", "/gzip"] {
                await #expect(throws: ScrapeError.bodySizeLimitExceeded) {
                    try await scraper.scrape(
                        ScrapeRequest(url: server.baseURL + path, timeout: .seconds(120), bodySizeLimit: 50)
                    )
                }
                let response = try await scraper.scrape(
                    ScrapeRequest(url: server.baseURL + path, timeout: .seconds(120), bodySizeLimit: 1000)
                )
                #expect(response.body.readableBytes == body.count)
            }
        }
    }

    /// A refused connection fails at once in Go's words, instead of being
    /// retried until the timeout and reported as one. (The time bound is
    /// loose: with the whole suite running, this test's task waits its turn
    /// for tens of seconds.)
    @Test func connectionRefusedFailsTheScrapeAtOnce() async throws {
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: HTTPScraper.clientConfiguration())
        let scraper = HTTPScraper(client: client, userAgent: "Argus/test")
        let started = ContinuousClock.now
        do throws(ScrapeError) {
            _ = try await scraper.scrape(ScrapeRequest(url: "http://127.0.0.1:1/metrics", timeout: .seconds(300)))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .transport)
            #expect(
                error.message == "Get \"http://127.0.0.1:1/metrics\": dial tcp 127.0.0.1:1: connect: connection refused"
            )
        }
        #expect(ContinuousClock.now - started < .seconds(200))
        try await client.shutdown()
    }

    @Test func timeoutHeaderFormatting() {
        #expect(HTTPScraper.formatSeconds(.seconds(10)) == "10")
        #expect(HTTPScraper.formatSeconds(.milliseconds(500)) == "0.5")
        #expect(HTTPScraper.formatSeconds(.milliseconds(1250)) == "1.25")
    }
}
