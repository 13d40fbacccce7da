import ArgusCore
import Foundation
import GoTemplate
import Synchronization

/// The silence store: creates, updates and expires silences, answers which
/// silences mute a label set, forgets silences some time after they end,
/// and snapshots itself to a file.
///
/// Methods are synchronous because the notification pipeline asks for every
/// alert; ``version`` changes with every modification so callers can cache
/// answers.
public final class Silences: Sendable {
    struct State {
        var silences: [String: Silence] = [:]
        var version: UInt64 = 0
        var metrics = StoreMetrics()
    }

    /// How long a silence is kept after it ended.
    public let retention: GoDuration
    let now: @Sendable () -> GoTime
    let state = Mutex(State())

    /// An empty store; `now` is the clock for states and timestamps.
    public init(retention: GoDuration, now: @escaping @Sendable () -> GoTime = GoTime.now) {
        self.retention = retention
        self.now = now
    }

    /// Increases with every change of the stored silences.
    public var version: UInt64 { state.withLock { $0.version } }

    /// How many silences are stored, whatever their state.
    public var count: Int { state.withLock { $0.silences.count } }

    /// Stores `silence` and returns its id, as Alertmanager 0.25 does:
    ///
    /// - without an id, it is a new silence with a fresh UUID;
    /// - with the id of a stored silence, that one is updated in place when
    ///   the change keeps history intact (same matchers; a pending silence
    ///   still starting in the future; an active one keeping its start and
    ///   not ending in the past); otherwise the stored silence is expired
    ///   and the new one stored under a fresh id;
    /// - a new silence never starts in the past: its start is moved to now.
    ///
    /// Throws ``SilenceError/notFound`` for an unknown id and
    /// ``SilenceError/Code/invalid`` when the result breaks a rule of
    /// ``Silence/validate()``; nothing changes then.
    @discardableResult
    public func set(_ silence: Silence) throws(SilenceError) -> String {
        let now = self.now()
        return try state.withLock { state throws(SilenceError) -> String in
            var silence = silence
            silence.updatedAt = now
            let previous = state.silences[silence.id]
            if !silence.id.isEmpty && previous == nil { throw .notFound }
            if let previous, Self.canUpdate(previous, to: silence, at: now) {
                try silence.validate()
                store(silence, in: &state)
                return silence.id
            }
            silence.id = UUID().uuidString.lowercased()
            if silence.startsAt < now { silence.startsAt = now }
            // Validated before the old silence is expired, so a rejected
            // replacement leaves the store unchanged.
            try silence.validate()
            if let previous, previous.state(at: now) != .expired {
                store(Self.expired(previous, at: now), in: &state)
            }
            store(silence, in: &state)
            return silence.id
        }
    }

    /// Expires the silence with `id` now: an active one ends now, a pending
    /// one starts and ends now; an expired one is left alone.
    public func expire(id: String) throws(SilenceError) {
        let now = self.now()
        try state.withLock { state throws(SilenceError) in
            guard let silence = state.silences[id] else { throw .notFound }
            if silence.state(at: now) == .expired { return }
            store(Self.expired(silence, at: now), in: &state)
        }
    }

    /// The silence with `id`, if stored.
    public func get(id: String) -> Silence? {
        query(ids: [id]).first
    }

    /// The stored silences, sorted by id: only those with one of `ids` when
    /// given, only those in one of `states` (at the store's now) when given,
    /// and only those whose matchers all match `labels` when given.
    public func query(ids: [String]? = nil, states: Set<SilenceState>? = nil, matching labels: Labels? = nil)
        -> [Silence]
    {
        let now = self.now()
        return measuredQuery { silences in
            var candidates: [Silence]
            if let ids {
                candidates = ids.compactMap { silences[$0] }
            } else {
                candidates = Array(silences.values)
            }
            candidates.removeAll { silence in
                if let states, !states.contains(silence.state(at: now)) { return true }
                if let labels, !silence.matchers.matches(labels) { return true }
                return false
            }
            return candidates.sorted { $0.id < $1.id }
        }
    }

    /// The ids of the active silences whose matchers all match `labels`,
    /// sorted: empty when the alert is not muted.
    public func mutingIDs(for labels: Labels) -> [String] {
        let now = self.now()
        return measuredQuery { silences in
            silences.values.filter { $0.mutes(labels, at: now) }.map(\.id).sorted()
        }
    }

    /// How many stored silences are in `silenceState` now.
    public func count(_ silenceState: SilenceState) -> Int {
        let now = self.now()
        return measuredQuery { silences in
            silences.values.reduce(0) { $0 + ($1.state(at: now) == silenceState ? 1 : 0) }
        }
    }

    /// Removes the silences that ended at least ``retention`` ago; returns
    /// how many.
    @discardableResult
    public func gc() -> Int {
        let start = ContinuousClock.now
        let cutoff = now()
        return state.withLock { state in
            let before = state.silences.count
            state.silences = state.silences.filter { cutoff < $0.value.endsAt.adding(retention) }
            let removed = before - state.silences.count
            if removed > 0 { state.version &+= 1 }
            state.metrics.gcDuration.observe(Self.seconds(since: start))
            return removed
        }
    }

    // MARK: Internals

    private func store(_ silence: Silence, in state: inout State) {
        state.silences[silence.id] = silence
        state.version &+= 1
    }

    private func measuredQuery<T: Sendable>(_ body: ([String: Silence]) -> T) -> T {
        let start = ContinuousClock.now
        return state.withLock { state in
            let result = body(state.silences)
            state.metrics.queries += 1
            state.metrics.queryDuration.observe(Self.seconds(since: start))
            return result
        }
    }

    private static func expired(_ silence: Silence, at now: GoTime) -> Silence {
        var silence = silence
        if silence.state(at: now) == .pending { silence.startsAt = now }
        silence.endsAt = now
        silence.updatedAt = now
        return silence
    }

    /// Whether `old` may become `new` without rewriting what was muted.
    private static func canUpdate(_ old: Silence, to new: Silence, at now: GoTime) -> Bool {
        guard old.matchers == new.matchers else { return false }
        switch old.state(at: now) {
        case .active: return new.startsAt.seconds == old.startsAt.seconds && !(new.endsAt < now)
        case .pending: return !(new.startsAt < now)
        case .expired: return false
        }
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        (ContinuousClock.now - start).inSeconds
    }
}
