import ArgusCore
import GoTemplate
import Synchronization

/// Mutes alerts by the inhibition rules. It keeps, per rule, the alerts that
/// match the rule's source side (fed from the ``AlertStore``), and marks the
/// alerts it mutes in the ``AlertMarker``.
public final class Inhibitor: Sendable {
    public let rules: [InhibitRule]
    private let marker: AlertMarker
    private let sources: Mutex<[[Fingerprint: Alert]]>

    public init(rules: [InhibitRule], marker: AlertMarker) {
        self.rules = rules
        self.marker = marker
        self.sources = Mutex(Array(repeating: [:], count: rules.count))
    }

    /// Records a new or changed alert in the source cache of every rule whose
    /// source side it matches.
    public func observe(_ alert: Alert) {
        let matching = rules.indices.filter { rules[$0].sourceMatchers.matches(alert.labels) }
        guard !matching.isEmpty else { return }
        let fingerprint = alert.fingerprint
        sources.withLock { sources in
            for index in matching { sources[index][fingerprint] = alert }
        }
    }

    /// Feeds the source caches from the store until the stream ends.
    public func run(alerts: AsyncStream<Alert>) async {
        for await alert in alerts { observe(alert) }
    }

    /// Drops resolved alerts from the source caches.
    public func collectGarbage(now: GoTime) {
        sources.withLock { sources in
            for index in sources.indices { sources[index] = sources[index].filter { !$0.value.resolved(at: now) } }
        }
    }

    /// Whether an alert with these labels is inhibited at `now`; marks it
    /// either way.
    @discardableResult
    public func mutes(_ labels: Labels, now: GoTime) -> Bool {
        let fingerprint = Fingerprint(labels)
        for (index, rule) in rules.enumerated() where rule.targetMatchers.matches(labels) {
            // An alert on both sides of a rule must not inhibit itself or
            // other alerts that are on both sides too.
            let excludeTwoSided = rule.sourceMatchers.matches(labels)
            let source = sources.withLock { sources in
                sources[index].values.first { source in
                    guard !source.resolved(at: now) else { return false }
                    for name in rule.equal where source.labels[name] != labels[name] { return false }
                    return !(excludeTwoSided && rule.targetMatchers.matches(source.labels))
                }
            }
            if let source {
                marker.setInhibited(fingerprint, by: [source.fingerprint.description])
                return true
            }
        }
        marker.setInhibited(fingerprint, by: [])
        return false
    }
}
