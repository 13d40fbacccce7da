import ArgusCore

/// `histogram_quantile`, `histogram_quantiles` and `histogram_fraction` over
/// classic histograms (series with an `le` label), and the native-histogram
/// accessors, which find no native histograms among float samples and so
/// return nothing.
extension FunctionTable {
    static var histogramFunctions: [String: FunctionImplementation] {
        var table: [String: FunctionImplementation] = [
            "histogram_quantile": .step { arguments, context in
                histogramQuantile(q: arguments[0].scalarValue, arguments[1].vectorValue, context: &context)
            },
            "histogram_quantiles": .step { arguments, context in
                histogramQuantiles(
                    arguments[0].vectorValue,
                    label: arguments[1].stringValue,
                    quantiles: arguments.dropFirst(2).map(\.scalarValue),
                    context: &context
                )
            },
            "histogram_fraction": .step { arguments, context in
                histogramFraction(
                    lower: arguments[0].scalarValue,
                    upper: arguments[1].scalarValue,
                    arguments[2].vectorValue,
                    context: &context
                )
            },
        ]
        for name in ["histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar"] {
            table[name] = .step { _, _ in [] }
        }
        return table
    }

    /// `histogram_quantile(q, v)`: the `q` quantile of each classic
    /// histogram in `v`, interpolated linearly within the bucket it falls in.
    static func histogramQuantile(q: Double, _ vector: [StepSample], context: inout FunctionContext) -> [StepSample] {
        let position = context.argumentPositions.count > 1 ? context.argumentPositions[1] : nil
        if q.isNaN || q < 0 || q > 1 {
            context.warn(invalidQuantileMessage(q), at: context.argumentPositions.first)
        }
        let histograms = classicHistograms(vector, position: position, context: &context)
        var result: [StepSample] = []
        result.reserveCapacity(histograms.count)
        for histogram in histograms {
            let quantile = bucketQuantile(q, histogram.buckets)
            if quantile.forcedMonotonicity {
                context.info(forcedMonotonicityMessage(metricName(histogram.labels)), at: position)
            }
            result.append(StepSample(labels: histogram.labels, value: quantile.value, dropName: true))
        }
        return result
    }

    /// `histogram_quantiles(v, "label", q0, q1, …)`: like `histogram_quantile`
    /// for several quantiles at once, each result labelled with its quantile.
    static func histogramQuantiles(
        _ vector: [StepSample],
        label: String,
        quantiles: [Double],
        context: inout FunctionContext
    ) -> [StepSample] {
        for (i, q) in quantiles.enumerated() where q.isNaN || q < 0 || q > 1 {
            let index = i + 2
            context.warn(
                invalidQuantileMessage(q),
                at: index < context.argumentPositions.count ? context.argumentPositions[index] : nil
            )
        }
        let position = context.argumentPositions.first
        let histograms = classicHistograms(vector, position: position, context: &context)
        var result: [StepSample] = []
        result.reserveCapacity(histograms.count * quantiles.count)
        for q in quantiles {
            let quantileText = openMetricsFloat(q)
            for histogram in histograms {
                let quantile = bucketQuantile(q, histogram.buckets)
                if quantile.forcedMonotonicity {
                    context.info(forcedMonotonicityMessage(metricName(histogram.labels)), at: position)
                }
                result.append(
                    StepSample(
                        labels: histogram.labels.setting(label, to: quantileText),
                        value: quantile.value,
                        dropName: true
                    )
                )
            }
        }
        return result
    }

    /// `histogram_fraction(lower, upper, v)`: the estimated fraction of
    /// observations between `lower` and `upper` in each classic histogram.
    static func histogramFraction(
        lower: Double,
        upper: Double,
        _ vector: [StepSample],
        context: inout FunctionContext
    ) -> [StepSample] {
        let position = context.argumentPositions.count > 2 ? context.argumentPositions[2] : nil
        let histograms = classicHistograms(vector, position: position, context: &context)
        return histograms.map { histogram in
            StepSample(
                labels: histogram.labels,
                value: bucketFraction(lower: lower, upper: upper, histogram.buckets),
                dropName: true
            )
        }
    }

    // MARK: Classic buckets

    /// One classic-histogram bucket: its upper bound and cumulative count.
    struct Bucket: Hashable {
        var upperBound: Double
        var count: Double
    }

    /// The buckets of one classic histogram, and its labels without `le`.
    struct ClassicHistogram {
        var labels: Labels
        var buckets: [Bucket]
    }

