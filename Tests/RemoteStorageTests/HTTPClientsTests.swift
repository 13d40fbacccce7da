import ArgusConfig
import AsyncHTTPClient
import OutboundHTTP
import RemoteStorage
import Testing

/// Which client a request goes through, and how long `server_name` clients live.
@Suite struct HTTPClientsTests {
    @Test func defaultSettingsUseTheSharedClient() async throws {
        let clients = HTTPClients(configuration: .init())
        let route = try clients.client(for: HTTPClientConfig(), directory: "").route("https://10.0.0.1/metrics")
        #expect(route.client === clients.shared)
        #expect(route.url == "https://10.0.0.1/metrics")
        await clients.shutdown()
    }

    @Test func serverNameClientsArePerHostAndIdleOnesAreShutDown() async throws {
        let clients = HTTPClients(configuration: .init(), hostClientIdleLimit: .milliseconds(300))
        var config = HTTPClientConfig()
        config.tlsConfig.serverName = "argus.test"
        let outbound = try clients.client(for: config, directory: "")
        let first = outbound.route("https://10.0.0.1:8443/metrics")
        let second = outbound.route("https://10.0.0.2/metrics")
        #expect(first.client !== second.client)
        #expect(first.client !== clients.shared)
        #expect(outbound.route("https://10.0.0.1:8443/other").client === first.client)
        // A plain http URL does not use TLS: no host client is made for it.
        #expect(outbound.route("http://10.0.0.9/metrics").url == "http://10.0.0.9/metrics")
        #expect(clients.hostClientCount == 2)
        try await Task.sleep(for: .milliseconds(400))
        // The next new host sweeps out the two unused for longer than the limit.
        _ = outbound.route("https://10.0.0.3/metrics")
        #expect(clients.hostClientCount == 1)
        await clients.shutdown()
        #expect(clients.hostClientCount == 0)
    }
}
