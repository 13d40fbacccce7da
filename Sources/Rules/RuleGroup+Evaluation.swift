import ArgusCore
import CoreMetrics
import Dispatch
import Logging
import PromQL
import Storage
import Synchronization

extension RuleGroup {
    /// `context` with a query function that reports each query to
    /// `context.onQuery`, when set, with this group's file and name.
    func recordingQueries(_ context: RuleEvaluationContext) -> RuleEvaluationContext {
        guard let onQuery = context.onQuery else { return context }
        var recording = context
        let query = context.query
        let (file, group) = (self.file, self.name)
        recording.query = { expr, time in
            let start = ContinuousClock.now
            do {
                let result = try query(expr, time)
                onQuery(
                    RuleQueryRecord(
                        file: file, group: group, expr: expr, time: time, duration: .now - start, error: nil))
                return result
            } catch {
                let message = (error as? PromQLError)?.message ?? "\(error)"
                onQuery(
                    RuleQueryRecord(
                        file: file, group: group, expr: expr, time: time, duration: .now - start, error: message))
                throw error
            }
        }
        return recording
    }

    /// Evaluates every rule in order at `time` (milliseconds): stores recording results and
    /// alert series, sends due alerts, and marks series that disappeared as stale.
    public func evaluate(at time: Int64) {
        let queryOffset = effectiveQueryOffset
        let context = recordingQueries(options.context)
        var samplesTotal = 0
        for (index, rule) in rules.enumerated() {
            if stopEvent.isFired { return }
            let start = ContinuousClock.now
            let wallStart = Timestamp.now()
            options.metrics?.evaluations(key).increment()
            var status = RuleStatus()
            status.lastEvaluation = wallStart
            defer {
                let seconds = Self.seconds(start.duration(to: .now))
                status.evaluationSeconds = seconds
                rule.setStatus(status)
                options.metrics?.evaluationDuration.recordSeconds(seconds)
            }
            let vector: [VectorElement]
            do {
                vector = try rule.evaluate(at: time, queryOffset: queryOffset, context: context, limit: limit)
            } catch {
                status.health = .bad
                status.lastError = "\(error)"
                options.metrics?.evaluationFailures(key).increment()
                if !(error is CancellationError) {
                    options.logger.warning(
                        "Evaluating rule failed",
                        metadata: ["group": "\(name)", "rule": "\(rule.name)", "err": "\(error)"])
                }
                continue
            }
            status.health = .good
            samplesTotal += vector.count
            if let alerting = rule as? AlertingRule {
                let due = alerting.alertsToSend(at: time, resendDelay: options.resendDelay, interval: interval)
                if !due.isEmpty {
                    let expression = alerting.expression.description
                    options.notify(
                        due.map {
                            OutgoingAlert($0, expression: expression, externalURL: options.context.externalURL)
                        })
                }
            }
            switch store(vector, rule: index, at: time - queryOffset) {
            case .stored:
                break
            case .samplesRejected(let error):
                // Like Prometheus: the rule is unhealthy, but only a failed commit counts as a failure.
                status.health = .bad
                status.lastError = error
            case .commitFailed(let error):
                status.health = .bad
                status.lastError = error
                options.metrics?.evaluationFailures(key).increment()
            }
        }
        options.metrics?.lastSamples(key).record(samplesTotal)
        cleanUpStaleSeries(at: time - queryOffset)
    }

    /// How storing a rule's output went.
    enum StoreOutcome {
        case stored
        /// Some samples were rejected (out of order, duplicate, too old); the rest were stored.
        case samplesRejected(String)
        case commitFailed(String)
    }

