import ArgusCore
import Storage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The `*_over_time` aggregations, `changes`, `resets`, `deriv`,
/// `predict_linear` and `double_exponential_smoothing`.
extension FunctionTable {
    static var overTimeFunctions: [String: FunctionImplementation] {
        [
            "avg_over_time": .range(keepsName: false) { window, _, _ in avgOverTime(window.points) },
            "sum_over_time": .range(keepsName: false) { window, _, _ in sumOverTime(window.points) },
            "count_over_time": .range(keepsName: false) { window, _, _ in
                window.points.isEmpty ? nil : Double(window.points.count)
            },
            "min_over_time": .range(keepsName: false) { window, _, _ in
                compareOverTime(window.points, returnTimestamp: false) { current, best in current < best || best.isNaN }
            },
            "max_over_time": .range(keepsName: false) { window, _, _ in
                compareOverTime(window.points, returnTimestamp: false) { current, best in current > best || best.isNaN }
            },
            "ts_of_min_over_time": .range(keepsName: false) { window, _, _ in
                compareOverTime(window.points, returnTimestamp: true) { current, best in current <= best || best.isNaN }
            },
            "ts_of_max_over_time": .range(keepsName: false) { window, _, _ in
                compareOverTime(window.points, returnTimestamp: true) { current, best in current >= best || best.isNaN }
            },
            "last_over_time": .range(keepsName: true) { window, _, _ in window.points.last?.value },
            "first_over_time": .range(keepsName: true) { window, _, _ in window.points.first?.value },
            "ts_of_last_over_time": .range(keepsName: false) { window, _, _ in
                window.points.last.map { Double($0.timestamp) / 1000 }
            },
            "ts_of_first_over_time": .range(keepsName: false) { window, _, _ in
                window.points.first.map { Double($0.timestamp) / 1000 }
            },
            "present_over_time": .range(keepsName: false) { window, _, _ in window.points.isEmpty ? nil : 1 },
            "quantile_over_time": .range(keepsName: false) { window, scalars, context in
                quantileOverTime(window, q: scalars.first ?? .nan, context: &context)
            },
            "stddev_over_time": .range(keepsName: false) { window, _, _ in
                varianceOverTime(window.points).map { $0.squareRoot() }
            },
            "stdvar_over_time": .range(keepsName: false) { window, _, _ in varianceOverTime(window.points) },
            "mad_over_time": .range(keepsName: false) { window, _, _ in madOverTime(window.points) },
            "changes": .range(keepsName: false) { window, _, _ in
                window.mode == .anchored ? anchoredPoints(window).flatMap(changes) : changes(window.points)
            },
            "resets": .range(keepsName: false) { window, _, _ in
                window.mode == .anchored
                    ? anchoredPoints(window).flatMap { resets($0) }
                    : resets(window.points, startTimestamps: window.startTimestamps)
            },
            "deriv": .range(keepsName: false) { window, _, _ in deriv(window.points) },
            "predict_linear": .range(keepsName: false) { window, scalars, _ in
                predictLinear(window, duration: scalars.first ?? .nan)
            },
            "double_exponential_smoothing": .range(keepsName: false) { (window, scalars, _) throws(PromQLError) in
                let smoothing = scalars.first ?? .nan
                let trend = scalars.count > 1 ? scalars[1] : .nan
                // Prometheus rejects bad factors only for series that have samples in the window.
                if let error = smoothingFactorError(smoothing: smoothing, trend: trend) { throw error }
                return doubleExponentialSmoothing(window.points, smoothing: smoothing, trend: trend)
            },
        ]
    }

    /// The mean, summed directly with Kahan compensation while the sum stays
    /// finite, then switching to an incremental mean (Prometheus' approach
    /// since 3.5, see prometheus/prometheus#16714).
    static func avgOverTime(_ points: ArraySlice<Sample>) -> Double? {
        guard let first = points.first else { return nil }
        var sum = first.value
        var count = 1.0
        var mean = 0.0
        var c = 0.0
        var incrementalMean = false
        for (i, point) in points.dropFirst().enumerated() {
            count = Double(i + 2)
            if !incrementalMean {
                let (newSum, newC) = kahanInc(point.value, sum, c)
                if !newSum.isInfinite {
                    sum = newSum
                    c = newC
                    continue
                }
                // The running sum overflows: continue with an incremental mean.
                incrementalMean = true
                mean = sum / (count - 1)
                c /= (count - 1)
            }
            let q = (count - 1) / count
            (mean, c) = kahanInc(point.value / count, q * mean, q * c)
        }
        if incrementalMean {
            return mean + c
        }
        return sum / count + c / count
    }

