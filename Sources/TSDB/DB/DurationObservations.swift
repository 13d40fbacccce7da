#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Observed durations of one kind of maintenance run: their count and sum,
/// and with bucket bounds, how many took at most each bound (a Prometheus
/// histogram; without bounds, a summary without quantiles).
public struct DurationObservations: Hashable, Sendable {
    /// Upper bounds of the buckets in seconds, ascending; empty for a summary.
    public let bounds: [Double]
    /// Per bound, the observations at or below it (cumulative, as exposed).
    public private(set) var cumulativeCounts: [Int]
    public private(set) var count = 0
    public private(set) var sum = 0.0

    public init(bounds: [Double] = []) {
        self.bounds = bounds
        cumulativeCounts = Array(repeating: 0, count: bounds.count)
    }

    /// Bounds `start`, `start × factor`, … (`count` of them), as Go's
    /// `prometheus.ExponentialBuckets`.
    public static func exponentialBounds(start: Double, factor: Double, count: Int) -> [Double] {
        (0..<count).map { start * pow(factor, Double($0)) }
    }

    mutating func observe(_ seconds: Double) {
        count += 1
        sum += seconds
        for (index, bound) in bounds.enumerated() where seconds <= bound { cumulativeCounts[index] += 1 }
    }
}