    /// Groups the samples of `vector` into classic histograms by all labels
    /// except `le` (metric name included), in order of first appearance.
    /// Samples whose `le` is missing or not a float are skipped with a
    /// warning at `position`.
    static func classicHistograms(
        _ vector: [StepSample],
        position: PositionRange?,
        context: inout FunctionContext
    ) -> [ClassicHistogram] {
        var histograms: [ClassicHistogram] = []
        var indexByLabels: [Labels: Int] = [:]
        for sample in vector {
            let le = sample.labels["le"] ?? ""
            guard let upperBound = parseBucketBound(le) else {
                context.warn(badBucketLabelMessage(le, metricName: metricName(sample.labels)), at: position)
                continue
            }
            let labels = sample.labels.removing(["le"])
            let bucket = Bucket(upperBound: upperBound, count: sample.value)
            if let index = indexByLabels[labels] {
                histograms[index].buckets.append(bucket)
            } else {
                indexByLabels[labels] = histograms.count
                histograms.append(ClassicHistogram(labels: labels, buckets: [bucket]))
            }
        }
        return histograms
    }

    /// Go's `strconv.ParseFloat(le, 64)` succeeding: a float, where a finite
    /// number too large for a double is an error rather than ±Inf.
    static func parseBucketBound(_ text: String) -> Double? {
        guard let value = GoFloat.parse(text) else { return nil }
        if value.isInfinite && !text.lowercased().contains("inf") { return nil }
        return value
    }

    /// The tolerance below which differences between successive bucket
    /// counts are treated as floating-point noise (Prometheus'
    /// `smallDeltaTolerance`).
    static let smallDeltaTolerance = 1e-12

    /// Prometheus' `BucketQuantile`: the `q` quantile of `buckets` (in any
    /// order), assuming observations spread linearly within a bucket and a
    /// lower bound of 0 for the first bucket if its upper bound is positive.
    /// NaN without a `+Inf` bucket, with fewer than two buckets, or no
    /// observations; -Inf/+Inf for `q` below 0/above 1. Reports whether
    /// the counts had to be forced to be monotonic.
    static func bucketQuantile(_ q: Double, _ input: [Bucket]) -> (value: Double, forcedMonotonicity: Bool) {
        if q.isNaN { return (.nan, false) }
        if q < 0 { return (-.infinity, false) }
        if q > 1 { return (.infinity, false) }
        var buckets = sortedByUpperBound(input)
        guard let last = buckets.last, last.upperBound == .infinity else { return (.nan, false) }
        buckets = coalesce(buckets)
        let forced = ensureMonotonicAndIgnoreSmallDeltas(&buckets, tolerance: smallDeltaTolerance)

        if buckets.count < 2 { return (.nan, forced) }
        let observations = buckets[buckets.count - 1].count
        if observations == 0 { return (.nan, forced) }
        var rank = q * observations
        let b = goSearch(buckets.count - 1) { buckets[$0].count >= rank }

        if b == buckets.count - 1 {
            return (buckets[buckets.count - 2].upperBound, forced)
        }
        if b == 0 && buckets[0].upperBound <= 0 {
            return (buckets[0].upperBound, forced)
        }
        var bucketStart = 0.0
        let bucketEnd = buckets[b].upperBound
        var count = buckets[b].count
        if b > 0 {
            bucketStart = buckets[b - 1].upperBound
            count -= buckets[b - 1].count
            rank -= buckets[b - 1].count
        }
        return (bucketStart + (bucketEnd - bucketStart) * (rank / count), forced)
    }

    /// Prometheus' `BucketFraction`: the estimated fraction of observations
    /// in `(lower, upper]`, interpolating linearly within buckets (and not at
    /// all within a bucket with an infinite bound).
    static func bucketFraction(lower: Double, upper: Double, _ input: [Bucket]) -> Double {
        var buckets = sortedByUpperBound(input)
        guard let last = buckets.last, last.upperBound == .infinity else { return .nan }
        buckets = coalesce(buckets)

        let count = buckets[buckets.count - 1].count
        if count == 0 || lower.isNaN || upper.isNaN { return .nan }
        if lower >= upper { return 0 }

        var rank = 0.0
        var lowerRank = 0.0
        var upperRank = 0.0
        var lowerSet = false
        var upperSet = false
        // A first bucket with a positive upper bound is taken to start at 0.
        var lowerBound = buckets[0].upperBound <= 0 ? -Double.infinity : 0
        for (i, bucket) in buckets.enumerated() {
            if i > 0 { lowerBound = buckets[i - 1].upperBound }
            let upperBound = bucket.upperBound
            func interpolateLinearly(_ v: Double) -> Double {
                // No interpolation inside a bucket of infinite width.
                if lowerBound == -.infinity { return bucket.count }
                return rank + (bucket.count - rank) * (v - lowerBound) / (upperBound - lowerBound)
            }
            if !lowerSet && lowerBound >= lower {
                lowerRank = rank
                lowerSet = true
            }
            if !upperSet && lowerBound >= upper {
                upperRank = rank
                upperSet = true
            }
            if lowerSet && upperSet { break }
            if !lowerSet && lowerBound < lower && upperBound > lower {
                lowerRank = interpolateLinearly(lower)
                lowerSet = true
            }
            if !upperSet && lowerBound < upper && upperBound > upper {
                upperRank = interpolateLinearly(upper)
                upperSet = true
            }
            if lowerSet && upperSet { break }
            rank = bucket.count
        }
        if !lowerSet || lowerRank > count { lowerRank = count }
        if !upperSet || upperRank > count { upperRank = count }
        return (upperRank - lowerRank) / count
    }

