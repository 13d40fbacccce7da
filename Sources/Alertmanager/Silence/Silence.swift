import ArgusCore
import GoTemplate

/// A silence: alerts whose labels satisfy every matcher are muted from
/// `startsAt` until `endsAt`.
public struct Silence: Hashable, Sendable {
    /// A lowercase UUID; empty for a silence not yet stored.
    public var id: String
    public var matchers: [Matcher]
    public var startsAt: GoTime
    public var endsAt: GoTime
    /// When the silence was last stored; set by ``Silences``.
    public var updatedAt: GoTime
    public var createdBy: String
    public var comment: String

    public init(
        id: String = "",
        matchers: [Matcher],
        startsAt: GoTime,
        endsAt: GoTime,
        updatedAt: GoTime = .zero,
        createdBy: String,
        comment: String
    ) {
        self.id = id
        self.matchers = matchers
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.updatedAt = updatedAt
        self.createdBy = createdBy
        self.comment = comment
    }

    /// The state at `now`: pending before `startsAt`, expired from
    /// `endsAt` on, active in between.
    ///
    /// As the 0.25 API reports it; its silence store alone also counts the
    /// very nanosecond of `endsAt` as active, which would make a silence
    /// expired "now" still mute alerts evaluated at the same instant.
    public func state(at now: GoTime) -> SilenceState {
        if now < startsAt { return .pending }
        if now < endsAt { return .active }
        return .expired
    }

    /// Whether the silence mutes alerts with `labels` at `now`.
    public func mutes(_ labels: Labels, at now: GoTime) -> Bool {
        state(at: now) == .active && matchers.matches(labels)
    }

    /// Checks the rules Alertmanager 0.25 applies before storing a silence,
    /// in its order and with its messages.
    public func validate() throws(SilenceError) {
        if id.isEmpty { throw .invalid("ID missing") }
        if matchers.isEmpty { throw .invalid("at least one matcher required") }
        var allMatchEmpty = true
        for (index, matcher) in matchers.enumerated() {
            guard LabelName.isLegacyLabelName(matcher.name) else {
                throw .invalid("invalid label matcher \(index): invalid label name \(GoString.quote(matcher.name))")
            }
            // Negative matchers never count as matching the empty string here.
            allMatchEmpty = allMatchEmpty && !matcher.type.isNegative && matcher.matches("")
        }
        if allMatchEmpty { throw .invalid("at least one matcher must not match the empty string") }
        if startsAt.isZero { throw .invalid("invalid zero start timestamp") }
        if endsAt.isZero { throw .invalid("invalid zero end timestamp") }
        if endsAt < startsAt { throw .invalid("end time must not be before start time") }
        if updatedAt.isZero { throw .invalid("invalid zero update timestamp") }
    }
}