    /// The Kahan-compensated sum (the compensation is dropped when the sum
    /// is infinite).
    static func sumOverTime(_ points: ArraySlice<Sample>) -> Double? {
        guard !points.isEmpty else { return nil }
        var sum = 0.0
        var c = 0.0
        for point in points {
            (sum, c) = kahanInc(point.value, sum, c)
        }
        if sum.isInfinite { return sum }
        return sum + c
    }

    /// Prometheus' `compareOverTime`: starting from the first sample, a later
    /// sample replaces the current best when `replaces(current, best)`.
    static func compareOverTime(
        _ points: ArraySlice<Sample>,
        returnTimestamp: Bool,
        replaces: (_ current: Double, _ best: Double) -> Bool
    ) -> Double? {
        guard let first = points.first else { return nil }
        var best = first.value
        var bestTimestamp = first.timestamp
        for point in points where replaces(point.value, best) {
            best = point.value
            bestTimestamp = point.timestamp
        }
        return returnTimestamp ? Double(bestTimestamp) / 1000 : best
    }

    /// `quantile_over_time(q, v[r])`; warns (at the quantile argument) when
    /// `q` is NaN or outside [0, 1].
    static func quantileOverTime(_ window: RangeWindow, q: Double, context: inout FunctionContext) -> Double? {
        guard !window.points.isEmpty else { return nil }
        if q.isNaN || q < 0 || q > 1 {
            context.warn(invalidQuantileMessage(q), at: context.argumentPositions.first)
        }
        return promQuantile(q, window.points.map(\.value))
    }

    /// The population variance with Welford's algorithm, both running values
    /// Kahan-compensated.
    static func varianceOverTime(_ points: ArraySlice<Sample>) -> Double? {
        guard !points.isEmpty else { return nil }
        var count = 0.0
        var mean = 0.0
        var cMean = 0.0
        var aux = 0.0
        var cAux = 0.0
        for point in points {
            count += 1
            let delta = point.value - (mean + cMean)
            (mean, cMean) = kahanInc(delta / count, mean, cMean)
            (aux, cAux) = kahanInc(delta * (point.value - (mean + cMean)), aux, cAux)
        }
        return (aux + cAux) / count
    }

    /// The median absolute deviation; a NaN sample makes it NaN.
    static func madOverTime(_ points: ArraySlice<Sample>) -> Double? {
        guard !points.isEmpty else { return nil }
        var values: [Double] = []
        values.reserveCapacity(points.count)
        for point in points {
            if point.value.isNaN { return .nan }
            values.append(point.value)
        }
        let median = promQuantile(0.5, values)
        return promQuantile(0.5, values.map { abs($0 - median) })
    }

    /// The number of times the value changed (NaN to NaN is no change).
    static func changes(_ points: ArraySlice<Sample>) -> Double? {
        guard var previous = points.first?.value else { return nil }
        var count = 0
        for point in points.dropFirst() {
            if point.value != previous && !(point.value.isNaN && previous.isNaN) { count += 1 }
            previous = point.value
        }
        return Double(count)
    }

    /// The number of times the value decreased, or a start timestamp
    /// (aligned with `points`) says the counter was reset.
    static func resets(_ points: ArraySlice<Sample>, startTimestamps: ArraySlice<Int64>? = nil) -> Double? {
        guard points.first != nil else { return nil }
        var count = 0
        for i in points.indices.dropFirst() {
            var reset = points[i].value < points[i - 1].value
            if let sts = startTimestamps {
                reset =
                    reset || isStartTimestampReset(sts[i - 1], points[i - 1].timestamp, sts[i], points[i].timestamp)
            }
            if reset { count += 1 }
        }
        return Double(count)
    }

