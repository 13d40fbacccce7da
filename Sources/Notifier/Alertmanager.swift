import ArgusConfig
import ArgusCore
import Discovery
import Relabel

/// One Alertmanager endpoint of an `alertmanagers` entry, as discovery and
/// `relabel_configs` made it (upstream's `alertmanagerLabels`).
///
/// Its URL is `__scheme__://__address____alerts_path__`. Before relabeling,
/// `__scheme__` holds the entry's `scheme` and `__alerts_path__` its
/// `path_prefix` joined with `/api/v2/alerts`; relabeling may change either.
public struct Alertmanager: Hashable, Sendable {
    /// The label holding the URL scheme.
    public static let schemeLabel = "__scheme__"
    /// The label holding the path alerts are posted to.
    public static let alertsPathLabel = "__alerts_path__"

    /// The endpoint's labels: after relabeling for an active endpoint, before
    /// it for a dropped one.
    public let labels: Labels
    /// Where alerts are posted, spelled as Prometheus spells it.
    public let url: String

    /// The endpoint that `labels` describe.
    public init(labels: Labels) {
        self.labels = labels
        url = GoURL.string(
            scheme: labels[Alertmanager.schemeLabel] ?? "",
            host: labels[TargetGroup.addressLabel] ?? "",
            path: labels[Alertmanager.alertsPathLabel] ?? "")
    }

    /// `path_prefix` joined with the v2 alerts endpoint, as Go's `path.Join`
    /// joins them: `""` gives `/api/v2/alerts`, `"/am/"` gives
    /// `/am/api/v2/alerts`.
    public static func alertsPath(pathPrefix: String) -> String {
        GoURL.rootedJoin([pathPrefix, "/api/v2/alerts"])
    }

    /// The endpoints of one discovered group under `config` (upstream's
    /// `AlertmanagerFromGroup`).
    ///
    /// Each target starts from its own labels; `__scheme__` and
    /// `__alerts_path__` are then set from the configuration, and the group's
    /// labels fill in names the target lacks. Targets that `relabel_configs`
    /// drops are returned as dropped, with their labels before relabeling.
    ///
    /// - Throws: ``DiscoveryError`` when a kept target's `__address__`
    ///   contains `/`; the whole group is then unusable, as upstream.
    public static func endpoints(
        of group: TargetGroup, config: AlertmanagerConfig
    ) throws(DiscoveryError) -> (active: [Alertmanager], dropped: [Alertmanager]) {
        var active: [Alertmanager] = []
        var dropped: [Alertmanager] = []
        let path = alertsPath(pathPrefix: config.pathPrefix)
        for target in group.targets {
            var builder = Labels.Builder(target)
            builder.set(schemeLabel, config.scheme)
            builder.set(alertsPathLabel, path)
            for label in group.labels where !target.has(label.name) {
                builder.set(label.name, label.value)
            }
            let before = builder.labels
            guard let after = Relabel.relabel(before, config.relabelConfigs) else {
                dropped.append(Alertmanager(labels: before))
                continue
            }
            try TargetGroup.checkTargetAddress(after[TargetGroup.addressLabel] ?? "")
            active.append(Alertmanager(labels: after))
        }
        return (active, dropped)
    }
}
