/// When the WAL flushes written records to stable storage with `fsync`.
///
/// Every ``WAL/log(_:)`` call hands its bytes to the kernel before it
/// returns, so an acknowledged record survives the process being killed
/// (`kill -9`) under any policy; the policy decides what survives a power
/// loss or kernel crash. Whatever the policy, a segment is synced when the
/// writer leaves it and on ``WAL/close()``, as upstream does.
public enum WALSyncPolicy: Hashable, Sendable {
    /// Sync at the end of every ``WAL/log(_:)`` call. Slowest, safest.
    case always
    /// Sync at most once per interval: a ``WAL/log(_:)`` call syncs when the
    /// last sync is at least this long ago, and a service should call
    /// ``WAL/syncIfDue()`` on a timer so quiet periods are covered too.
    case interval(Duration)
    /// Never sync except on rotation and close (upstream Prometheus' behaviour).
    case never
}

/// Decides when to sync under a ``WALSyncPolicy``: a pure state machine fed
/// with writes, syncs and clock instants, tested with a mock clock.
public struct WALSyncSchedule: Sendable {
    /// What the caller should do after an event.
    public enum Action: Hashable, Sendable {
        case sync
        case none
    }

    public let policy: WALSyncPolicy
    private var lastSync: ContinuousClock.Instant
    /// Whether bytes were written since the last sync.
    public private(set) var isDirty = false

    /// Starts the schedule at `now`, with nothing written.
    public init(policy: WALSyncPolicy, now: ContinuousClock.Instant) {
        self.policy = policy
        self.lastSync = now
    }

    /// Records a finished write at `now` and says whether to sync now.
    public mutating func didWrite(at now: ContinuousClock.Instant) -> Action {
        isDirty = true
        return due(at: now) ? .sync : .none
    }

    /// A timer tick at `now`: says whether written bytes are due for a sync.
    public mutating func tick(at now: ContinuousClock.Instant) -> Action {
        guard isDirty, case .interval = policy else { return .none }
        return due(at: now) ? .sync : .none
    }

    /// Records that a sync happened at `now`.
    public mutating func didSync(at now: ContinuousClock.Instant) {
        isDirty = false
        lastSync = now
    }

    private func due(at now: ContinuousClock.Instant) -> Bool {
        switch policy {
        case .always: true
        case .interval(let interval): now - lastSync >= interval
        case .never: false
        }
    }
}
