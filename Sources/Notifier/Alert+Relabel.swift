import ArgusCore
import Relabel

extension Alert {
    /// The alerts with `externalLabels` added and `rules` applied, in order
    /// (upstream's `relabelAlerts`).
    ///
    /// An external label is added only where the alert has no label of that
    /// name (or an empty one): the alert's own labels win. Alerts that a rule
    /// drops, and alerts left without any label, are removed; Alertmanager
    /// would refuse the latter and with it the whole batch.
    static func relabel(_ alerts: [Alert], rules: [RelabelConfig], externalLabels: Labels) -> [Alert] {
        if rules.isEmpty && externalLabels.isEmpty {
            return alerts.filter { !$0.labels.isEmpty }
        }
        var result: [Alert] = []
        result.reserveCapacity(alerts.count)
        for alert in alerts {
            var labels = alert.labels
            let missing = externalLabels.filter { (labels[$0.name] ?? "").isEmpty }
            if !missing.isEmpty {
                labels = Labels(labels.filter { !$0.value.isEmpty } + missing)
            }
            guard let relabeled = Relabel.relabel(labels, rules), !relabeled.isEmpty else { continue }
            var copy = alert
            copy.labels = relabeled
            result.append(copy)
        }
        return result
    }
}
