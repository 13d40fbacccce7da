import ArgusCore
import Synchronization

/// A change to the store: a push (PUT replaces the group, POST replaces
/// only the families it carries) or, with no families, a delete.
public struct WriteRequest: Sendable {
    /// The group the request changes.
    public var key: MetricGroupKey
    /// When the request arrived, in nanoseconds since the Unix epoch.
    public var timestamp: Int64
    /// The pushed families by name; nil deletes the group.
    public var families: [String: PushedMetricFamily]?
    /// PUT (true) or POST (false).
    public var replace: Bool

    /// A push (`families` not nil; PUT when `replace`) or a delete of group `key`.
    public init(key: MetricGroupKey, timestamp: Int64, families: [String: PushedMetricFamily]?, replace: Bool) {
        self.key = key
        self.timestamp = timestamp
        self.families = families
        self.replace = replace
    }
}

/// The pushed metric groups, with the Pushgateway's rules for changing
/// them: what a push replaces, how pushed metrics are given the grouping
/// labels, the timestamp families, and the consistency check that rejects
/// a push which would make the whole exposition invalid.
///
/// All methods are safe to call concurrently; changes are applied one at
/// a time in the order they take the lock, as the Pushgateway's write
/// queue applies them.
public final class MetricStore: Sendable {
    /// The gauge the gateway keeps per group with the time of the last successful push.
    public static let pushMetricName = "push_time_seconds"
    static let pushMetricHelp = "Last Unix time when changing this group in the Pushgateway succeeded."
    /// The gauge with the time of the last failed push.
    public static let pushFailedMetricName = "push_failure_time_seconds"
    static let pushFailedMetricHelp = "Last Unix time when changing this group in the Pushgateway failed."
    static let timestampError = "pushed metrics must not have timestamps"

    struct State {
        var groups: [MetricGroupKey: MetricGroup] = [:]
        /// Counts changes, so persistence can tell whether there is anything new.
        var version: UInt64 = 0
    }

    /// Protects the groups; held for the whole of a check and its write.
    private let state = Mutex(State())
    /// Help texts of the gateway's own metrics, which win over pushed ones.
    let predefinedHelp: [String: String]

    /// A store holding `groups`; `predefinedHelp` maps the names of the
    /// gateway's own metric families to their help texts.
    public init(groups: [MetricGroup] = [], predefinedHelp: [String: String] = [:]) {
        var initial = State()
        for group in groups { initial.groups[group.key] = group }
        state.withLock { $0 = initial }
        self.predefinedHelp = predefinedHelp
    }

    /// A number that changes whenever the groups do.
    public var version: UInt64 { state.withLock { $0.version } }

    /// A copy of every group, ordered by grouping key.
    public var groups: [MetricGroup] {
        state.withLock { Array($0.groups.values) }.sorted { $0.key < $1.key }
    }

    /// The group with `key`, if there is one.
    public func group(_ key: MetricGroupKey) -> MetricGroup? {
        state.withLock { $0.groups[key] }
    }

    /// Applies `request`. With `check`, the push is rejected when it carries
    /// timestamps or would make the exposition of `ownFamilies` (the
    /// gateway's own metrics) and every group inconsistent; without it only
    /// timestamps are checked. A rejected push of a group records the failure
    /// in `push_failure_time_seconds` (creating the group if needed) and
    /// returns the errors; nil means the change was applied.
    @discardableResult
    public func write(_ request: WriteRequest, check: Bool, ownFamilies: [PushedMetricFamily] = []) -> [String]? {
        state.withLock { state in
            var request = request
            if let errors = Self.check(
                &request, state: state, check: check, ownFamilies: ownFamilies,
                predefinedHelp: predefinedHelp)
            {
                Self.setPushFailedTimestamp(request, in: &state.groups)
                state.version &+= 1
                return errors
            }
            Self.process(request, in: &state.groups)
            state.version &+= 1
            return nil
        }
    }

    /// Deletes every group.
    public func wipe() {
        state.withLock { state in
            if !state.groups.isEmpty { state.version &+= 1 }
            state.groups.removeAll()
        }
    }

    /// Replaces every group with `groups` (a restore from disk).
    public func replaceAll(with groups: [MetricGroup]) {
        state.withLock { state in
            state.groups = [:]
            for group in groups { state.groups[group.key] = group }
            state.version &+= 1
        }
    }

    // MARK: The rules