    /// Sorted by upper bound (NaN bounds are not expected).
    static func sortedByUpperBound(_ buckets: [Bucket]) -> [Bucket] {
        buckets.sorted { $0.upperBound < $1.upperBound }
    }

    /// Merges buckets with the same upper bound (input sorted).
    static func coalesce(_ buckets: [Bucket]) -> [Bucket] {
        guard var last = buckets.first else { return buckets }
        var result: [Bucket] = []
        result.reserveCapacity(buckets.count)
        for bucket in buckets.dropFirst() {
            if bucket.upperBound == last.upperBound {
                last.count += bucket.count
            } else {
                result.append(last)
                last = bucket
            }
        }
        result.append(last)
        return result
    }

    /// Prometheus' `ensureMonotonicAndIgnoreSmallDeltas`: differences between
    /// successive counts below `tolerance` (relative) are ignored, and any
    /// decrease is flattened. Returns whether a real decrease was flattened.
    static func ensureMonotonicAndIgnoreSmallDeltas(_ buckets: inout [Bucket], tolerance: Double) -> Bool {
        var forced = false
        var previous = buckets[0].count
        for i in 1..<buckets.count {
            let current = buckets[i].count
            if current == previous { continue }
            if almostEqual(previous, current, epsilon: tolerance) {
                // Floating-point noise; keep `previous` as the reference.
                buckets[i].count = previous
                continue
            }
            if current < previous {
                buckets[i].count = previous
                forced = true
                continue
            }
            previous = current
        }
        return forced
    }

    /// Prometheus' `almost.Equal`.
    static func almostEqual(_ a: Double, _ b: Double, epsilon: Double) -> Bool {
        if StaleMarker.isStale(a) || StaleMarker.isStale(b) {
            return StaleMarker.isStale(a) && StaleMarker.isStale(b)
        }
        if a.isNaN && b.isNaN { return true }
        if a == b { return true }
        let minNormal = Double.leastNormalMagnitude
        let absSum = abs(a) + abs(b)
        let diff = abs(a - b)
        if a == 0 || b == 0 || absSum < minNormal {
            return diff < epsilon * minNormal
        }
        return diff / goMin(absSum, .greatestFiniteMagnitude) < epsilon
    }

    /// Go's `sort.Search(n, f)`: the smallest index in `0..<n` for which `f`
    /// is true, assuming it is false then true, or `n`; the same binary
    /// search, so it probes the same indices even when `f` is not monotonic.
    static func goSearch(_ n: Int, _ f: (Int) -> Bool) -> Int {
        var i = 0
        var j = n
        while i < j {
            let h = Int(UInt(i + j) >> 1)
            if !f(h) {
                i = h + 1
            } else {
                j = h
            }
        }
        return i
    }

    /// Prometheus' `labels.FormatOpenMetricsFloat`: Go's shortest `%g`, with
    /// `.0` appended when that has neither a `.` nor an exponent.
    static func openMetricsFloat(_ value: Double) -> String {
        if value == 0 { return "0.0" }
        let text = GoFloat.formatG(value)
        if value.isNaN || value.isInfinite || text.contains(".") || text.contains("e") { return text }
        return text + ".0"
    }

    /// `bucket label "le" is missing or has a malformed value of "<le>"`,
    /// with ` for metric name "<name>"` when there is a name.
    static func badBucketLabelMessage(_ le: String, metricName name: String) -> String {
        let message = "bucket label \"le\" is missing or has a malformed value of \(GoString.quote(le))"
        return name.isEmpty ? message : message + " for metric name \(GoString.quote(name))"
    }

    /// The info given when bucket counts had to be made monotonic.
    static func forcedMonotonicityMessage(_ name: String) -> String {
        let message =
            "input to histogram_quantile needed to be fixed for monotonicity (see "
            + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile)"
        return name.isEmpty ? message : message + " for metric name \(GoString.quote(name))"
    }
}
