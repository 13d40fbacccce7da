import CoreMetrics

/// The notifier's self-metrics, with Prometheus' names (`notifier/metric.go`
/// of Prometheus 2, one queue for all Alertmanagers).
///
/// `prometheus_notifications_latency_seconds` is a swift-metrics `Timer`,
/// which the Prometheus back end exports as a histogram where Prometheus
/// has a summary: `_sum` and `_count` match, quantiles become buckets.
struct NotifierMetrics: Sendable {
    /// The per-Alertmanager series, created when an Alertmanager is
    /// discovered and destroyed when none of the sets lists it any more.
    struct Endpoint: Sendable {
        /// `prometheus_notifications_sent_total{alertmanager}`: alerts in
        /// every request made, failed or not.
        let sent: Counter
        /// `prometheus_notifications_errors_total{alertmanager}`: alerts in
        /// failed requests.
        let errors: Counter
        /// `prometheus_notifications_latency_seconds{alertmanager}`: from the
        /// start of a batch to the end of its request.
        let latency: Timer

        init(url: String, factory: any MetricsFactory) {
            let dimensions = [("alertmanager", url)]
            sent = Counter(label: "prometheus_notifications_sent_total", dimensions: dimensions, factory: factory)
            errors = Counter(label: "prometheus_notifications_errors_total", dimensions: dimensions, factory: factory)
            latency = Timer(
                label: "prometheus_notifications_latency_seconds", dimensions: dimensions,
                preferredDisplayUnit: .seconds, factory: factory)
        }

        func destroy() {
            sent.destroy()
            errors.destroy()
            latency.destroy()
        }
    }

    let factory: any MetricsFactory
    /// `prometheus_notifications_dropped_total`: alerts lost to a full queue,
    /// to a batch no Alertmanager of some set accepted, or to shutdown.
    let dropped: Counter
    /// `prometheus_notifications_queue_length`.
    let queueLength: Gauge
    /// `prometheus_notifications_queue_capacity`.
    let queueCapacity: Gauge
    /// `prometheus_notifications_alertmanagers_discovered`: active endpoints
    /// over all sets.
    let alertmanagersDiscovered: Gauge

    init(factory: any MetricsFactory) {
        self.factory = factory
        dropped = Counter(label: "prometheus_notifications_dropped_total", factory: factory)
        queueLength = Gauge(label: "prometheus_notifications_queue_length", factory: factory)
        queueCapacity = Gauge(label: "prometheus_notifications_queue_capacity", factory: factory)
        alertmanagersDiscovered = Gauge(label: "prometheus_notifications_alertmanagers_discovered", factory: factory)
    }

    /// The series of the Alertmanager at `url`.
    func endpoint(_ url: String) -> Endpoint { Endpoint(url: url, factory: factory) }
}
