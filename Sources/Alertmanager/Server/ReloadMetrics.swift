import GoTemplate
import Prometheus

/// `alertmanager_config_*`: whether the last reload worked, when, and a hash
/// of the configuration in force.
struct ReloadMetrics: Sendable {
    private let successful: Gauge
    private let lastSuccess: Gauge
    private let hash: Gauge

    init(registry: PrometheusCollectorRegistry) {
        successful = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "alertmanager_config_last_reload_successful", unitName: "",
                helpText: "Whether the last configuration reload attempt was successful."))
        lastSuccess = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "alertmanager_config_last_reload_success_timestamp_seconds", unitName: "",
                helpText: "Timestamp of the last successful configuration reload."))
        hash = registry.makeGauge(
            descriptor: MetricNameDescriptor(
                metricName: "alertmanager_config_hash", unitName: "",
                helpText: "Hash of the currently loaded alertmanager configuration."))
    }

    func failed() { successful.set(0.0) }

    func succeeded(hash value: UInt64) {
        successful.set(1.0)
        let now = GoTime.now()
        lastSuccess.set(Double(now.seconds) + Double(now.nanoseconds) / 1e9)
        // A gauge holds a double: keep 48 bits so the value stays exact.
        hash.set(Double(value >> 16))
    }
}
