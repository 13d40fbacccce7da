import ArgusCore

/// A pushed family with the time of the push that stored it.
public struct TimestampedFamily: Hashable, Sendable {
    /// When the family was pushed, in nanoseconds since the Unix epoch.
    public var pushedAt: Int64
    /// The family as stored: sanitized, with the grouping labels.
    public var family: PushedMetricFamily

    /// A family stored by the push at `pushedAt`.
    public init(pushedAt: Int64, family: PushedMetricFamily) {
        self.pushedAt = pushedAt
        self.family = family
    }
}

/// The metrics pushed under one grouping key, by family name, including the
/// `push_time_seconds` and `push_failure_time_seconds` families the
/// gateway adds.
public struct MetricGroup: Hashable, Sendable {
    /// The grouping key.
    public var key: MetricGroupKey
    /// The families by name.
    public var families: [String: TimestampedFamily]

    /// A group with `key` holding `families`.
    public init(key: MetricGroupKey, families: [String: TimestampedFamily] = [:]) {
        self.key = key
        self.families = families
    }

    /// The families sorted by name.
    public var sortedFamilies: [TimestampedFamily] {
        families.values.sorted { $0.family.name.utf8Less($1.family.name) }
    }

    /// False when the last push failed: `push_failure_time_seconds` is later
    /// than `push_time_seconds` (true when either is missing).
    public var lastPushSucceeded: Bool {
        guard let failure = families[MetricStore.pushFailedMetricName]?.family.metrics.first?.gauge,
            let success = families[MetricStore.pushMetricName]?.family.metrics.first?.gauge
        else { return true }
        return failure <= success
    }
}