    /// Appends a rule's output, then stale markers for its series of the previous
    /// evaluation that are gone.
    private func store(_ vector: [VectorElement], rule index: Int, at staleTime: Int64) -> StoreOutcome {
        let appender = options.appendable.appender()
        var returned = Set<Labels>()
        var rejected: [StorageError.Code: Int] = [:]
        var lastError: String?
        for sample in vector {
            do {
                try appender.append(sample.labels, timestamp: sample.timestamp, value: sample.value)
                returned.insert(sample.labels)
            } catch {
                lastError = error.description
                if [.outOfOrderSample, .outOfBounds, .duplicateSampleForTimestamp].contains(error.code) {
                    rejected[error.code, default: 0] += 1
                } else {
                    options.logger.warning(
                        "Rule evaluation result discarded",
                        metadata: ["group": "\(name)", "err": "\(error)", "sample": "\(sample.labels)"])
                }
            }
        }
        for (code, count) in rejected.sorted(by: { $0.key.description < $1.key.description }) {
            options.logger.warning(
                "Rule evaluation results discarded",
                metadata: ["group": "\(name)", "reason": "\(code)", "num_dropped": "\(count)"])
        }
        let previous = state.withLock { $0.seriesInPreviousEval[index] }
        for labels in previous where !returned.contains(labels) {
            // Another rule may write the same series; its rejection is expected and not reported.
            try? appender.append(labels, timestamp: staleTime, value: StaleMarker.value)
        }
        do {
            try appender.commit()
        } catch {
            options.logger.warning("Rule sample appending failed", metadata: ["group": "\(name)", "err": "\(error)"])
            return .commitFailed(error.description)
        }
        state.withLock { $0.seriesInPreviousEval[index] = returned }
        return lastError.map(StoreOutcome.samplesRejected) ?? .stored
    }

    /// Marks the series of rules removed by a reload as stale.
    func cleanUpStaleSeries(at time: Int64) {
        let stale = state.withLock { $0.staleSeries }
        guard !stale.isEmpty else { return }
        let appender = options.appendable.appender()
        for labels in stale {
            try? appender.append(labels, timestamp: time, value: StaleMarker.value)
        }
        do {
            try appender.commit()
            state.withLock { $0.staleSeries = [] }
        } catch {
            options.logger.warning(
                "Stale sample appending for previous configuration failed",
                metadata: ["group": "\(name)", "err": "\(error)"])
        }
    }

    /// Restores when pending alerts became active from the `ALERTS_FOR_STATE` series written
    /// before a restart, as Prometheus does after its second evaluation.
    public func restoreForState(at time: Int64) {
        defer { state.withLock { $0.shouldRestore = false } }
        let querier: any Querier
        do {
            querier = try options.queryable.querier()
        } catch {
            options.logger.error("Failed to get querier for 'for' state restoration", metadata: ["err": "\(error)"])
            for rule in alertingRules { rule.isRestored = true }
            return
        }
        let mint = time - options.outageTolerance
        for rule in alertingRules {
            defer { rule.isRestored = true }
            // A short `for` would otherwise have to wait out the grace period.
            guard rule.holdDuration >= options.forGracePeriod else { continue }
            let series: [StoredSeries]
            do {
                series = try querier.select(rule.forStateMatchers, mint: mint, maxt: time)
            } catch {
                options.logger.error(
                    "Failed to restore 'for' state", metadata: ["alertname": "\(rule.name)", "err": "\(error)"])
                continue
            }
            var byLabels: [Labels: StoredSeries] = [:]
            for entry in series { byLabels[entry.labels.droppingMetricName()] = entry }
            guard !byLabels.isEmpty else { continue }
            rule.restoreActiveAt { alert in
                guard let entry = byLabels[alert.labels], let last = entry.samples.last,
                    !StaleMarker.isStale(last.value), last.value.isFinite, abs(last.value) < 1e15
                else { return nil }
                let downAt = last.timestamp / 1000 * 1000
                var activeAt = Int64(last.value) * 1000
                let remaining = rule.holdDuration - (downAt - activeAt)
                if remaining <= 0 {
                    // It was firing when the server went down: the next evaluation fires it again.
                } else if remaining < options.forGracePeriod {
                    activeAt = time + options.forGracePeriod - rule.holdDuration
                } else {
                    activeAt += time - downAt
                }
                options.logger.debug(
                    "'for' state restored",
                    metadata: [
                        "alertname": "\(rule.name)", "labels": "\(alert.labels)", "restored_time": "\(activeAt)",
                    ])
                return activeAt
            }
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }
}
