import Notifier
import Rules

extension Alert {
    /// The notifier's form of an alert a rule sends (Prometheus' `rules.SendAlerts`).
    init(_ alert: OutgoingAlert) {
        self.init(
            labels: alert.labels, annotations: alert.annotations, startsAt: alert.startsAt ?? 0,
            endsAt: alert.endsAt, generatorURL: alert.generatorURL)
    }
}
