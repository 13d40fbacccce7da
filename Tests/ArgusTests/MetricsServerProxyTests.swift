import ArgusTesting
import Foundation
import Testing

/// `proxy_url` as a user sets it: scrapes and remote writes go through an
/// HTTP proxy (a CONNECT tunnel), with the proxy's credentials and
/// `proxy_connect_header`.
@Suite struct MetricsServerProxyTests {
    /// Starts the CONNECT proxy fixture; returns it and its port.
    static func startProxy(in directory: URL) async throws -> (BackgroundProcess, Int) {
        let script = Fixtures.testFixture("ArgusTests", "proxy/connect-proxy.py").path
        let proxy = try BackgroundProcess.start("/usr/bin/env", ["python3", "-u", script], in: directory)
        let log = try await proxy.waitForLog("listening on ")
        let line = try #require(log.split(separator: "\n").first { $0.hasPrefix("listening on ") })
        return (proxy, try #require(Int(line.dropFirst("listening on ".count))))
    }

    @Test func scrapesAndRemoteWritesGoThroughTheProxy() async throws {
        let directory = try Fixtures.temporaryDirectory("argus-proxy")
        let (proxy, proxyPort) = try await Self.startProxy(in: directory)
        defer { proxy.stop() }
        let server = try await ArgusServer(
            config: { port in
                """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: proxied
                    proxy_url: http://scraper:s%40cret@127.0.0.1:\(proxyPort)
                    proxy_connect_header:
                      X-Tenant: [blue]
                    static_configs:
                      - targets: ["127.0.0.1:\(port)"]
                remote_write:
                  - url: http://127.0.0.1:\(port)/api/v1/write
                    proxy_url: http://127.0.0.1:\(proxyPort)
                    write_relabel_configs:
                      - {source_labels: [__name__], regex: up, action: keep}
                      - {target_label: copy, replacement: remote}
                    queue_config: {batch_send_deadline: 1s}
                """
            }, directory: directory)
        // The scrape worked, and the copy that came back by remote write did too.
        try await server.waitFor("/api/v1/query?query=up%7Bjob%3D%22proxied%22%7D") { $0.contains(#","1"]"#) }
        try await server.waitFor("/api/v1/query?query=up%7Bcopy%3D%22remote%22%7D") { $0.contains(#","1"]"#) }
        // Header names are case-insensitive.
        let log = proxy.log.lowercased()
        // One tunnel for the scrapes, one for the remote writes (the one without credentials).
        let tunnels = log.components(separatedBy: "connect 127.0.0.1:\(server.port)").dropFirst()
        #expect(tunnels.count >= 2, "\(log)")
        #expect(tunnels.contains { !$0.contains("proxy-authorization") }, "\(log)")
        // Basic credentials from the URL (user "scraper", password "s@cret") and the configured header.
        #expect(log.contains("proxy-authorization: basic c2nyyxblcjpzqgnyzxq="), "\(log)")
        #expect(log.contains("x-tenant: blue"), "\(log)")
    }

    @Test func anUnsupportedProxyIsRefusedNamingTheJob() async throws {
        let directory = try Fixtures.temporaryDirectory("argus-proxy")
        let configURL = directory.appendingPathComponent("prometheus.yml")
        try """
        scrape_configs:
          - job_name: tunnel
            proxy_url: https://127.0.0.1:3128
            static_configs: [{targets: ["127.0.0.1:1"]}]
        """.write(to: configURL, atomically: true, encoding: .utf8)
        let result = try await runArgus([
            "metrics", "--config.file=\(configURL.path)", "--web.listen-address=127.0.0.1:0",
            "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
        ])
        #expect(result.status != 0)
        #expect(
            result.stderrString.contains(
                "scrape job tunnel: proxy_url https://127.0.0.1:3128: scheme https is not supported yet by Argus"),
            "\(result.stderrString)")
    }
}
