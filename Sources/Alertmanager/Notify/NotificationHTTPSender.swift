import ArgusConfig
import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOSSL
import OutboundHTTP

/// Posts one integration's notifications as Alertmanager does: with its
/// `User-Agent`, the `http_config` credentials (read per request, so rotated
/// files need no reload) and TLS settings, on a shared client.
struct NotificationHTTPSender: Sendable {
    /// Alertmanager's `User-Agent`.
    static let userAgent = "Alertmanager/0.25.0"
    /// How much of a response body is read for error messages.
    static let maxResponseBytes = 1 << 20

    let client: OutboundClient
    let authorization: AuthorizationHeader
    let tls: TLSConfiguration?
    /// How long one request may take, retried connection attempts included
    /// (the client keeps retrying a refused connection until then); the
    /// pipeline may cancel sooner.
    var timeout: TimeAmount

    /// A sender for `config`; credential files are read relative to `directory`.
    /// A sender for `config`; credential files are read relative to
    /// `directory`. A `tls_config.server_name` needs the clients'
    /// ``NotificationClients/serverNameClients``: requests then connect to
    /// the URL's host while the handshake and certificate check use the name.
    init(
        client clients: NotificationClients, config: HTTPClientConfig, directory: String = "",
        timeout: TimeAmount = .seconds(60)
    ) throws(NotifyConfigError) {
        if config.proxyURL != nil || config.proxyFromEnvironment {
            throw NotifyConfigError("proxy_url and proxy_from_environment are not supported yet by Argus")
        }
        authorization = AuthorizationHeader(config, directory: directory)
        let tls: TLSConfiguration?
        do {
            tls = config.tlsConfig == TLSConfig() ? nil : try config.tlsConfig.nioSSLConfiguration(directory: directory)
        } catch {
            throw NotifyConfigError(error.description)
        }
        self.tls = tls
        self.timeout = timeout
        let serverName = config.tlsConfig.serverName
        guard !serverName.isEmpty, let tls else {
            client = OutboundClient(clients.client)
            return
        }
        if config.tlsConfig.serverNameIsIPAddress {
            throw NotifyConfigError(
                "tls_config: server_name \(serverName): an IP address is not supported yet by Argus")
        }
        guard let serverNameClients = clients.serverNameClients else {
            throw NotifyConfigError("tls_config: server_name needs the server's HTTP clients; none were given")
        }
        let key = NotificationClients.TLSKey(tls: config.tlsConfig, directory: directory)
        client = OutboundClient(serverName: serverName, base: clients.client) { host in
            serverNameClients.client(for: key, serverName: serverName, host: host) {
                var configuration = HTTPClient.Configuration()
                configuration.tlsConfiguration = tls
                return configuration
            }
        }
    }

    /// The status and (start of the) body of the response to a POST of
    /// `body` to `url`.
    ///
    /// - Throws: a retryable ``NotifyError`` when the request cannot be
    ///   made or answered, naming the URL (or `<redacted>` when `redactURL`).
    func post(
        _ url: String, body: [UInt8], contentType: String, redactURL: Bool = false
    ) async throws(NotifyError) -> (status: Int, body: String) {
        let shownURL = redactURL ? "<redacted>" : url
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        request.headers.add(name: "Content-Type", value: contentType)
        do {
            if let value = try authorization.value() { request.headers.add(name: "Authorization", value: value) }
        } catch {
            throw NotifyError(retryable: false, message: "Post \"\(shownURL)\": \(error)")
        }
        request.tlsConfiguration = tls
        request.body = .bytes(ByteBuffer(bytes: body))
        do {
            let response = try await client.execute(request, timeout: timeout)
            var buffer = try await response.body.collect(upTo: Self.maxResponseBytes)
            let text = buffer.readString(length: buffer.readableBytes) ?? ""
            return (Int(response.status.code), text)
        } catch {
            throw NotifyError(retryable: true, message: "Post \"\(shownURL)\": \(error)")
        }
    }
}
