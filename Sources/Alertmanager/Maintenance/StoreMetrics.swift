import ArgusCore

/// The self metrics Alertmanager 0.25 keeps for its silence store and its
/// notification log, rendered in the Prometheus text format with the same
/// names, help texts and types as client_golang would.
struct StoreMetrics: Sendable {
    /// The names and help texts of one store's metrics.
    struct Family: Sendable {
        var prefix: String
        var gcHelp: String
        var gossipHelp: String
        var queriesHelp: String
        var queryDurationHelp: String
        var queryErrorsHelp: String
        var snapshotDurationHelp: String
        var snapshotSizeHelp: String
    }

    /// A summary without quantiles: only its sum and count.
    struct Summary: Sendable {
        var sum: Double = 0
        var count: UInt64 = 0

        mutating func observe(_ seconds: Double) {
            sum += seconds
            count += 1
        }
    }

    /// A histogram over client_golang's default buckets.
    struct Histogram: Sendable {
        static let bounds: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
        var counts = [UInt64](repeating: 0, count: bounds.count)
        var sum: Double = 0
        var count: UInt64 = 0

        mutating func observe(_ seconds: Double) {
            if let index = Self.bounds.firstIndex(where: { seconds <= $0 }) { counts[index] += 1 }
            sum += seconds
            count += 1
        }
    }

    var gcDuration = Summary()
    var snapshotDuration = Summary()
    var snapshotSize: Double = 0
    var queries: UInt64 = 0
    var queryErrors: UInt64 = 0
    var queryDuration = Histogram()

    /// Appends every family, sorted by name as client_golang gathers them.
    func render(_ family: Family, into out: inout String) {
        let p = family.prefix
        Self.header(&out, p + "_gc_duration_seconds", family.gcHelp, "summary")
        Self.sample(&out, p + "_gc_duration_seconds_sum", gcDuration.sum)
        Self.sample(&out, p + "_gc_duration_seconds_count", Double(gcDuration.count))
        Self.header(&out, p + "_gossip_messages_propagated_total", family.gossipHelp, "counter")
        Self.sample(&out, p + "_gossip_messages_propagated_total", 0)
        Self.header(&out, p + "_queries_total", family.queriesHelp, "counter")
        Self.sample(&out, p + "_queries_total", Double(queries))
        let histogram = p + "_query_duration_seconds"
        Self.header(&out, histogram, family.queryDurationHelp, "histogram")
        var cumulative: UInt64 = 0
        for (bound, count) in zip(Histogram.bounds, queryDuration.counts) {
            cumulative += count
            Self.sample(&out, histogram + "_bucket{le=\"\(GoFloat.formatG(bound))\"}", Double(cumulative))
        }
        Self.sample(&out, histogram + "_bucket{le=\"+Inf\"}", Double(queryDuration.count))
        Self.sample(&out, histogram + "_sum", queryDuration.sum)
        Self.sample(&out, histogram + "_count", Double(queryDuration.count))
        Self.header(&out, p + "_query_errors_total", family.queryErrorsHelp, "counter")
        Self.sample(&out, p + "_query_errors_total", Double(queryErrors))
        Self.header(&out, p + "_snapshot_duration_seconds", family.snapshotDurationHelp, "summary")
        Self.sample(&out, p + "_snapshot_duration_seconds_sum", snapshotDuration.sum)
        Self.sample(&out, p + "_snapshot_duration_seconds_count", Double(snapshotDuration.count))
        Self.header(&out, p + "_snapshot_size_bytes", family.snapshotSizeHelp, "gauge")
        Self.sample(&out, p + "_snapshot_size_bytes", snapshotSize)
    }

    static func header(_ out: inout String, _ name: String, _ help: String, _ type: String) {
        out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
    }

    static func sample(_ out: inout String, _ series: String, _ value: Double) {
        out += "\(series) \(GoFloat.formatG(value))\n"
    }
}
