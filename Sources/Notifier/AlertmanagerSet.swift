import ArgusConfig
import AsyncHTTPClient
import Discovery
import OutboundHTTP

/// One `alertmanagers` entry at run time: its settings, the client and
/// credentials its requests use, and the endpoints discovery last found
/// (upstream's `alertmanagerSet`).
///
/// A value kept behind the notifier's lock; the dispatcher works on copies.
struct AlertmanagerSet: Sendable {
    /// `config-<index>`, the entry's name towards discovery, as upstream
    /// names it.
    let name: String
    let config: AlertmanagerConfig
    let client: OutboundClient
    /// The `Authorization` header of every request, credential files re-read
    /// each time, as Prometheus does.
    let credentials: AuthorizationHeader
    /// Endpoints alerts go to, without duplicate URLs, in discovery order.
    private(set) var active: [Alertmanager] = []
    /// Endpoints `relabel_configs` dropped.
    private(set) var dropped: [Alertmanager] = []

    init(name: String, config: AlertmanagerConfig, client: OutboundClient, credentials: AuthorizationHeader) {
        self.name = name
        self.config = config
        self.client = client
        self.credentials = credentials
    }

    /// Takes over the endpoints of `other`, a set of an identical entry from
    /// the previous configuration, so that alerts keep flowing until
    /// discovery reports again.
    mutating func inherit(from other: AlertmanagerSet) {
        active = other.active
        dropped = other.dropped
    }

    /// Replaces the endpoints with those of `groups` (upstream's `sync`). A
    /// group with an invalid address is skipped and returned with its error,
    /// for the caller to log.
    mutating func sync(_ groups: [TargetGroup]) -> [(source: String, error: DiscoveryError)] {
        var allActive: [Alertmanager] = []
        var allDropped: [Alertmanager] = []
        var failures: [(source: String, error: DiscoveryError)] = []
        for group in groups {
            do {
                let (active, dropped) = try Alertmanager.endpoints(of: group, config: config)
                allActive += active
                allDropped += dropped
            } catch {
                failures.append((group.source, error))
            }
        }
        var seen = Set<String>()
        active = allActive.filter { seen.insert($0.url).inserted }
        dropped = allDropped
        return failures
    }
}
