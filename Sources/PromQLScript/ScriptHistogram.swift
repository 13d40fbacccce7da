import ArgusCore

/// A native histogram written as a `{{…}}` literal in a script: the fields of
/// Prometheus' `FloatHistogram` that a literal can set.
///
/// Argus' engine does not handle native histograms yet, so these values are
/// only parsed, expanded and tracked (evals that involve them are skipped);
/// the arithmetic of `{{H}}+{{D}}xN` progressions is approximated where
/// Prometheus would widen zero buckets.
public struct ScriptHistogram: Hashable, Sendable, CustomStringConvertible {
    /// The schema of custom-bucket histograms (NHCB).
    public static let customBucketsSchema: Int32 = -53

    /// `counter_reset_hint:` values.
    public enum CounterResetHint: String, Hashable, Sendable {
        case unknown
        case reset
        case notReset = "not_reset"
        case gauge
    }

    /// Bucket counts of one side: absolute counts of the buckets with indexes
    /// `offset`, `offset + 1`, … (zero counts allowed, as after arithmetic).
    public struct Buckets: Hashable, Sendable {
        public var offset: Int32
        public var counts: [Double]

        public init(offset: Int32 = 0, counts: [Double] = []) {
            self.offset = offset
            self.counts = counts
        }

        /// The non-zero buckets as (index, count) pairs.
        public var nonEmpty: [(index: Int32, count: Double)] {
            counts.enumerated().compactMap { $0.element == 0 ? nil : (offset + Int32($0.offset), $0.element) }
        }

        public static func == (lhs: Buckets, rhs: Buckets) -> Bool {
            lhs.offset == rhs.offset && lhs.counts.map(\.bitPattern) == rhs.counts.map(\.bitPattern)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(offset)
            hasher.combine(counts.map(\.bitPattern))
        }
    }

    public var schema: Int32 = 0
    public var count: Double = 0
    public var sum: Double = 0
    public var zeroCount: Double = 0
    public var zeroThreshold: Double = 0
    public var positive = Buckets()
    public var negative = Buckets()
    /// The finite upper bounds of custom buckets (schema −53).
    public var customValues: [Double] = []
    public var counterResetHint: CounterResetHint = .unknown

    public init() {}

    /// Whether this histogram uses custom buckets.
    public var usesCustomBuckets: Bool { schema == ScriptHistogram.customBucketsSchema }

    public static func == (lhs: ScriptHistogram, rhs: ScriptHistogram) -> Bool {
        lhs.schema == rhs.schema && lhs.count.bitPattern == rhs.count.bitPattern
            && lhs.sum.bitPattern == rhs.sum.bitPattern && lhs.zeroCount.bitPattern == rhs.zeroCount.bitPattern
            && lhs.zeroThreshold.bitPattern == rhs.zeroThreshold.bitPattern && lhs.positive == rhs.positive
            && lhs.negative == rhs.negative && lhs.customValues.map(\.bitPattern) == rhs.customValues.map(\.bitPattern)
            && lhs.counterResetHint == rhs.counterResetHint
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(schema)
        hasher.combine(count.bitPattern)
        hasher.combine(sum.bitPattern)
    }

    /// The literal in Prometheus' `TestExpression` style.
    public var description: String {
        var fields: [String] = []
        if schema != 0 { fields.append("schema:\(schema)") }
        fields.append("count:\(ScriptHistogram.format(count))")
        fields.append("sum:\(ScriptHistogram.format(sum))")
        if zeroCount != 0 { fields.append("z_bucket:\(ScriptHistogram.format(zeroCount))") }
        if zeroThreshold != 0 { fields.append("z_bucket_w:\(ScriptHistogram.format(zeroThreshold))") }
        if !customValues.isEmpty {
            fields.append("custom_values:[\(customValues.map(ScriptHistogram.format).joined(separator: " "))]")
        }
        if positive.offset != 0 { fields.append("offset:\(positive.offset)") }
        if !positive.counts.isEmpty {
            fields.append("buckets:[\(positive.counts.map(ScriptHistogram.format).joined(separator: " "))]")
        }
        if negative.offset != 0 { fields.append("n_offset:\(negative.offset)") }
        if !negative.counts.isEmpty {
            fields.append("n_buckets:[\(negative.counts.map(ScriptHistogram.format).joined(separator: " "))]")
        }
        if counterResetHint != .unknown { fields.append("counter_reset_hint:\(counterResetHint.rawValue)") }
        return "{{" + fields.joined(separator: " ") + "}}"
    }

