import ArgusCore
import GoTemplate
import Synchronization

/// The alerts of one route that share the values of the route's `group_by`
/// labels, and the timer that flushes them: first `group_wait` after the
/// group is created, then every `group_interval`.
public final class AggregationGroup: Sendable {
    public let route: Route
    public let labels: Labels
    /// `<route key>:<labels>`, as Alertmanager's group key.
    public let key: String

    private struct State {
        var alerts: [Fingerprint: Alert] = [:]
        var hasFlushed = false
        var nextFlush: ContinuousClock.Instant
        var sleeper: Task<Void, Never>?
        var stopped = false
    }

    private let state: Mutex<State>

    init(route: Route, labels: Labels) {
        self.route = route
        self.labels = labels
        self.key = route.key + ":" + labels.labelSetDescription
        let wait = Duration.nanoseconds(route.options.groupWait.nanoseconds)
        self.state = Mutex(State(nextFlush: .now + wait))
    }

    /// Adds or replaces an alert. An alert that started more than
    /// `group_wait` ago makes a group that never flushed flush at once.
    func insert(_ alert: Alert, now: GoTime) {
        let groupWait = route.options.groupWait
        let sleeper: Task<Void, Never>? = state.withLock { state in
            state.alerts[alert.fingerprint] = alert
            guard !state.hasFlushed, alert.startsAt.adding(groupWait) < now else { return nil }
            state.nextFlush = .now
            return state.sleeper
        }
        sleeper?.cancel()
    }

    /// The group's alerts, unordered.
    public var alerts: [Alert] { state.withLock { Array($0.alerts.values) } }

    /// Whether no alert is left (the dispatcher then drops the group).
    var isEmpty: Bool { state.withLock { $0.alerts.isEmpty } }

    /// Ends ``run(flush:)``.
    func stop() {
        let sleeper = state.withLock { state in
            state.stopped = true
            return state.sleeper
        }
        sleeper?.cancel()
    }

    /// Flushes on the group's timer until stopped or cancelled.
    func run(flush: GroupFlush) async {
        let interval = Duration.nanoseconds(route.options.groupInterval.nanoseconds)
        while !Task.isCancelled {
            let sleeper: Task<Void, Never>? = state.withLock { state in
                guard !state.stopped else { return nil }
                let deadline = state.nextFlush
                let task = Task { _ = try? await Task.sleep(until: deadline, clock: .continuous) }
                state.sleeper = task
                return task
            }
            guard let sleeper else { return }
            await withTaskCancellationHandler {
                await sleeper.value
            } onCancel: {
                sleeper.cancel()
            }
            let due: Bool = state.withLock { state in
                state.sleeper = nil
                guard !state.stopped, state.nextFlush <= .now else { return false }
                state.nextFlush = .now + interval
                state.hasFlushed = true
                return true
            }
            if due, !Task.isCancelled { await flushOnce(flush) }
        }
    }

    private func flushOnce(_ flush: GroupFlush) async {
        let now = GoTime.now()
        var batch = state.withLock { Array($0.alerts.values) }
        guard !batch.isEmpty else { return }
        for index in batch.indices where !batch[index].resolved(at: now) {
            batch[index].endsAt = .zero
        }
        batch.sort(by: Alert.notificationOrder)
        let options = route.options
        let timeout = max(options.groupInterval.nanoseconds, 10_000_000_000)
        let context = GroupContext(
            key: key, labels: labels, receiver: options.receiver, repeatInterval: options.repeatInterval,
            muteTimeIntervals: options.muteTimeIntervals, activeTimeIntervals: options.activeTimeIntervals,
            now: now, deadline: .now + .nanoseconds(timeout))
        guard await flush(batch, context) else { return }
        state.withLock { state in
            for alert in batch where alert.resolved(at: now) {
                let fingerprint = alert.fingerprint
                if state.alerts[fingerprint]?.updatedAt == alert.updatedAt {
                    state.alerts.removeValue(forKey: fingerprint)
                }
            }
        }
    }
}
