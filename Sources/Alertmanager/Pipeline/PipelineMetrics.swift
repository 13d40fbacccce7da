import ArgusHTTP
import Prometheus

/// The notification counters of Alertmanager, per integration type.
public struct PipelineMetrics: Sendable {
    /// The series of one integration type.
    struct Integration: Sendable {
        var notifications: Counter
        var failedNotifications: Counter
        var requests: Counter
        var failedRequests: Counter
        var latency: DurationHistogram
    }

    public static let integrationNames = ["email", "pagerduty", "slack", "webhook"]
    private let registry: PrometheusCollectorRegistry
    private let byName: [String: Integration]

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        var byName: [String: Integration] = [:]
        // Upstream exposes every integration's series from the start, at zero.
        for name in Self.integrationNames { byName[name] = Self.series(name, registry: registry) }
        self.byName = byName
    }

    /// The series of the integration type `name`.
    subscript(_ name: String) -> Integration {
        byName[name] ?? Self.series(name, registry: registry)
    }

    private static func series(_ name: String, registry: PrometheusCollectorRegistry) -> Integration {
        let metrics = Factory(registry: registry)
        return Integration(
            notifications: metrics.notifications(name), failedNotifications: metrics.failedNotifications(name),
            requests: metrics.requests(name), failedRequests: metrics.failedRequests(name),
            latency: metrics.latency(name))
    }
}

/// Registers (or finds) the series of one integration type.
private struct Factory {
    let registry: PrometheusCollectorRegistry

    func notifications(_ integration: String) -> Counter {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "alertmanager_notifications_total", unitName: "",
                helpText: "The total number of attempted notifications."
            ), labels: [("integration", integration)])
    }

    func failedNotifications(_ integration: String) -> Counter {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "alertmanager_notifications_failed_total", unitName: "",
                helpText: "The total number of failed notifications."), labels: [("integration", integration)])
    }

    func requests(_ integration: String) -> Counter {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "alertmanager_notification_requests_total", unitName: "",
                helpText: "The total number of attempted notification requests."),
            labels: [("integration", integration)])
    }

    func failedRequests(_ integration: String) -> Counter {
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                metricName: "alertmanager_notification_requests_failed_total", unitName: "",
                helpText: "The total number of failed notification requests."), labels: [("integration", integration)])
    }

    func latency(_ integration: String) -> DurationHistogram {
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                metricName: "alertmanager_notification_latency_seconds", unitName: "",
                helpText: "The latency of notifications in seconds."), labels: [("integration", integration)],
            buckets: [.seconds(1), .seconds(5), .seconds(10), .seconds(15), .seconds(20)])
    }
}
