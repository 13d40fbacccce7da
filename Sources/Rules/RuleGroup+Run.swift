import ArgusCore
import CoreMetrics
import Dispatch
import Logging
import Synchronization

extension RuleGroup {
    /// Evaluates the group at its interval, in its slot, until stopped or `shutdown` fires.
    /// Each evaluation runs on a thread of its own: queries must not hold the cooperative pool.
    func run(shutdown: OneShotEvent, wallClock: @escaping @Sendable () -> Int64 = { Timestamp.now() }) async {
        defer { stoppedEvent.fire() }
        let events = [stopEvent, shutdown]
        let clock = ContinuousClock()
        options.metrics?.interval(key).record(Double(interval) / 1000)
        options.metrics?.rules(key).record(rules.count)
        var evalTimestamp = evaluationTimestamp(now: wallClock()) + interval
        if await OneShotEvent.sleep(
            until: clock.now + .milliseconds(max(0, evalTimestamp - wallClock())), unless: events)
        {
            return
        }
        await iterate(at: evalTimestamp)
        var iterations = 1
        while !Task.isCancelled {
            let next = evalTimestamp + interval
            if await OneShotEvent.sleep(until: clock.now + .milliseconds(max(0, next - wallClock())), unless: events) {
                break
            }
            let missed = (wallClock() - evalTimestamp) / interval - 1
            if missed > 0 {
                options.metrics?.iterationsMissed(key).increment(by: missed)
                options.metrics?.iterations(key).increment(by: missed)
            }
            evalTimestamp += (max(missed, 0) + 1) * interval
            await iterate(at: evalTimestamp)
            iterations += 1
            // After a restart, alerts wait for a second evaluation (recording rules have caught
            // up by then) before their `for` state is restored.
            if iterations == 2 && state.withLock({ $0.shouldRestore }) {
                let start = clock.now
                await onThread { self.restoreForState(at: wallClock()) }
                options.metrics?.lastRestoreDuration(key).record(Self.seconds(start.duration(to: clock.now)))
            }
        }
    }

    private func iterate(at time: Int64) async {
        options.metrics?.iterations(key).increment()
        let start = ContinuousClock.now
        let wallStart = Timestamp.now()
        await onThread { self.evaluate(at: time) }
        let seconds = Self.seconds(start.duration(to: .now))
        options.metrics?.groupDuration.recordSeconds(seconds)
        options.metrics?.lastDuration(key).record(seconds)
        options.metrics?.lastEvaluation(key).record(Double(wallStart) / 1000)
        state.withLock {
            $0.evaluationSeconds = seconds
            $0.lastEvaluation = wallStart
            $0.lastEvalTimestamp = time
        }
    }

    private func onThread(_ body: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                body()
                continuation.resume()
            }
        }
    }

    /// Marks every series the group wrote as stale: the group was removed by a reload.
    func markAllStale(at time: Int64) {
        state.withLock { state in
            for series in state.seriesInPreviousEval { state.staleSeries.append(contentsOf: series) }
            state.seriesInPreviousEval = Array(repeating: [], count: rules.count)
        }
        cleanUpStaleSeries(at: time - effectiveQueryOffset)
    }
}
