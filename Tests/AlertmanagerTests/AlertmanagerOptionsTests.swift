import Alertmanager
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import Testing

@Suite struct AlertmanagerOptionsTests {
    @Test func routePrefixDefaultsToTheExternalURLsPath() {
        var options = AlertmanagerOptions()
        #expect(options.resolvedRoutePrefix == "")
        options.externalURL = "https://alerts.example.org/am/"
        #expect(options.resolvedRoutePrefix == "/am")
        options.routePrefix = "inner/"
        #expect(options.resolvedRoutePrefix == "/inner")
        options.routePrefix = "/"
        #expect(options.resolvedRoutePrefix == "")
    }

    @Test func routesMoveUnderThePrefix() async throws {
        let config = "route:\n  receiver: web\nreceivers:\n  - name: web\n"
        try await withAlertmanager(config: config, { $0.routePrefix = "/am" }) { am in
            var response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: am.url + "/am/api/v2/receivers"), timeout: .seconds(30))
            #expect(response.status.code == 200)
            #expect(String(buffer: try await response.body.collect(upTo: 1 << 16)) == #"[{"name":"web"}]"# + "\n")
            response = try await HTTPClient.shared.execute(
                HTTPClientRequest(url: am.url + "/api/v2/receivers"), timeout: .seconds(30))
            #expect(response.status.code == 404)
        }
    }
}
