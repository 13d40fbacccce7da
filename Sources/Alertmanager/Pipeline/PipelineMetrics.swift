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
            name: "alertmanager_notifications_total", labels: [("integration", integration)],
            help: "The total number of attempted notifications.")
    }

    func failedNotifications(_ integration: String) -> Counter {
        registry.makeCounter(
            name: "alertmanager_notifications_failed_total", labels: [("integration", integration)],
            help: "The total number of failed notifications.")
    }

    func requests(_ integration: String) -> Counter {
        registry.makeCounter(
            name: "alertmanager_notification_requests_total", labels: [("integration", integration)],
            help: "The total number of attempted notification requests.")
    }

    func failedRequests(_ integration: String) -> Counter {
        registry.makeCounter(
            name: "alertmanager_notification_requests_failed_total", labels: [("integration", integration)],
            help: "The total number of failed notification requests.")
    }

    func latency(_ integration: String) -> DurationHistogram {
        registry.makeDurationHistogram(
            name: "alertmanager_notification_latency_seconds", labels: [("integration", integration)],
            buckets: [.seconds(1), .seconds(5), .seconds(10), .seconds(15), .seconds(20)],
            help: "The latency of notifications in seconds.")
    }
}
