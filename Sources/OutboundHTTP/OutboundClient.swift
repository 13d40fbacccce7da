import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The HTTP client of one `http_client_config`, and what a request URL
/// becomes under it.
///
/// Most settings live in the `HTTPClient` itself. `tls_config.server_name`
/// does not fit there: the name sent in the TLS handshake and checked
/// against the certificate is not the host connected to, which
/// AsyncHTTPClient supports only as a per-client host override. A client
/// with a server name therefore routes each `https` URL to a client for the
/// URL's host, puts the server name in the URL and the original host in the
/// `Host` header, so the server sees the request Go's client would send.
public struct OutboundClient: Sendable {
    /// Where one request goes.
    public struct Route: Sendable {
        /// The client that sends it.
        public var client: HTTPClient
        /// The URL to request, with the server name as its host when one is set.
        public var url: String
        /// The `Host` header to send, when it is not the URL's host.
        public var host: String?
    }

    private let base: HTTPClient
    private let serverName: String?
    private let clientForHost: (@Sendable (String) -> HTTPClient)?

    /// A client that sends every request as it is.
    public init(_ client: HTTPClient) {
        base = client
        serverName = nil
        clientForHost = nil
    }

    /// AsyncHTTPClient's process-wide client, sending requests as they are.
    public static var shared: OutboundClient { OutboundClient(HTTPClient.shared) }

    /// A client for `tls_config.server_name`: `https` requests go through
    /// `clientForHost(host)`, a client that connects to `host` when asked
    /// for `serverName`; other requests go through `base`.
    public init(
        serverName: String, base: HTTPClient, clientForHost: @escaping @Sendable (String) -> HTTPClient
    ) {
        self.base = base
        self.serverName = serverName
        self.clientForHost = clientForHost
    }

    /// The client, URL and `Host` header for a request to `url`.
    public func route(_ url: String) -> Route {
        guard let serverName, let clientForHost,
            var components = URLComponents(string: url), components.scheme?.lowercased() == "https",
            let host = components.percentEncodedHost, !host.isEmpty
        else { return Route(client: base, url: url, host: nil) }
        let authority = components.port.map { "\(host):\($0)" } ?? host
        let connectHost =
            host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        components.host = serverName
        guard let rewritten = components.string else { return Route(client: base, url: url, host: nil) }
        return Route(client: clientForHost(connectHost), url: rewritten, host: authority)
    }

    /// Sends `request` along its route.
    public func execute(_ request: HTTPClientRequest, timeout: TimeAmount) async throws -> HTTPClientResponse {
        let route = route(request.url)
        var request = request
        request.url = route.url
        if let host = route.host { request.headers.replaceOrAdd(name: "Host", value: host) }
        return try await route.client.execute(request, timeout: timeout)
    }
}
