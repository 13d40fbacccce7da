import ArgusCore
import GoTemplate

/// What the notification pipeline knows about the group it is flushing.
public struct GroupContext: Sendable {
    /// `<route key>:<group labels>`, unique per route and group.
    public var key: String
    public var labels: Labels
    public var receiver: String
    public var repeatInterval: GoDuration
    public var muteTimeIntervals: [String]
    public var activeTimeIntervals: [String]
    /// The flush time, the same for every stage.
    public var now: GoTime
    /// When retries give up: one group interval (at least 10 s) after the flush.
    public var deadline: ContinuousClock.Instant

    public init(
        key: String, labels: Labels, receiver: String, repeatInterval: GoDuration,
        muteTimeIntervals: [String] = [], activeTimeIntervals: [String] = [], now: GoTime,
        deadline: ContinuousClock.Instant
    ) {
        self.key = key
        self.labels = labels
        self.receiver = receiver
        self.repeatInterval = repeatInterval
        self.muteTimeIntervals = muteTimeIntervals
        self.activeTimeIntervals = activeTimeIntervals
        self.now = now
        self.deadline = deadline
    }
}

/// Receives a group's alerts when the group flushes; returns whether every
/// notification succeeded (then resolved alerts leave the group).
public typealias GroupFlush = @Sendable ([Alert], GroupContext) async -> Bool
