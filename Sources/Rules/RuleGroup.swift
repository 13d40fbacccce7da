import ArgusCore
import Logging
import PromQL
import Storage
import Synchronization

/// Rules from one `groups` entry of one file, evaluated in order at the group's interval.
public final class RuleGroup: Sendable {
    public let name: String
    public let file: String
    /// Milliseconds between evaluations.
    public let interval: Int64
    public let limit: Int
    /// The group's own `query_offset`, if set (milliseconds).
    public let queryOffset: Int64?
    public let rules: [any Rule]
    /// The definitions the rules were built from, to tell whether a reload changed the group.
    let definitions: [RuleDefinition]
    let options: RuleGroupOptions

    struct State {
        /// Per rule, the series written by its previous evaluation.
        var seriesInPreviousEval: [Set<Labels>]
        /// Series of rules that no longer exist, to be marked stale.
        var staleSeries: [Labels] = []
        var evaluationSeconds: Double = 0
        var lastEvaluation: Int64?
        var lastEvalTimestamp: Int64?
        var shouldRestore: Bool
    }

    let state: Mutex<State>
    let stopEvent = OneShotEvent()
    let stoppedEvent = OneShotEvent()
    /// Set when the group is removed by a reload: its series are then marked stale.
    let markStale = Mutex(false)

    public init(
        name: String, file: String, interval: Int64, limit: Int = 0, queryOffset: Int64? = nil,
        rules: [any Rule], definitions: [RuleDefinition] = [], shouldRestore: Bool = false,
        options: RuleGroupOptions
    ) {
        self.name = name
        self.file = file
        // A zero interval would divide by zero when placing the evaluation slots.
        self.interval = min(max(interval, 1), PromDuration.maxMilliseconds)
        self.limit = limit
        self.queryOffset = queryOffset
        self.rules = rules
        self.definitions = definitions
        self.options = options
        self.state = Mutex(
            State(seriesInPreviousEval: Array(repeating: [], count: rules.count), shouldRestore: shouldRestore))
    }

    /// `file;name`, the key Prometheus uses for a group in metrics and reloads.
    public var key: String { "\(file);\(name)" }

    /// The offset queries of this group run at.
    public var effectiveQueryOffset: Int64 { queryOffset ?? options.defaultQueryOffset() }

    /// How long the latest evaluation took, in seconds.
    public var evaluationSeconds: Double { state.withLock { $0.evaluationSeconds } }

    /// Wall-clock start of the latest evaluation (milliseconds).
    public var lastEvaluation: Int64? { state.withLock { $0.lastEvaluation } }

    /// The alerting rules of the group.
    public var alertingRules: [AlertingRule] { rules.compactMap { $0 as? AlertingRule } }

    /// The evaluation time at or before `now` in this group's slot: intervals are aligned
    /// to the epoch and shifted by a stable per-group offset.
    public func evaluationTimestamp(now: Int64) -> Int64 {
        // Prometheus takes the hash modulo the interval in nanoseconds.
        let nanoseconds = UInt64(interval) * 1_000_000
        let offset = Int64(Labels(["name": name, "file": file]).fingerprint % nanoseconds / 1_000_000)
        let adjusted = now - offset
        let base = adjusted - ((adjusted % interval) + interval) % interval
        return base + offset
    }

    /// Whether `other` has the same settings and rules, so a reload can keep this group running.
    func hasSameDefinition(as other: RuleGroup) -> Bool {
        name == other.name && file == other.file && interval == other.interval && limit == other.limit
            && queryOffset == other.queryOffset && definitions == other.definitions
    }

    /// Takes over alert state and the series to mark stale from the group this one replaces.
    /// Rules are matched by name and labels, duplicates in order.
    func copyState(from old: RuleGroup) {
        let oldState = old.state.withLock { $0 }
        var byIdentity: [String: [Int]] = [:]
        for (index, rule) in old.rules.enumerated() { byIdentity[rule.identity, default: []].append(index) }
        state.withLock { state in
            state.evaluationSeconds = oldState.evaluationSeconds
            state.lastEvaluation = oldState.lastEvaluation
            for (index, rule) in rules.enumerated() {
                guard let oldIndex = byIdentity[rule.identity]?.first else { continue }
                byIdentity[rule.identity]?.removeFirst()
                state.seriesInPreviousEval[index] = oldState.seriesInPreviousEval[oldIndex]
                if let alerting = rule as? AlertingRule, let oldAlerting = old.rules[oldIndex] as? AlertingRule {
                    alerting.copyAlerts(from: oldAlerting)
                }
            }
            state.staleSeries = oldState.staleSeries
            for indices in byIdentity.values {
                for oldIndex in indices {
                    state.staleSeries.append(contentsOf: oldState.seriesInPreviousEval[oldIndex])
                }
            }
        }
    }
}
