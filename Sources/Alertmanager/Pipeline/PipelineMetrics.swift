import ArgusHTTP
import Prometheus

/// The notification counters of Alertmanager, per integration type.
public struct PipelineMetrics: Sendable {
    public static let integrationNames = ["email", "pagerduty", "slack", "webhook"]
    private let registry: PrometheusCollectorRegistry

    public init(registry: PrometheusCollectorRegistry) {
        self.registry = registry
        // Upstream exposes every integration's series from the start, at zero.
        for name in Self.integrationNames {
            _ = notifications(name)
            _ = failedNotifications(name)
            _ = requests(name)
            _ = failedRequests(name)
            _ = latency(name)
        }
    }

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