    /// Validates and sanitizes a request (the Pushgateway's
    /// `checkWriteRequest`); returns the errors that reject it.
    static func check(
        _ request: inout WriteRequest, state: State, check: Bool, ownFamilies: [PushedMetricFamily],
        predefinedHelp: [String: String]
    ) -> [String]? {
        guard var families = request.families else { return nil }
        if families.values.contains(where: { $0.metrics.contains { $0.timestampMs != nil } }) {
            return [timestampError]
        }
        for name in families.keys {
            families[name]?.sanitize(groupingLabels: request.key)
        }
        request.families = families
        guard check else { return nil }
        var trial = state.groups
        process(request, in: &trial)
        let merged = mergedFamilies(trial.values.sorted { $0.key < $1.key }, predefinedHelp: predefinedHelp)
        let errors = Gathering.gather([ownFamilies, merged]).errors
        return errors.isEmpty ? nil : errors
    }

    /// Applies a checked request (the Pushgateway's `processWriteRequest`).
    static func process(_ request: WriteRequest, in groups: inout [MetricGroupKey: MetricGroup]) {
        guard var families = request.families else {
            groups[request.key] = nil
            return
        }
        var group = groups[request.key] ?? MetricGroup(key: request.key)
        if request.replace {
            group.families = group.families.filter { $0.key == pushMetricName || $0.key == pushFailedMetricName }
        }
        families[pushMetricName] = timestampFamily(
            pushMetricName, pushMetricHelp, request.key, seconds: seconds(request.timestamp))
        if group.families[pushFailedMetricName] == nil {
            families[pushFailedMetricName] = timestampFamily(
                pushFailedMetricName, pushFailedMetricHelp, request.key, seconds: 0)
        }
        for (name, family) in families {
            group.families[name] = TimestampedFamily(pushedAt: request.timestamp, family: family)
        }
        groups[request.key] = group
    }

    /// Records a failed push (the Pushgateway's `setPushFailedTimestamp`).
    static func setPushFailedTimestamp(_ request: WriteRequest, in groups: inout [MetricGroupKey: MetricGroup]) {
        var group = groups[request.key] ?? MetricGroup(key: request.key)
        group.families[pushFailedMetricName] = TimestampedFamily(
            pushedAt: request.timestamp,
            family: timestampFamily(
                pushFailedMetricName, pushFailedMetricHelp, request.key, seconds: seconds(request.timestamp)))
        if group.families[pushMetricName] == nil {
            group.families[pushMetricName] = TimestampedFamily(
                pushedAt: request.timestamp,
                family: timestampFamily(pushMetricName, pushMetricHelp, request.key, seconds: 0))
        }
        groups[request.key] = group
    }

    static func timestampFamily(_ name: String, _ help: String, _ key: MetricGroupKey, seconds: Double)
        -> PushedMetricFamily
    {
        var family = PushedMetricFamily.timestampGauge(name: name, help: help, seconds: seconds)
        family.sanitize(groupingLabels: key)
        return family
    }

    /// Nanoseconds as fractional seconds, as Go's `float64(t.UnixNano()) / 1e9`.
    static func seconds(_ nanoseconds: Int64) -> Double {
        Double(nanoseconds) / 1e9
    }

    // MARK: Exposition

    /// Every group's families merged by name (the Pushgateway's
    /// `GetMetricFamilies`): the first group (in key order) to have a family
    /// sets its type and help, the gateway's own help texts win, and the
    /// metrics of all groups are concatenated.
    public func mergedFamilies() -> [PushedMetricFamily] {
        Self.mergedFamilies(groups, predefinedHelp: predefinedHelp)
    }

    static func mergedFamilies(_ groups: [MetricGroup], predefinedHelp: [String: String]) -> [PushedMetricFamily] {
        var result: [PushedMetricFamily] = []
        var indexByName: [String: Int] = [:]
        for group in groups {
            for timestamped in group.sortedFamilies {
                var family = timestamped.family
                if let index = indexByName[family.name] {
                    result[index].metrics.append(contentsOf: family.metrics)
                    continue
                }
                if let help = predefinedHelp[family.name], family.help ?? "" != help {
                    family.help = help
                }
                indexByName[family.name] = result.count
                result.append(family)
            }
        }
        return result
    }
}

extension PushedMetricFamily {
    /// Gives every metric the grouping labels (overwriting pushed values)
    /// and an `instance` label (empty when neither pushed nor grouped), then
    /// sorts each metric's labels by name, as the Pushgateway's
    /// `sanitizeLabels` does.
    mutating func sanitize(groupingLabels key: MetricGroupKey) {
        for index in metrics.indices {
            var labels = metrics[index].labels
            var pending = key.dictionary
            for i in labels.indices {
                if let value = pending.removeValue(forKey: labels[i].name) {
                    labels[i].value = value
                }
            }
            for label in key.labels where pending[label.name] != nil {
                labels.append(label)
            }
            if !labels.contains(where: { $0.name == "instance" }) {
                labels.append(PushedLabel("instance", ""))
            }
            labels.sort { $0.name.utf8Less($1.name) }
            metrics[index].labels = labels
        }
    }
}
