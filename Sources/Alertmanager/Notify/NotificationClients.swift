import ArgusConfig
import AsyncHTTPClient
import OutboundHTTP

/// The HTTP clients notifications go out on: one shared client, with each
/// integration's TLS settings applied per request, and the clients
/// `tls_config.server_name` needs (one per setting and host), owned by the
/// server that made them. Without those, a `server_name` is refused.
public struct NotificationClients: Sendable {
    /// The TLS settings a `server_name` client is kept for.
    public struct TLSKey: Hashable, Sendable {
        public var tls: TLSConfig
        public var directory: String
    }

    public var client: HTTPClient
    public var serverNameClients: ServerNameClients<TLSKey>?

    public init(client: HTTPClient, serverNameClients: ServerNameClients<TLSKey>? = nil) {
        self.client = client
        self.serverNameClients = serverNameClients
    }

    /// AsyncHTTPClient's process-wide client, without `server_name` support.
    public static var shared: NotificationClients { NotificationClients(client: .shared) }
}
