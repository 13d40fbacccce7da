import GoTemplate
import Synchronization

/// Remembers, per group and integration, the last notification that was
/// sent, so the pipeline can tell whether a group changed since and
/// whether `repeat_interval` has passed. Entries are forgotten after
/// ``retention`` (or an earlier per-entry expiry) and snapshotted to a file.
public final class NotificationLog: Sendable {
    struct State {
        var entries: [NotificationLogKey: NotificationEntry] = [:]
        var metrics = StoreMetrics()
        var version: UInt64 = 0
    }

    /// How long an entry is kept after its notification.
    public let retention: GoDuration
    let now: @Sendable () -> GoTime
    let state = Mutex(State())

    /// An empty log; `now` is the clock for timestamps and expiry.
    public init(retention: GoDuration, now: @escaping @Sendable () -> GoTime = GoTime.now) {
        self.retention = retention
        self.now = now
    }

    /// How many entries are stored.
    public var count: Int { state.withLock { $0.entries.count } }

    /// Changes with every modification, so callers can tell whether to
    /// write a snapshot.
    public var version: UInt64 { state.withLock { $0.version } }

    /// Records a successful notification of `groupKey` to `receiver` now.
    /// The entry expires after ``retention``, or after `expiry` when that
    /// is positive and shorter. An entry with a later timestamp (from a
    /// clock that went back) is kept instead.
    public func log(
        receiver: NotificationReceiver,
        groupKey: String,
        firing: Set<UInt64>,
        resolved: Set<UInt64>,
        expiry: GoDuration = GoDuration(nanoseconds: 0)
    ) {
        let now = self.now()
        let key = NotificationLogKey(groupKey: groupKey, receiver: receiver)
        let lifetime = expiry.nanoseconds > 0 && expiry < retention ? expiry : retention
        let entry = NotificationEntry(
            firingAlerts: firing, resolvedAlerts: resolved, timestamp: now, expiresAt: now.adding(lifetime))
        state.withLock { state in
            if let previous = state.entries[key], now < previous.timestamp { return }
            if entry.expiresAt < now { return }
            state.entries[key] = entry
            state.version &+= 1
        }
    }

    /// The last notification of `groupKey` to `receiver`, if remembered.
    /// A miss counts as a failed query, as in Alertmanager 0.25.
    public func query(receiver: NotificationReceiver, groupKey: String) -> NotificationEntry? {
        let start = ContinuousClock.now
        return state.withLock { state in
            let entry = state.entries[NotificationLogKey(groupKey: groupKey, receiver: receiver)]
            state.metrics.queries += 1
            if entry == nil { state.metrics.queryErrors += 1 }
            state.metrics.queryDuration.observe(Silences.seconds(since: start))
            return entry
        }
    }

    /// Removes the entries whose expiry has come; returns how many.
    @discardableResult
    public func gc() -> Int {
        let start = ContinuousClock.now
        let cutoff = now()
        return state.withLock { state in
            let before = state.entries.count
            state.entries = state.entries.filter { cutoff < $0.value.expiresAt }
            state.metrics.gcDuration.observe(Silences.seconds(since: start))
            if state.entries.count != before { state.version &+= 1 }
            return before - state.entries.count
        }
    }
}
