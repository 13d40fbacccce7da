import Metrics
import Prometheus
import Synchronization

/// The metrics a server exposes about itself on `/metrics`.
///
/// Components record through swift-metrics with ``factory``; values that
/// are cheaper to read when scraped (series counts, queue lengths) are set
/// by hooks registered with ``onCollect(_:)``, which run before every
/// exposition.
public final class SelfMetrics: Sendable {
    /// Where every metric of this server is registered.
    public let registry: PrometheusCollectorRegistry
    /// A swift-metrics factory writing into ``registry``.
    public let factory: PrometheusMetricsFactory
    private let hooks: Mutex<[@Sendable () -> Void]>
    private let writers: Mutex<[@Sendable () -> String]>

    public init() {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(100), .milliseconds(200), .milliseconds(400), .seconds(1), .seconds(3), .seconds(8),
            .seconds(20), .seconds(60), .seconds(120),
        ]
        self.registry = registry
        self.factory = factory
        self.hooks = Mutex([])
        self.writers = Mutex([])
    }

    /// Registers `writer` to add families in the text format to each
    /// exposition: for counts a component keeps itself (counters and
    /// summaries that must be reported as they are, not re-counted).
    public func onExposition(_ writer: @escaping @Sendable () -> String) {
        writers.withLock { $0.append(writer) }
    }

    /// Registers `hook` to run before each exposition, to refresh gauges.
    public func onCollect(_ hook: @escaping @Sendable () -> Void) {
        hooks.withLock { $0.append(hook) }
    }

    /// The text exposition (format 0.0.4) of every registered metric and
    /// of the process metrics.
    public func exposition() -> [UInt8] {
        for hook in hooks.withLock({ $0 }) { hook() }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(16 * 1024)
        registry.emit(into: &buffer)
        for writer in writers.withLock({ $0 }) { buffer.append(contentsOf: writer().utf8) }
        buffer.append(contentsOf: ProcessMetrics.exposition().utf8)
        return buffer
    }
}
