import ArgusConfig
import AsyncHTTPClient
import Foundation
import NIOSSL
import Synchronization

/// HTTP clients with one base configuration: one shared client for the
/// default TLS settings, and one per distinct `tls_config`, created on first
/// use and kept until ``shutdown()`` (a client must be shut down before it
/// is released). Scrapes, discovery and the remote-storage clients use them.
public final class HTTPClients: Sendable {
    /// The client for the default TLS settings.
    public let shared: HTTPClient
    private let byTLS = Mutex<[TLSKey: HTTPClient]>([:])
    private let base: HTTPClient.Configuration

    private struct TLSKey: Hashable {
        var config: TLSConfig
        var directory: String
    }

    public init(configuration: HTTPClient.Configuration) {
        base = configuration
        shared = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The client for `tls` (files relative to `directory`): the shared one
    /// for the default settings.
    /// - Throws: the `tls_config` error when the settings cannot be loaded.
    public func client(for tls: TLSConfig, directory: String) throws(TLSConfig.SetupError) -> HTTPClient {
        if tls == TLSConfig() { return shared }
        let key = TLSKey(config: tls, directory: directory)
        if let client = byTLS.withLock({ $0[key] }) { return client }
        var configuration = base
        configuration.tlsConfiguration = try Self.tlsConfiguration(tls, directory: directory)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let winner = byTLS.withLock { clients -> HTTPClient? in
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

    /// Shuts every client down.
    public func shutdown() async {
        let clients = byTLS.withLock { clients in
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
