import ArgusConfig
import ArgusTesting
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import OutboundHTTP
import Testing

@testable import Alertmanager

/// `tls_config.server_name` in a receiver's `http_config`: the webhook goes
/// to an address whose certificate names only `argus.test`.
@Suite struct NotificationServerNameTests {
    static func config(port: Int, directory: URL, serverName: String) throws -> WebhookConfig {
        var config = WebhookConfig(url: try AlertmanagerURL(parsing: "https://127.0.0.1:\(port)/hook"))
        config.httpConfig.tlsConfig.caFile = directory.appendingPathComponent("cert.pem").path
        config.httpConfig.tlsConfig.serverName = serverName
        return config
    }

    @Test(.enabled(if: Peer.available("openssl") && Peer.available("python3"), "openssl or python3 is missing"))
    func webhookNamesTheServerInTheHandshake() async throws {
        let https = try await TLSTestServer.start(subjectAltName: "DNS:argus.test")
        defer { https.stop() }
        let port = https.port
        let directory = https.directory

        let serverNameClients = ServerNameClients<NotificationClients.TLSKey>()
        let clients = NotificationClients(client: .shared, serverNameClients: serverNameClients)
        let named = try WebhookNotifier(
            config: try Self.config(port: port, directory: directory, serverName: "argus.test"), httpClient: clients,
            logger: Logger(label: "test"))
        try await named.notify([NotificationFixtures.firing], context: NotificationFixtures.context())
        let line = try await https.process.waitForLog("POST /hook")
        #expect(line.contains("POST /hook sni=argus.test host=127.0.0.1:\(port)"), "\(line)")
        #expect(serverNameClients.count == 1)

        // Without server_name the certificate does not name 127.0.0.1: the post fails (the
        // client retries the handshake until the timeout, kept short here).
        let unnamed = try Self.config(port: port, directory: directory, serverName: "")
        let plain = try NotificationHTTPSender(client: clients, config: unnamed.httpConfig, timeout: .seconds(2))
        await #expect(throws: NotifyError.self) {
            try await plain.post(unnamed.url.string, body: [], contentType: "application/json")
        }
        await serverNameClients.shutdown()
    }

    @Test func serverNameIsRefusedWithoutClientsOrAsAnAddress() throws {
        var config = WebhookConfig(url: try AlertmanagerURL(parsing: "https://127.0.0.1:1/hook"))
        config.httpConfig.tlsConfig.serverName = "argus.test"
        let missing = #expect(throws: NotifyConfigError.self) {
            try WebhookNotifier(config: config, httpClient: .shared, logger: Logger(label: "test"))
        }
        #expect(missing?.message == "tls_config: server_name needs the server's HTTP clients; none were given")
        config.httpConfig.tlsConfig.serverName = "10.0.0.1"
        let clients = NotificationClients(client: .shared, serverNameClients: ServerNameClients())
        let address = #expect(throws: NotifyConfigError.self) {
            try WebhookNotifier(config: config, httpClient: clients, logger: Logger(label: "test"))
        }
        #expect(address?.message == "tls_config: server_name 10.0.0.1: an IP address is not supported yet by Argus")
    }
}
