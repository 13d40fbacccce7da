import AsyncHTTPClient
import Synchronization

/// The clients behind `tls_config.server_name`: one per setting (`Key`) and
/// host connected to, each made with a host override so that it connects to
/// the host while naming the server in the handshake and checking the
/// certificate against that name (see ``OutboundClient``).
///
/// As targets come and go, a client unused for ``idleLimit`` is shut down
/// when the next new one is made. ``shutdown()`` shuts down the rest.
public final class ServerNameClients<Key: Hashable & Sendable>: Sendable {
    private struct Entry: Hashable, Sendable {
        var key: Key
        var host: String
    }

    /// How long a client is kept unused.
    public let idleLimit: Duration
    private let clients = Mutex<[Entry: (client: HTTPClient, lastUsed: ContinuousClock.Instant)]>([:])

    public init(idleLimit: Duration = .seconds(900)) {
        self.idleLimit = idleLimit
    }

    /// The number of clients kept.
    public var count: Int { clients.withLock { $0.count } }

    /// The client for `key` that connects to `host` when asked for
    /// `serverName`, made from `configuration` the first time.
    public func client(
        for key: Key, serverName: String, host: String, configuration: () -> HTTPClient.Configuration
    ) -> HTTPClient {
        let now = ContinuousClock.now
        let entry = Entry(key: key, host: host)
        let (client, idle) = clients.withLock { clients -> (HTTPClient, [HTTPClient]) in
            if let existing = clients[entry] {
                clients[entry]!.lastUsed = now
                return (existing.client, [])
            }
            let idleEntries = clients.filter { now - $0.value.lastUsed > idleLimit }.map(\.key)
            let idle = idleEntries.map { clients.removeValue(forKey: $0)!.client }
            var settings = configuration()
            settings.dnsOverride = [serverName: host]
            let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: settings)
            clients[entry] = (client, now)
            return (client, idle)
        }
        if !idle.isEmpty {
            Task {
                for client in idle { try? await client.shutdown() }
            }
        }
        return client
    }

    /// Shuts every client down.
    public func shutdown() async {
        let all = clients.withLock { clients in
            defer { clients.removeAll() }
            return clients.values.map(\.client)
        }
        for client in all { try? await client.shutdown() }
    }
}
