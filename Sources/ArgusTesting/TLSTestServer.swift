import Foundation

/// An HTTPS server on loopback for tests of `tls_config`: python3's
/// `http.server` with a self-signed certificate made by openssl
/// (`cert.pem`, also the CA to trust, and `key.pem` in ``directory``).
///
/// A GET is answered with one sample in the text format,
/// `tls_test_request{sni="…",host="…"} 1`: the server name the client sent
/// in the handshake and its `Host` header. Every request is also logged as
/// `<METHOD> <path> sni=<name> host=<host>`.
public final class TLSTestServer: Sendable {
    public let process: BackgroundProcess
    public let port: Int
    public let directory: URL
    /// The certificate, to trust as `ca_file`.
    public var caFile: String { directory.appendingPathComponent("cert.pem").path }

    private init(process: BackgroundProcess, port: Int, directory: URL) {
        self.process = process
        self.port = port
        self.directory = directory
    }

    /// Starts a server whose certificate is for `subjectAltName`
    /// (`IP:127.0.0.1`, `DNS:argus.test` …).
    public static func start(subjectAltName: String) async throws -> TLSTestServer {
        let directory = try Fixtures.temporaryDirectory("tls-server")
        try await makeCertificate(in: directory, subjectAltName: subjectAltName)
        let port = BackgroundProcess.freePort()
        let script = """
            import http.server, ssl
            seen = {"sni": ""}
            class H(http.server.BaseHTTPRequestHandler):
                def answer(self, body):
                    print("%s %s sni=%s host=%s" % (self.command, self.path, seen["sni"], self.headers["Host"]),
                          flush=True)
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain; version=0.0.4")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def do_GET(self):
                    self.answer(('tls_test_request{sni="%s",host="%s"} 1\\n'
                                 % (seen["sni"], self.headers["Host"])).encode())
                def do_POST(self):
                    self.rfile.read(int(self.headers.get("Content-Length", "0")))
                    self.answer(b"")
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
        try script.write(to: directory.appendingPathComponent("server.py"), atomically: true, encoding: .utf8)
        guard let python = Peer.locate("python3") else { throw PeerError(message: "python3 not found") }
        let process = try BackgroundProcess.start(python, ["server.py"], in: directory)
        do {
            try await process.waitForLog("serving")
        } catch {
            process.stop()
            throw error
        }
        return TLSTestServer(process: process, port: port, directory: directory)
    }

    /// A self-signed certificate for `subjectAltName`, valid for a day:
    /// `cert.pem` and `key.pem` in `directory`.
    public static func makeCertificate(in directory: URL, subjectAltName: String) async throws {
        guard let openssl = Peer.locate("openssl") else { throw PeerError(message: "openssl not found") }
        let name = subjectAltName.split(separator: ":", maxSplits: 1).last.map(String.init) ?? subjectAltName
        let result = try await Peer.run(
            openssl,
            [
                "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=\(name)",
                "-addext", "subjectAltName=\(subjectAltName)",
                "-keyout", directory.appendingPathComponent("key.pem").path,
                "-out", directory.appendingPathComponent("cert.pem").path,
            ])
        guard result.status == 0 else { throw PeerError(message: "openssl failed: \(result.stderrString)") }
    }

    /// Stops the server.
    public func stop() { process.stop() }
}
