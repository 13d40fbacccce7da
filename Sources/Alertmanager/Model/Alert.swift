import ArgusCore
import GoTemplate

/// An alert as Alertmanager holds it: Prometheus' alert payload plus the time
/// it was last updated and whether its end time was set by Alertmanager
/// (`resolve_timeout`) rather than by the client.
public struct Alert: Hashable, Sendable {
    public var labels: Labels
    public var annotations: Labels
    public var startsAt: GoTime
    /// Zero while the alert has no known end.
    public var endsAt: GoTime
    public var generatorURL: String
    /// When Alertmanager last received this alert; decides which of two
    /// versions is the younger one when they are merged.
    public var updatedAt: GoTime
    /// Whether `endsAt` was filled in from `resolve_timeout`.
    public var timeout: Bool

    public init(
        labels: Labels,
        annotations: Labels = Labels(),
        startsAt: GoTime,
        endsAt: GoTime = .zero,
        generatorURL: String = "",
        updatedAt: GoTime,
        timeout: Bool = false
    ) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
        self.updatedAt = updatedAt
        self.timeout = timeout
    }

    /// The alert's identity: the fingerprint of its labels.
    public var fingerprint: Fingerprint { Fingerprint(labels) }

    /// Whether the alert has ended by `now`.
    public func resolved(at now: GoTime) -> Bool {
        !endsAt.isZero && endsAt <= now
    }

    /// Combines two versions of the same alert as Alertmanager does: the
    /// younger one (by `updatedAt`) wins, with the earliest start; an
    /// explicit end time is kept over a timeout unless the younger alert is
    /// itself resolved.
    public func merged(with other: Alert, now: GoTime) -> Alert {
        if other.updatedAt < updatedAt { return other.merged(with: self, now: now) }
        var result = other
        if startsAt < other.startsAt { result.startsAt = startsAt }
        if other.resolved(at: now) {
            if resolved(at: now) && endsAt > other.endsAt { result.endsAt = endsAt }
        } else if endsAt > other.endsAt && !timeout {
            result.endsAt = endsAt
        }
        return result
    }
}
