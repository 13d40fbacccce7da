import ArgusCore
import PromQL
import Storage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The dataset and queries of the PromQL benchmarks, shared by the
/// `PromQLBenchmarks` benchmark target and the `PromQLBench` executable that
/// `promql-vs-prometheus.sh` runs. The same generator writes the OpenMetrics
/// text that Prometheus is backfilled from, so both engines see identical
/// series, timestamps and values.
///
/// - `http_requests_total{job, instance, code}`: 10 jobs × 100 instances ×
///   10 status codes = 10,000 counters. Increments follow a per-series rate
///   with ±20% jitter; two instances of each job restart (counter reset)
///   half-way through.
/// - `http_request_duration_seconds_bucket{job, instance, le}`: a classic
///   histogram on 10 jobs × 10 instances, 12 buckets each = 1,200 series.
///
/// Every series has a sample every 15 s for 1 h 5 min (261 samples) from
/// ``start``; all values are integers, so they print and parse exactly.
public enum PromQLWorkload {
    /// 2024-01-01T00:00:00Z in milliseconds: fixed, so runs are comparable.
    public static let start: Int64 = 1_704_067_200_000
    /// The scrape interval, in milliseconds.
    public static let interval: Int64 = 15_000
    /// Samples per series: 1 h 5 min at 15 s, both ends included.
    public static let samplesPerSeries = 261
    /// The seed of the value generator.
    public static let seed: UInt64 = 0x5EED_A125

    /// The range queries run 1 h at a 15 s step (241 steps), beginning 5 min
    /// into the data so that `[5m]` windows are full from the first step.
    /// Steps fall half-way between samples: with samples exactly on window
    /// edges, Prometheus 2's closed range windows `[t - 5m, t]` and Argus'
    /// (Prometheus 3's) left-open `(t - 5m, t]` would select different
    /// samples, and the two engines' answers could not be checked against
    /// each other.
    public static let queryStart: Int64 = start + 307_500
    public static let queryEnd: Int64 = queryStart + 3_600_000
    public static let queryStep: Int64 = 15_000

    public static let jobs = [
        "api", "auth", "billing", "catalog", "checkout", "frontend", "inventory", "payments", "search", "shipping",
    ]
    public static let instancesPerJob = 100
    /// Status codes and their share of a series' traffic.
    public static let codes: [(code: String, share: Double)] = [
        ("200", 0.70), ("201", 0.08), ("204", 0.05), ("301", 0.01), ("304", 0.06),
        ("400", 0.02), ("401", 0.015), ("404", 0.04), ("500", 0.01), ("503", 0.005),
    ]
    public static let histogramInstancesPerJob = 10
    /// Bucket bounds as the label values Prometheus client libraries write.
    public static let buckets = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"]
    /// The share of requests falling into each bucket (not cumulative).
    static let bucketShares: [Double] = [0.02, 0.05, 0.13, 0.20, 0.22, 0.18, 0.10, 0.05, 0.03, 0.01, 0.007, 0.003]

    /// The benchmarked queries, with short names for tables.
    public static let queries: [(name: String, query: String)] = [
        ("sum-rate", "sum by (job) (rate(http_requests_total[5m]))"),
        (
            "hist-quantile",
            "histogram_quantile(0.9, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))"
        ),
        ("topk-rate", "topk(5, rate(http_requests_total[5m]))"),
        (
            "group-left",
            "http_requests_total{code=\"500\"} / ignoring(code) group_left sum without(code) (http_requests_total)"
        ),
        (
            "error-ratio",
            "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m])) / sum by (job) (rate(http_requests_total[5m]))"
        ),
    ]

