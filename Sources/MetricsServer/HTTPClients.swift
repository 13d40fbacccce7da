import ArgusConfig
import AsyncHTTPClient
import Foundation
import NIOSSL
import Synchronization

/// The HTTP clients scrapes and discovery use: one shared client for the
/// default TLS settings, and one per distinct `tls_config`, created on first
/// use and kept until ``shutdown()`` (a client must be shut down before it
/// is released).
final class HTTPClients: Sendable {
    let shared: HTTPClient
    private let byTLS = Mutex<[TLSKey: HTTPClient]>([:])
    private let base: HTTPClient.Configuration

    private struct TLSKey: Hashable {
        var config: TLSConfig
        var directory: String
    }

    init(configuration: HTTPClient.Configuration) {
        base = configuration
        shared = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The client for `tls` (files relative to `directory`): the shared one
    /// for the default settings.
    func client(for tls: TLSConfig, directory: String) throws -> HTTPClient {
        if tls == TLSConfig() { return shared }
        let key = TLSKey(config: tls, directory: directory)
        if let client = byTLS.withLock({ $0[key] }) { return client }
        var configuration = base
        configuration.tlsConfiguration = try Self.nioSSL(tls, directory: directory)
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
    func shutdown() async {
        let clients = byTLS.withLock { clients in
            defer { clients.removeAll() }
            return Array(clients.values)
        }
        for client in clients + [shared] {
            try? await client.shutdown()
        }
    }

    /// A `tls_config` as NIOSSL settings. `server_name` cannot be honoured
    /// by the HTTP client and is refused.
    static func nioSSL(_ tls: TLSConfig, directory: String) throws -> TLSConfiguration {
        guard tls.serverName.isEmpty else {
            throw ScrapeSettings.Unsupported(description: "tls_config: server_name is not supported yet by Argus")
        }
        do {
            return try tls.nioSSLConfiguration(directory: directory)
        } catch {
            throw ScrapeSettings.Unsupported(description: error.description)
        }
    }
}