    /// The least-squares slope per second. Needs two samples.
    static func deriv(_ points: ArraySlice<Sample>) -> Double? {
        guard points.count >= 2, let first = points.first else { return nil }
        // Regress around the first sample's time to keep the numbers small
        // (prometheus/prometheus#2674).
        return linearRegression(points, interceptTime: first.timestamp).slope
    }

    /// The least-squares line evaluated `duration` seconds after the step
    /// time. Needs two samples.
    static func predictLinear(_ window: RangeWindow, duration: Double) -> Double? {
        guard window.points.count >= 2 else { return nil }
        let (slope, intercept) = linearRegression(window.points, interceptTime: window.stepTime)
        return slope * duration + intercept
    }

    /// Prometheus' `linearRegression`: slope and intercept (at
    /// `interceptTime`) with Kahan-compensated sums. A constant series has
    /// slope 0, unless its value is infinite, which gives NaN for both.
    static func linearRegression(
        _ points: ArraySlice<Sample>,
        interceptTime: Int64
    ) -> (slope: Double, intercept: Double) {
        var n = 0.0
        var sumX = 0.0
        var cX = 0.0
        var sumY = 0.0
        var cY = 0.0
        var sumXY = 0.0
        var cXY = 0.0
        var sumX2 = 0.0
        var cX2 = 0.0
        let initY = points.first?.value ?? 0
        var constY = true
        for (i, point) in points.enumerated() {
            if constY && i > 0 && point.value != initY {
                constY = false
            }
            n += 1
            let x = Double(point.timestamp - interceptTime) / 1e3
            (sumX, cX) = kahanInc(x, sumX, cX)
            (sumY, cY) = kahanInc(point.value, sumY, cY)
            (sumXY, cXY) = kahanInc(x * point.value, sumXY, cXY)
            (sumX2, cX2) = kahanInc(x * x, sumX2, cX2)
        }
        if constY {
            if initY.isInfinite { return (.nan, .nan) }
            return (0, initY)
        }
        sumX += cX
        sumY += cY
        sumXY += cXY
        sumX2 += cX2

        let covXY = sumXY - sumX * sumY / n
        let varX = sumX2 - sumX * sumX / n
        let slope = covXY / varX
        let intercept = sumY / n - slope * sumX / n
        return (slope, intercept)
    }

    /// Holt's double exponential smoothing (Prometheus' former
    /// `holt_winters`). Needs two samples; the factors must lie strictly
    /// between 0 and 1 (the caller throws otherwise; here invalid factors
    /// give no sample).
    static func doubleExponentialSmoothing(_ points: ArraySlice<Sample>, smoothing sf: Double, trend tf: Double)
        -> Double?
    {
        guard smoothingFactorError(smoothing: sf, trend: tf) == nil else { return nil }
        guard points.count >= 2 else { return nil }
        let values = Array(points.map(\.value))
        var s0 = 0.0
        var s1 = values[0]
        var b = values[1] - values[0]
        for i in 1..<values.count {
            let x = sf * values[i]
            b = trendValue(i - 1, tf, s0, s1, b)
            let y = (1 - sf) * (s1 + b)
            (s0, s1) = (s1, x + y)
        }
        return s1
    }

    /// Prometheus' `calcTrendValue`.
    private static func trendValue(_ i: Int, _ tf: Double, _ s0: Double, _ s1: Double, _ b: Double) -> Double {
        if i == 0 { return b }
        let x = tf * (s1 - s0)
        let y = (1 - tf) * b
        return x + y
    }

    /// The error Prometheus raises for a smoothing or trend factor outside
    /// (0, 1), or nil.
    static func smoothingFactorError(smoothing sf: Double, trend tf: Double) -> PromQLError? {
        // NaN compares false both ways, so it passes, as in Prometheus.
        if sf <= 0 || sf >= 1 {
            return PromQLError(
                .execution, "invalid smoothing factor. Expected: 0 < sf < 1, got: \(goPercentF(sf))")
        }
        if tf <= 0 || tf >= 1 {
            return PromQLError(.execution, "invalid trend factor. Expected: 0 < tf < 1, got: \(goPercentF(tf))")
        }
        return nil
    }

    /// `quantile value should be between 0 and 1, got <q>`.
    static func invalidQuantileMessage(_ q: Double) -> String {
        "quantile value should be between 0 and 1, got \(goPercentG(q))"
    }
}
