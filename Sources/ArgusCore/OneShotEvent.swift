import Synchronization

/// An event that happens once; any number of tasks can wait for it. A
/// waiting task that is cancelled stops waiting.
public final class OneShotEvent: Sendable {
    private struct State {
        var fired = false
        var nextID: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        var cancelledBeforeWaiting: Set<UInt64> = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Whether the event has happened.
    public var isFired: Bool { state.withLock { $0.fired } }

    /// Makes the event happen and wakes every waiter. Later calls do nothing.
    public func fire() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            guard !state.fired else { return [] }
            state.fired = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    /// Returns once the event has happened or the calling task is cancelled.
    public func wait() async {
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.fired || state.cancelledBeforeWaiting.remove(id) != nil { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
                if let waiter = state.waiters.removeValue(forKey: id) { return waiter }
                state.cancelledBeforeWaiting.insert(id)
                return nil
            }
            continuation?.resume()
        }
    }

    /// Sleeps until `deadline` unless one of `events` happens first or the
    /// task is cancelled. Returns true when the sleep was cut short.
    public static func sleep(until deadline: ContinuousClock.Instant, unless events: [OneShotEvent]) async -> Bool {
        if events.contains(where: \.isFired) { return true }
        return await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                do {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    return false
                } catch {
                    return true
                }
            }
            for event in events {
                group.addTask {
                    await event.wait()
                    return true
                }
            }
            let first = await group.next() ?? true
            group.cancelAll()
            return first
        }
    }
}
