import ArgusConfig
import AsyncHTTPClient
import Foundation
import NIOSSL
import Synchronization

/// HTTP clients with one base configuration: one shared client for the
/// default TLS settings and no proxy, and one per distinct `tls_config` and
/// proxy, created on first use and kept until ``shutdown()`` (a client must
/// be shut down before it is released). Scrapes, discovery, notifications
/// and the remote-storage clients use them.
public final class HTTPClients: Sendable {
    /// The client for the default TLS settings.
    public let shared: HTTPClient
    private let byKey = Mutex<[Key: HTTPClient]>([:])
    private let base: HTTPClient.Configuration

    private struct Key: Hashable {
        var tls: TLSConfig
        var proxy: Proxy?
        var directory: String
    }

    /// A client setting that cannot be honoured: an unloadable `tls_config`
    /// or an unsupported proxy; the text names the field.
    public struct SetupError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    public init(configuration: HTTPClient.Configuration) {
        base = configuration
        shared = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The client for `tls` (files relative to `directory`): the shared one
    /// for the default settings.
    /// - Throws: the `tls_config` error when the settings cannot be loaded.
    public func client(for tls: TLSConfig, directory: String) throws(TLSConfig.SetupError) -> HTTPClient {
        do {
            return try client(Key(tls: tls, proxy: nil, directory: directory))
        } catch {
            throw TLSConfig.SetupError(description: error.description)
        }
    }

    /// The client for an HTTP client config's `tls_config` and proxy
    /// (`proxy_url` with `proxy_connect_header`), files relative to
    /// `directory`.
    /// - Throws: what cannot be loaded or is not supported, naming the field.
    public func client(for http: HTTPClientConfig, directory: String) throws(SetupError) -> HTTPClient {
        try client(Key(tls: http.tlsConfig, proxy: try Proxy(http), directory: directory))
    }

    private func client(_ key: Key) throws(SetupError) -> HTTPClient {
        if key.tls == TLSConfig() && key.proxy == nil { return shared }
        if let client = byKey.withLock({ $0[key] }) { return client }
        var configuration = base
        do {
            configuration.tlsConfiguration = try Self.tlsConfiguration(key.tls, directory: key.directory)
        } catch {
            throw SetupError(description: error.description)
        }
        configuration.proxy = key.proxy?.configuration
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
        let clients = byKey.withLock { clients in
            defer { clients.removeAll() }
            return Array(clients.values)
        }
        for client in clients + [shared] {
            try? await client.shutdown()
        }
    }

    /// A `tls_config` as NIOSSL settings. `server_name` cannot be honoured
    /// by the HTTP client (it names the server after the URL's host) and is
    /// refused.
    public static func tlsConfiguration(_ tls: TLSConfig, directory: String) throws(TLSConfig.SetupError)
        -> TLSConfiguration
    {
        guard tls.serverName.isEmpty else {
            throw TLSConfig.SetupError(description: "tls_config: server_name is not supported yet by Argus")
        }
        return try tls.nioSSLConfiguration(directory: directory)
    }
}
