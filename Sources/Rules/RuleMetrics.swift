import CoreMetrics

/// The rule manager's self-metrics, under Prometheus' names (`rules/group.go`).
public final class RuleMetrics: Sendable {
    let factory: any MetricsFactory
    /// `prometheus_rule_evaluation_duration_seconds`.
    let evaluationDuration: Timer
    /// `prometheus_rule_group_duration_seconds`.
    let groupDuration: Timer

    public init(factory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = factory
        evaluationDuration = Timer(label: "prometheus_rule_evaluation_duration_seconds", factory: factory)
        groupDuration = Timer(label: "prometheus_rule_group_duration_seconds", factory: factory)
    }

    private func counter(_ name: String, _ key: String) -> Counter {
        Counter(label: name, dimensions: [("rule_group", key)], factory: factory)
    }

    private func gauge(_ name: String, _ key: String) -> Gauge {
        Gauge(label: name, dimensions: [("rule_group", key)], factory: factory)
    }

    func evaluations(_ key: String) -> Counter { counter("prometheus_rule_evaluations_total", key) }
    func evaluationFailures(_ key: String) -> Counter { counter("prometheus_rule_evaluation_failures_total", key) }
    func iterations(_ key: String) -> Counter { counter("prometheus_rule_group_iterations_total", key) }
    func iterationsMissed(_ key: String) -> Counter { counter("prometheus_rule_group_iterations_missed_total", key) }
    func interval(_ key: String) -> Gauge { gauge("prometheus_rule_group_interval_seconds", key) }
    func lastEvaluation(_ key: String) -> Gauge {
        gauge("prometheus_rule_group_last_evaluation_timestamp_seconds", key)
    }
    func lastDuration(_ key: String) -> Gauge { gauge("prometheus_rule_group_last_duration_seconds", key) }
    func rules(_ key: String) -> Gauge { gauge("prometheus_rule_group_rules", key) }
    func lastSamples(_ key: String) -> Gauge { gauge("prometheus_rule_group_last_evaluation_samples", key) }
    func lastRestoreDuration(_ key: String) -> Gauge {
        gauge("prometheus_rule_group_last_restore_duration_seconds", key)
    }

    /// Removes the series of a group that no longer exists, as Prometheus does on reload.
    func remove(_ key: String) {
        for counter in [evaluations(key), evaluationFailures(key), iterations(key), iterationsMissed(key)] {
            counter.destroy()
        }
        for gauge in [
            interval(key), lastEvaluation(key), lastDuration(key), rules(key), lastSamples(key),
            lastRestoreDuration(key),
        ] {
            gauge.destroy()
        }
    }
}
