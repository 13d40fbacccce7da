import ArgusConfig
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL
import OutboundHTTP
import Synchronization

/// HTTP clients with one base configuration: one shared client for the
/// default TLS settings and no proxy, and one per distinct `tls_config` and
/// proxy, created on first use and kept until ``shutdown()`` (a client must
/// be shut down before it is released). With `tls_config.server_name` there
/// is also one client per host connected to (``ServerNameClients``, whose
/// unused clients are shut down as targets come and go). Scrapes,
/// discovery, notifications and the remote-storage clients use them.
public final class HTTPClients: Sendable {
    /// The client for the default TLS settings.
    public let shared: HTTPClient
    private let byKey = Mutex<[Key: HTTPClient]>([:])
    private let byHost: ServerNameClients<Key>
    private let base: HTTPClient.Configuration

    private struct Key: Hashable, Sendable {
        var tls: TLSConfig
        var proxy: Proxy?
        var directory: String
    }

    /// A client setting that cannot be honoured: an unloadable `tls_config`
    /// or an unsupported proxy; the text names the field.
    public struct SetupError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(configuration: HTTPClient.Configuration, hostClientIdleLimit: Duration = .seconds(900)) {
        base = configuration
        byHost = ServerNameClients(idleLimit: hostClientIdleLimit)
        shared = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The client for an HTTP client config's `tls_config` and proxy
    /// (`proxy_url` with `proxy_connect_header`), files relative to
    /// `directory`.
    /// - Throws: what cannot be loaded or is not supported, naming the field.
    public func client(for http: HTTPClientConfig, directory: String) throws(SetupError) -> OutboundClient {
        let key = Key(tls: http.tlsConfig, proxy: try Proxy(http), directory: directory)
        if key.tls == TLSConfig() && key.proxy == nil { return OutboundClient(shared) }
        var configuration = base
        do {
            configuration.tlsConfiguration = try Self.tlsConfiguration(key.tls, directory: key.directory)
        } catch {
            throw SetupError(description: error.description)
        }
        configuration.proxy = key.proxy?.configuration
        let client = client(key, configuration)
        let serverName = key.tls.serverName
        guard !serverName.isEmpty else { return OutboundClient(client) }
        return OutboundClient(serverName: serverName, base: client) { [byHost, configuration] host in
            byHost.client(for: key, serverName: serverName, host: host) { configuration }
        }
    }

    /// The number of `server_name` clients kept, one per host connected to.
    public var hostClientCount: Int { byHost.count }

    private func client(_ key: Key, _ configuration: HTTPClient.Configuration) -> HTTPClient {
        if let client = byKey.withLock({ $0[key] }) { return client }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let winner = byKey.withLock { clients -> HTTPClient? in
            if let existing = clients[key] { return existing }
            clients[key] = client
            return nil
        }
        if let winner {
            try? client.syncShutdown()
            return winner
        }
        return client
    }

    /// Checks that the `tls_config` and proxy of `http` can be honoured,
    /// without making a client.
    public static func check(_ http: HTTPClientConfig, directory: String) throws(SetupError) {
        do {
            _ = try tlsConfiguration(http.tlsConfig, directory: directory)
        } catch {
            throw SetupError(description: error.description)
        }
        _ = try Proxy(http)
    }

    /// Shuts every client down.
    public func shutdown() async {
        await byHost.shutdown()
        let clients = byKey.withLock { clients in
            defer { clients.removeAll() }
            return Array(clients.values)
        }
        for client in clients + [shared] {
            try? await client.shutdown()
        }
    }

    /// A `tls_config` as NIOSSL settings. A `server_name` that is an IP
    /// address is refused: the HTTP client would check the certificate
    /// against the address connected to instead.
    public static func tlsConfiguration(_ tls: TLSConfig, directory: String) throws(TLSConfig.SetupError)
        -> TLSConfiguration
    {
        if tls.serverNameIsIPAddress {
            throw TLSConfig.SetupError(
                description: "tls_config: server_name \(tls.serverName): an IP address is not supported yet by Argus")
        }
        return try tls.nioSSLConfiguration(directory: directory)
    }
}
