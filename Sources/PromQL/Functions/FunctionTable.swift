import ArgusCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The PromQL functions the evaluator looks up by name, with Prometheus 3's
/// semantics for float samples (`promql/functions.go`).
///
/// Each family lives in an extension of its own: rates (`FunctionTable+Rate`,
/// with anchored and smoothed windows in `+ExtendedRange`),
/// `*_over_time` and friends (`+OverTime`), element-wise math (`+Math`),
/// calendar functions (`+Time`), whole-vector functions such as `sort` and
/// `label_replace` (`+Vector`) and classic-bucket histogram functions
/// (`+Histogram`).
///
/// Not in the table, because the evaluator handles them itself: `timestamp`,
/// `absent`, `absent_over_time`, `info`, `start`, `end`, `step`, `range`,
/// `start_timestamp`.
enum FunctionTable {
    /// Every function implemented here, by PromQL name.
    ///
    static let implementations: [String: FunctionImplementation] = {
        var table: [String: FunctionImplementation] = [:]
        for family in [
            rateFunctions, overTimeFunctions, mathFunctions, timeFunctions, vectorFunctions, histogramFunctions,
        ] {
            table.merge(family) { first, _ in first }
        }
        return table
    }()
}

// MARK: - Shared helpers

extension FunctionTable {
    /// Go's `kahansum.Inc`: adds `increment` to `sum` with Neumaier's
    /// compensation `c`; an infinite sum resets the compensation.
    @inline(__always)
    static func kahanInc(_ increment: Double, _ sum: Double, _ c: Double) -> (sum: Double, c: Double) {
        let t = sum + increment
        if t.isInfinite { return (t, 0) }
        if abs(sum) >= abs(increment) { return (t, c + ((sum - t) + increment)) }
        return (t, c + ((increment - t) + sum))
    }

    /// Go's `math.Max`: +Inf wins over NaN, NaN wins over everything else, and
    /// +0 is larger than -0.
    @inline(__always)
    static func goMax(_ x: Double, _ y: Double) -> Double {
        if x == .infinity || y == .infinity { return .infinity }
        if x.isNaN || y.isNaN { return .nan }
        if x == 0 && x == y { return x.sign == .minus ? y : x }
        return x > y ? x : y
    }

    /// Go's `math.Min`: -Inf wins over NaN, NaN wins over everything else, and
    /// -0 is smaller than +0.
    @inline(__always)
    static func goMin(_ x: Double, _ y: Double) -> Double {
        if x == -.infinity || y == -.infinity { return -.infinity }
        if x.isNaN || y.isNaN { return .nan }
        if x == 0 && x == y { return x.sign == .minus ? x : y }
        return x < y ? x : y
    }

    /// Prometheus' `quantile` over plain values: NaN for no values or a NaN
    /// `q`, ±Inf for `q` out of [0, 1], otherwise linear interpolation between
    /// the two closest ranks. NaN values sort below everything else.
    static func promQuantile(_ q: Double, _ input: [Double]) -> Double {
        if input.isEmpty || q.isNaN { return .nan }
        if q < 0 { return -.infinity }
        if q > 1 { return .infinity }
        let values = sortedNaNFirst(input)
        let n = Double(values.count)
        let rank = q * (n - 1)
        let lowerIndex = max(0, rank.rounded(.down))
        let upperIndex = min(n - 1, lowerIndex + 1)
        let weight = rank - rank.rounded(.down)
        return values[Int(lowerIndex)] * (1 - weight) + values[Int(upperIndex)] * weight
    }

    /// Ascending order with NaNs first, as Prometheus' `vectorByValueHeap` sorts.
    static func sortedNaNFirst(_ values: [Double]) -> [Double] {
        values.sorted { a, b in a.isNaN ? !b.isNaN : (!b.isNaN && a < b) }
    }

    /// The metric name for annotations (empty when there is none).
    @inline(__always)
    static func metricName(_ labels: Labels) -> String {
        labels.name ?? ""
    }

    /// Go's `fmt.Sprintf("%g", v)` for a float64.
    static func goPercentG(_ value: Double) -> String {
        GoFloat.formatG(value)
    }

    /// Go's `fmt.Sprintf("%f", v)` for a float64: six decimals, and `+Inf`,
    /// `-Inf`, `NaN` for the special values.
    static func goPercentF(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        return formatFixed(value, decimals: 6)
    }

    /// `value` printed with C's `%.Nf`, which rounds the exact binary value
    /// half-to-even as Go's `%.Nf` does.
    static func formatFixed(_ value: Double, decimals: Int) -> String {
        let format = "%.\(decimals)f"
        return withVaList([value]) { arguments in
            let size = Int(vsnprintf(nil, 0, format, arguments)) + 1
            var buffer = [CChar](repeating: 0, count: size)
            _ = withVaList([value]) { again in vsnprintf(&buffer, size, format, again) }
            return String(decoding: buffer.prefix(size - 1).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
    }
}
