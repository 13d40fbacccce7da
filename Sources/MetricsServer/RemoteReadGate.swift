import Metrics
import PromQL
import Synchronization

/// Bounds how many remote-read requests run at once
/// (`--storage.remote.read-concurrent-limit`, 0 for no bound) and reports
/// how many are running or waiting (`prometheus_api_remote_read_queries`),
/// as upstream's read gate does. Reads run on a thread of their own, off
/// the cooperative pool.
final class RemoteReadGate: Sendable {
    private let limiter: QueryLimiter?
    private let inFlight = Atomic<Int>(0)
    private let gauge: Metrics.Gauge

    init(limit: Int, factory: any MetricsFactory) {
        limiter = limit > 0 ? QueryLimiter(maxConcurrent: limit) : nil
        gauge = Metrics.Gauge(label: "prometheus_api_remote_read_queries", factory: factory)
        gauge.record(0)
    }

    /// Runs `read` once a slot is free.
    func run<T: Sendable>(_ read: @escaping @Sendable () -> T) async -> T {
        gauge.record(inFlight.add(1, ordering: .relaxed).newValue)
        defer { gauge.record(inFlight.subtract(1, ordering: .relaxed).newValue) }
        guard let limiter else { return await QueryRunner.onThread(read) }
        return await limiter.withPermit { await QueryRunner.onThread(read) }
    }
}
