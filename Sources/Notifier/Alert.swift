import ArgusCore

/// An alert as it is sent to Alertmanager (upstream's `notifier.Alert`).
///
/// Times are milliseconds since the Unix epoch. An alert whose ``endsAt``
/// lies in the past is resolved; one without an end stays active until
/// Alertmanager's own resolve timeout.
public struct Alert: Hashable, Sendable {
    /// The label that names an alert.
    public static let alertNameLabel = "alertname"

    /// The identity of the alert: routing, grouping and inhibition match on
    /// these. Should at least hold `alertname`.
    public var labels: Labels
    /// Extra information that is not part of the identity (`summary`,
    /// `description`, `runbook_url` …).
    public var annotations: Labels
    /// When the alert started firing.
    public var startsAt: Int64
    /// When the alert stops (or stopped) firing; nil when unknown.
    public var endsAt: Int64?
    /// A link back to the expression that produced the alert; empty for none.
    public var generatorURL: String

    /// Creates an alert.
    public init(
        labels: Labels,
        annotations: Labels = Labels(),
        startsAt: Int64,
        endsAt: Int64? = nil,
        generatorURL: String = ""
    ) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
    }

    /// The value of the `alertname` label, or the empty string.
    public var name: String { labels[Alert.alertNameLabel] ?? "" }

    /// Whether the alert had ended at `time` (milliseconds since the epoch):
    /// it has an end, and the end is not after `time`.
    public func isResolved(at time: Int64) -> Bool {
        guard let endsAt else { return false }
        return endsAt <= time
    }
}
