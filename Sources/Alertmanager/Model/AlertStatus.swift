import Synchronization

/// What Alertmanager currently knows about an alert's suppression, as the
/// API reports it under `status`.
public struct AlertStatus: Hashable, Sendable {
    public enum State: String, Hashable, Sendable {
        /// Not yet seen by the notification pipeline.
        case unprocessed
        /// Neither silenced nor inhibited.
        case active
        /// Silenced or inhibited.
        case suppressed
    }

    public var state: State
    /// IDs of the active silences muting the alert.
    public var silencedBy: [String]
    /// Fingerprints of the alerts inhibiting it.
    public var inhibitedBy: [String]

    public init(state: State = .unprocessed, silencedBy: [String] = [], inhibitedBy: [String] = []) {
        self.state = state
        self.silencedBy = silencedBy
        self.inhibitedBy = inhibitedBy
    }

    fileprivate mutating func settle() {
        state = silencedBy.isEmpty && inhibitedBy.isEmpty ? .active : .suppressed
    }
}

/// The silenced/inhibited marks of every alert, shared by the pipeline
/// (which sets them) and the API (which reports them).
public final class AlertMarker: Sendable {
    private let statuses = Mutex<[Fingerprint: AlertStatus]>([:])

    public init() {}

    /// Replaces the silences muting an alert.
    public func setSilenced(_ fingerprint: Fingerprint, by ids: [String]) {
        statuses.withLock { statuses in
            var status = statuses[fingerprint] ?? AlertStatus()
            status.silencedBy = ids
            status.settle()
            statuses[fingerprint] = status
        }
    }

    /// Replaces the alerts inhibiting an alert.
    public func setInhibited(_ fingerprint: Fingerprint, by ids: [String]) {
        statuses.withLock { statuses in
            var status = statuses[fingerprint] ?? AlertStatus()
            status.inhibitedBy = ids
            status.settle()
            statuses[fingerprint] = status
        }
    }

    /// The alert's status; `unprocessed` when it was never marked.
    public func status(_ fingerprint: Fingerprint) -> AlertStatus {
        statuses.withLock { $0[fingerprint] } ?? AlertStatus()
    }

    /// Forgets an alert (when it is garbage-collected).
    public func delete(_ fingerprint: Fingerprint) {
        _ = statuses.withLock { $0.removeValue(forKey: fingerprint) }
    }

    /// How many marked alerts are in `state`.
    public func count(_ state: AlertStatus.State) -> Int {
        statuses.withLock { statuses in statuses.values.reduce(0) { $0 + ($1.state == state ? 1 : 0) } }
    }
}
