import AsyncHTTPClient
import OutboundHTTP
import Synchronization
import Testing

@Suite struct OutboundClientTests {
    @Test func plainClientSendsRequestsAsTheyAre() {
        let route = OutboundClient(.shared).route("https://127.0.0.1:8443/metrics")
        #expect(route.client === HTTPClient.shared)
        #expect(route.url == "https://127.0.0.1:8443/metrics")
        #expect(route.host == nil)
    }

    @Test func serverNameGoesIntoTheURLAndTheHostIntoTheHostHeader() async throws {
        let hostClient = HTTPClient(eventLoopGroupProvider: .singleton)
        let asked = Mutex<[String]>([])
        let client = OutboundClient(serverName: "argus.test", base: .shared) { host in
            asked.withLock { $0.append(host) }
            return hostClient
        }
        let cases: [(url: String, rewritten: String, host: String, connect: String)] = [
            (
                "https://127.0.0.1:8443/metrics?a=b%20c&d=1", "https://argus.test:8443/metrics?a=b%20c&d=1",
                "127.0.0.1:8443", "127.0.0.1"
            ),
            ("https://[::1]:9100/x", "https://argus.test:9100/x", "[::1]:9100", "::1"),
            ("https://node.internal/metrics", "https://argus.test/metrics", "node.internal", "node.internal"),
            ("HTTPS://u:p@10.1.2.3:443/p", "HTTPS://u:p@argus.test:443/p", "10.1.2.3:443", "10.1.2.3"),
        ]
        for entry in cases {
            let route = client.route(entry.url)
            #expect(route.client === hostClient, "\(entry.url)")
            #expect(route.url == entry.rewritten)
            #expect(route.host == entry.host)
        }
        #expect(asked.withLock { $0 } == cases.map(\.connect))
        try await hostClient.shutdown()
    }

    @Test func serverNameLeavesPlainHTTPAndUnparsableURLsAlone() {
        let client = OutboundClient(serverName: "argus.test", base: .shared) { host in
            Issue.record("no host client expected, asked for \(host)")
            return .shared
        }
        for url in ["http://127.0.0.1:9100/metrics", "not a url", "https:///nohost"] {
            let route = client.route(url)
            #expect(route.url == url)
            #expect(route.host == nil)
        }
    }
}