    /// Calls `body` once per series, in a fixed order, with its metric
    /// family, its labels (metric name first, then in the order written) and
    /// its values at `start`, `start + interval`, ….
    public static func forEachSeries(_ body: (_ family: Family, _ labels: [Label], _ values: [Double]) throws -> Void)
        rethrows
    {
        var random = SplitMix64(seed: seed)
        for (j, job) in jobs.enumerated() {
            for i in 0..<instancesPerJob {
                let instance = "10.0.\(j).\(i + 1):8080"
                let load = 2 + 8 * random.unit()  // requests per second of this instance
                let restartsAt = i % 50 == 7 ? samplesPerSeries / 2 + j : nil
                for (code, share) in codes {
                    let perStep = load * share * Double(interval) / 1000
                    var value = (random.unit() * 1_000_000).rounded(.down)
                    var values: [Double] = []
                    values.reserveCapacity(samplesPerSeries)
                    for step in 0..<samplesPerSeries {
                        if step == restartsAt { value = 0 }
                        if step > 0 { value += (perStep * (0.8 + 0.4 * random.unit())).rounded() }
                        values.append(value)
                    }
                    let labels = [
                        Label(Labels.metricName, "http_requests_total"), Label("job", job),
                        Label("instance", instance), Label("code", code),
                    ]
                    try body(.counter, labels, values)
                }
            }
        }
        for (j, job) in jobs.enumerated() {
            for i in 0..<histogramInstancesPerJob {
                let instance = "10.0.\(j).\(i + 1):8080"
                let load = 5 + 20 * random.unit()
                // Slower jobs shift requests into higher buckets.
                let slowness = Double(j) / Double(jobs.count)
                var cumulative = [[Double]](repeating: [], count: buckets.count)
                var totals = [Double](repeating: 0, count: buckets.count)
                for step in 0..<samplesPerSeries {
                    var running = 0.0
                    for bucket in buckets.indices {
                        if step > 0 {
                            let share = bucketShares[bucket] * (1 + slowness * (Double(bucket) / 6 - 1))
                            running += (load * max(share, 0.001) * 15 * (0.5 + random.unit())).rounded(.down)
                        }
                        totals[bucket] += running
                        cumulative[bucket].append(totals[bucket])
                    }
                }
                for (bucket, le) in buckets.enumerated() {
                    let labels = [
                        Label(Labels.metricName, "http_request_duration_seconds_bucket"), Label("job", job),
                        Label("instance", instance), Label("le", le),
                    ]
                    try body(.histogram, labels, cumulative[bucket])
                }
            }
        }
    }

    /// The metric families of the dataset.
    public enum Family: CaseIterable, Sendable {
        case counter
        case histogram

        /// The OpenMetrics family name and type.
        public var metadata: (name: String, type: String) {
            switch self {
            case .counter: return ("http_requests", "counter")
            case .histogram: return ("http_request_duration_seconds", "histogram")
            }
        }
    }

    /// The whole dataset in a new in-memory storage.
    public static func makeStorage() throws -> MemoryStorage {
        let storage = MemoryStorage()
        let appender = storage.appender()
        forEachSeries { _, labels, values in
            let set = Labels(labels)
            for (step, value) in values.enumerated() {
                // Cannot fail: timestamps ascend and the label set is not empty.
                try? appender.append(set, timestamp: start + Int64(step) * interval, value: value)
            }
        }
        try appender.commit()
        return storage
    }

    /// Writes the dataset as OpenMetrics text, timestamps in seconds, for
    /// `promtool tsdb create-blocks-from openmetrics`.
    public static func writeOpenMetrics(toPath path: String) throws {
        guard let file = fopen(path, "w") else { throw WorkloadError("cannot open \(path) for writing") }
        defer { fclose(file) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        func flush() throws {
            if fwrite(buffer, 1, buffer.count, file) != buffer.count { throw WorkloadError("write to \(path) failed") }
            buffer.removeAll(keepingCapacity: true)
        }
        var family: Family?
        try forEachSeries { seriesFamily, labels, values in
            if seriesFamily != family {
                family = seriesFamily
                buffer.append(contentsOf: "# TYPE \(seriesFamily.metadata.name) \(seriesFamily.metadata.type)\n".utf8)
            }
            var prefix = labels[0].value + "{"
            for (index, label) in labels.dropFirst().enumerated() {
                prefix += (index == 0 ? "" : ",") + "\(label.name)=\"\(label.value)\""
            }
            prefix += "} "
            for (step, value) in values.enumerated() {
                buffer.append(contentsOf: prefix.utf8)
                buffer.append(contentsOf: String(Int64(value)).utf8)
                buffer.append(UInt8(ascii: " "))
                buffer.append(contentsOf: String((start + Int64(step) * interval) / 1000).utf8)
                buffer.append(UInt8(ascii: "\n"))
            }
            if buffer.count > 1 << 20 { try flush() }
        }
        buffer.append(contentsOf: "# EOF\n".utf8)
        try flush()
    }

    /// Parses every benchmark query.
    public static func parsedQueries() throws -> [(name: String, query: String, expr: Expr)] {
        try queries.map { ($0.name, $0.query, try PromQLParser.parse($0.query, options: .default)) }
    }

    /// Runs `expr` as the benchmark's range query.
    public static func run(_ engine: Engine, _ storage: MemoryStorage, _ expr: Expr) throws -> QueryResult {
        try engine.rangeQuery(storage, expr, start: queryStart, end: queryEnd, step: queryStep)
    }
}

/// A failure writing the dataset.
public struct WorkloadError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// SplitMix64: tiny, fast and fully specified, so the data never depends on
/// the standard library's generator or its `random(in:)` algorithms.
struct SplitMix64 {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform value in `0..<1`.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