    static func format(_ value: Double) -> String { GoFloat.formatG(value) }

    // MARK: Arithmetic for `{{H}}±{{D}}xN`

    /// `self + other` (or `self - other` when `subtracting`), bucket-wise at
    /// the coarser schema, custom bounds reconciled to the common ones.
    func combined(with other: ScriptHistogram, subtracting: Bool) throws(ScriptHistogramError) -> ScriptHistogram {
        let sign: Double = subtracting ? -1 : 1
        guard usesCustomBuckets == other.usesCustomBuckets else {
            throw ScriptHistogramError(
                "cannot apply this operation on histograms with a mix of exponential and custom bucket schemas")
        }
        var result = ScriptHistogram()
        result.count = count + sign * other.count
        result.sum = sum + sign * other.sum
        result.zeroCount = zeroCount + sign * other.zeroCount
        result.zeroThreshold = Swift.max(zeroThreshold, other.zeroThreshold)
        result.counterResetHint = ScriptHistogram.combinedHint(counterResetHint, other.counterResetHint)
        if usesCustomBuckets {
            result.schema = ScriptHistogram.customBucketsSchema
            let bounds =
                customValues.map(\.bitPattern) == other.customValues.map(\.bitPattern)
                ? customValues : customValues.filter { other.customValues.contains($0) }
            result.customValues = bounds
            var counts = [Double](repeating: 0, count: bounds.count + 1)
            for (histogram, factor) in [(self, 1.0), (other, sign)] {
                for (index, bucketCount) in histogram.positive.nonEmpty {
                    let upper =
                        Int(index) < histogram.customValues.count ? histogram.customValues[Int(index)] : .infinity
                    let target = bounds.firstIndex { $0 >= upper } ?? bounds.count
                    counts[target] += factor * bucketCount
                }
            }
            result.positive = Buckets(offset: 0, counts: counts)
            return result
        }
        result.schema = Swift.min(schema, other.schema)
        result.positive = ScriptHistogram.add(
            positive, schema: schema, other.positive, schema: other.schema, factor: sign, target: result.schema)
        result.negative = ScriptHistogram.add(
            negative, schema: schema, other.negative, schema: other.schema, factor: sign, target: result.schema)
        return result
    }

    private static func combinedHint(_ a: CounterResetHint, _ b: CounterResetHint) -> CounterResetHint {
        if a == b { return a }
        if a == .gauge || b == .gauge { return .gauge }
        return .unknown
    }

    private static func add(
        _ a: Buckets, schema schemaA: Int32, _ b: Buckets, schema schemaB: Int32, factor: Double, target: Int32
    ) -> Buckets {
        var sparse: [Int32: Double] = [:]
        for (index, count) in a.nonEmpty { sparse[reduce(index, from: schemaA, to: target), default: 0] += count }
        for (index, count) in b.nonEmpty {
            sparse[reduce(index, from: schemaB, to: target), default: 0] += factor * count
        }
        guard let low = sparse.keys.min(), let high = sparse.keys.max() else { return Buckets() }
        var counts = [Double](repeating: 0, count: Int(high - low) + 1)
        for (index, count) in sparse { counts[Int(index - low)] = count }
        return Buckets(offset: low, counts: counts)
    }

    /// The index at schema `target` of the bucket that contains bucket `index`
    /// of schema `origin` (Prometheus' `targetIdx`).
    private static func reduce(_ index: Int32, from origin: Int32, to target: Int32) -> Int32 {
        guard origin > target else { return index }
        return ((index - 1) >> (origin - target)) + 1
    }
}

/// Why a histogram progression cannot be expanded.
struct ScriptHistogramError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
