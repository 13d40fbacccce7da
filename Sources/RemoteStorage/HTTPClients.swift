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
/// is also one client per host connected to; as targets come and go, those
/// unused for ``hostClientIdleLimit`` are shut down when the next one is
/// made. Scrapes, discovery, notifications and the remote-storage clients
/// use them.
public final class HTTPClients: Sendable {
    /// The client for the default TLS settings.
    public let shared: HTTPClient
    /// How long a `server_name` client for one host is kept unused.
    public let hostClientIdleLimit: Duration
    private let byKey = Mutex<[Key: HTTPClient]>([:])
    private let byHost = Mutex<[Key: (client: HTTPClient, lastUsed: ContinuousClock.Instant)]>([:])
    private let base: HTTPClient.Configuration

    private struct Key: Hashable {
        var tls: TLSConfig
        var proxy: Proxy?
        var directory: String
        /// The host a `server_name` client connects to.
        var connectHost: String?
    }

    /// A client setting that cannot be honoured: an unloadable `tls_config`
    /// or an unsupported proxy; the text names the field.
    public struct SetupError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(configuration: HTTPClient.Configuration, hostClientIdleLimit: Duration = .seconds(900)) {
        base = configuration
        self.hostClientIdleLimit = hostClientIdleLimit
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
        return OutboundClient(serverName: serverName, base: client) { [self, configuration] host in
            var hostKey = key
            hostKey.connectHost = host
            var hostConfiguration = configuration
            hostConfiguration.dnsOverride = [serverName: host]
            return self.hostClient(hostKey, hostConfiguration)
        }
    }

    /// The number of `server_name` clients kept, one per host connected to.
    public var hostClientCount: Int { byHost.withLock { $0.count } }

    private func hostClient(_ key: Key, _ configuration: HTTPClient.Configuration) -> HTTPClient {
        let now = ContinuousClock.now
        let (client, idle) = byHost.withLock { clients -> (HTTPClient, [HTTPClient]) in
            if let entry = clients[key] {
                clients[key]!.lastUsed = now
                return (entry.client, [])
            }
            let idleKeys = clients.filter { now - $0.value.lastUsed > hostClientIdleLimit }.map(\.key)
            let idle = idleKeys.map { clients.removeValue(forKey: $0)!.client }
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[key] = (client, now)
            return (client, idle)
        }
        if !idle.isEmpty {
            Task {
                for client in idle { try? await client.shutdown() }
            }
        }
        return client
    }

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
        let clients =
            byKey.withLock { clients in
                defer { clients.removeAll() }
                return Array(clients.values)
            }
            + byHost.withLock { clients in
                defer { clients.removeAll() }
                return clients.values.map(\.client)
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
        if !tls.serverName.isEmpty, (try? SocketAddress(ipAddress: tls.serverName, port: 0)) != nil {
            throw TLSConfig.SetupError(
                description: "tls_config: server_name \(tls.serverName): an IP address is not supported yet by Argus")
        }
        return try tls.nioSSLConfiguration(directory: directory)
    }
}
