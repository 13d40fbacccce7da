import ArgusConfig
import ArgusTesting
import AsyncHTTPClient
import Foundation
import Logging
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
        let directory = try Fixtures.temporaryDirectory("am-server-name")
        let openssl = try await Peer.run(
            Peer.locate("openssl")!,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=argus.test",
                "-addext", "subjectAltName=DNS:argus.test",
                "-keyout", directory.appendingPathComponent("key.pem").path,
                "-out", directory.appendingPathComponent("cert.pem").path,
            ])
        try #require(openssl.status == 0, "\(openssl.stderrString)")
        let port = BackgroundProcess.freePort()
        let server = """
            import http.server, ssl
            seen = {"sni": ""}
            class H(http.server.BaseHTTPRequestHandler):
                def do_POST(self):
                    self.rfile.read(int(self.headers["Content-Length"]))
                    print("POST %s sni=%s host=%s" % (self.path, seen["sni"], self.headers["Host"]), flush=True)
                    self.send_response(200)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                def log_message(self, *args):
                    pass
            def remember(sock, name, ctx):
                seen["sni"] = name or ""
            httpd = http.server.HTTPServer(("127.0.0.1", \(port)), H)
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain("cert.pem", "key.pem")
            ctx.sni_callback = remember
            httpd.socket = ctx.wrap_socket(httpd.socket, server_side=True)
            print("serving", flush=True)
            httpd.serve_forever()
            """
        try server.write(to: directory.appendingPathComponent("server.py"), atomically: true, encoding: .utf8)
        let https = try BackgroundProcess.start(Peer.locate("python3")!, ["server.py"], in: directory)
        defer { https.stop() }
        try await https.waitForLog("serving")

        let serverNameClients = ServerNameClients<NotificationClients.TLSKey>()
        let clients = NotificationClients(client: .shared, serverNameClients: serverNameClients)
        let named = try WebhookNotifier(
            config: try Self.config(port: port, directory: directory, serverName: "argus.test"), httpClient: clients,
            logger: Logger(label: "test"))
        try await named.notify([NotificationFixtures.firing], context: NotificationFixtures.context())
        let line = try await https.waitForLog("POST /hook")
        #expect(line.contains("POST /hook sni=argus.test host=127.0.0.1:\(port)"), "\(line)")
        #expect(serverNameClients.count == 1)

        // Without server_name the certificate does not name 127.0.0.1: the notification fails.
        let unnamed = try Self.config(port: port, directory: directory, serverName: "")
        let plain = try WebhookNotifier(config: unnamed, httpClient: clients, logger: Logger(label: "test"))
        await #expect(throws: NotifyError.self) {
            try await plain.notify([NotificationFixtures.firing], context: NotificationFixtures.context())
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
