import GoTemplate

/// The settings a route applies to the alerts it takes (upstream `dispatch.RouteOpts`), with the
/// parent's values filled in where the route's configuration leaves them out.
public struct RouteOptions: Hashable, Sendable {
    /// The receiver notified.
    public var receiver: String
    /// The label names alerts are grouped by, sorted.
    public var groupBy: [String]
    /// Whether every label groups (`group_by: ['...']`).
    public var groupByAll: Bool
    public var groupWait: GoDuration
    public var groupInterval: GoDuration
    public var repeatInterval: GoDuration
    /// Time intervals during which notifications are muted (not inherited, as upstream).
    public var muteTimeIntervals: [String]
    /// Time intervals outside which notifications are muted (not inherited, as upstream).
    public var activeTimeIntervals: [String]

    /// Upstream's defaults for the root route: 30s wait, 5m interval, 4h repeat.
    public static let defaults = RouteOptions(
        receiver: "", groupBy: [], groupByAll: false, groupWait: GoDuration(nanoseconds: 30_000_000_000),
        groupInterval: GoDuration(nanoseconds: 300_000_000_000),
        repeatInterval: GoDuration(nanoseconds: 14_400_000_000_000), muteTimeIntervals: [], activeTimeIntervals: [])

    public init(
        receiver: String, groupBy: [String], groupByAll: Bool, groupWait: GoDuration, groupInterval: GoDuration,
        repeatInterval: GoDuration, muteTimeIntervals: [String], activeTimeIntervals: [String]
    ) {
        self.receiver = receiver
        self.groupBy = groupBy
        self.groupByAll = groupByAll
        self.groupWait = groupWait
        self.groupInterval = groupInterval
        self.repeatInterval = repeatInterval
        self.muteTimeIntervals = muteTimeIntervals
        self.activeTimeIntervals = activeTimeIntervals
    }
}
