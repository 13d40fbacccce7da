import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import MetricsServer

/// The web UI's routes: Prometheus' page paths, the redirect from `/`, the
/// compiled-in assets and the route prefix. What the pages draw is checked
/// in a real browser by `MetricsServerWebUITests` (ArgusTests).
@Suite struct WebUITests {
    @Test func rootRedirectsToTheGraphPage() async throws {
        let harness = try await APITestHarness.make()
        let location = try await harness.withClient { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .found)
                return response.headers[.location]
            }
        }
        #expect(location == "/graph")
    }

    @Test func everyPageServesTheDocument() async throws {
        let harness = try await APITestHarness.make()
        for page in ["graph", "alerts", "targets", "rules", "service-discovery", "status", "flags", "config"] {
            let (type, body) = try await harness.withClient { client in
                try await client.execute(uri: "/\(page)?g0.expr=up", method: .get) { response in
                    #expect(response.status == .ok, "\(page)")
                    return (response.headers[.contentType], String(buffer: response.body))
                }
            }
            #expect(type == "text/html; charset=utf-8")
            #expect(body.contains(#"<meta name="argus-prefix" content="">"#), "\(page)")
            #expect(body.contains(#"<script defer src="/static/argus.js"></script>"#), "\(page)")
            #expect(!body.contains("{{PREFIX}}"))
        }
        let (status, _) = try await harness.get("/no-such-page")
        #expect(status == .notFound)
    }

    @Test func assetsAreServedWithTheirTypes() async throws {
        let harness = try await APITestHarness.make()
        for (path, type, marker) in [
            ("/static/argus.js", "application/javascript; charset=utf-8", "async function graphPage"),
            ("/static/argus.css", "text/css; charset=utf-8", "svg.graph"),
        ] {
            let (contentType, body) = try await harness.withClient { client in
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                    return (response.headers[.contentType], String(buffer: response.body))
                }
            }
            #expect(contentType == type)
            #expect(body.contains(marker), "\(path)")
        }
    }

    @Test func routePrefixIsFilledIntoTheDocument() async throws {
        var options = APITestHarness.defaultOptions
        options.routePrefix = "/prom"
        let harness = try await APITestHarness.make(options: options)
        let location = try await harness.withClient { client in
            try await client.execute(uri: "/prom/", method: .get) { response in response.headers[.location] }
        }
        #expect(location == "/prom/graph")
        let (status, body) = try await harness.get("/prom/targets")
        #expect(status == .ok)
        #expect(body.contains(#"<meta name="argus-prefix" content="/prom">"#))
        #expect(body.contains(#"href="/prom/static/argus.css""#))
        #expect(body.contains(#"<a href="/prom/rules">Rules</a>"#))
        let (assetStatus, _) = try await harness.get("/prom/static/argus.js")
        #expect(assetStatus == .ok)
    }

    @Test func prefixIsEscapedForHTML() async throws {
        var options = APITestHarness.defaultOptions
        options.routePrefix = "/a&b"
        let harness = try await APITestHarness.make(options: options)
        let (status, body) = try await harness.get("/a&b/graph")
        #expect(status == .ok)
        #expect(body.contains(#"<meta name="argus-prefix" content="/a&amp;b">"#), "\(body)")
    }
}
