import ArgusCore
import Storage

extension Evaluator {
    /// An instant-vector selector: at each step the newest sample in the
    /// left-open window `(t − lookback, t]` (t = step or `@` time, minus the
    /// offset), absent when that sample is a stale marker.
    func evalVectorSelector(_ selector: VectorSelector) throws(PromQLError) -> [EvalSeries] {
        if selector.smoothed { return try evalSmoothedVectorSelector(selector) }
        let offset = try selector.offset.map { d throws(PromQLError) in try milliseconds(d) } ?? 0
        return try selectInstant(selector.matchers, offset: offset, at: resolve(selector.at), value: .sampleValue)
    }

    /// A `smoothed` instant-vector selector: at each step the value at the
    /// reference time, interpolated between the samples around it within the
    /// lookback delta on either side (a sample exactly at the reference time
    /// is taken as is; without a later one, the previous value carries
    /// forward). Stale markers are skipped, as in range selectors.
    private func evalSmoothedVectorSelector(_ selector: VectorSelector) throws(PromQLError) -> [EvalSeries] {
        let offset = try selector.offset.map { d throws(PromQLError) in try milliseconds(d) } ?? 0
        let at = resolve(selector.at)
        let firstRef = (at ?? start) - offset
        let lastRef = (at ?? end) - offset
        let lookback = query.lookbackDelta
        let stored = try select(selector.matchers, mint: firstRef - lookback + 1, maxt: lastRef + lookback)
        var result: [EvalSeries] = []
        result.reserveCapacity(stored.count)
        for series in stored {
            try query.checkDeadline()
            let samples = RangeSource.withoutStaleMarkers(series.samples)
            var points: [Sample] = []
            var next = 0  // index of the oldest sample at or after the reference time
            for step in 0..<stepCount {
                let ts = time(ofStep: step)
                let ref = (at ?? ts) - offset
                while next < samples.count, samples[next].timestamp < ref { next += 1 }
                let value: Double
                if next < samples.count, samples[next].timestamp == ref {
                    value = samples[next].value
                } else {
                    guard next > 0, samples[next - 1].timestamp > ref - lookback else { continue }
                    let previous = samples[next - 1]
                    if next < samples.count, samples[next].timestamp <= ref + lookback {
                        value = FunctionTable.interpolate(previous, samples[next], at: ref, isCounter: false)
                    } else {
                        value = previous.value
                    }
                }
                points.append(Sample(timestamp: ts, value: value))
            }
            if !points.isEmpty {
                try query.addSamples(points.count)
                result.append(EvalSeries(labels: series.labels, points: points))
            }
        }
        return result
    }

    /// `timestamp(selector)`: like a vector selector, but each value is the
    /// selected sample's own timestamp in seconds.
    func evalTimestampOfSelector(_ selector: VectorSelector) throws(PromQLError) -> [EvalSeries] {
        let offset = try selector.offset.map { d throws(PromQLError) in try milliseconds(d) } ?? 0
        return try selectInstant(
            selector.matchers, offset: offset, at: resolve(selector.at), value: .sampleTimestampSeconds, dropName: true)
    }

    /// `start_timestamp(selector)`: like a vector selector, but each value is
    /// the selected sample's start timestamp in seconds (0 when it has none).
    func evalStartTimestampOfSelector(_ selector: VectorSelector) throws(PromQLError) -> [EvalSeries] {
        let offset = try selector.offset.map { d throws(PromQLError) in try milliseconds(d) } ?? 0
        return try selectInstant(
            selector.matchers, offset: offset, at: resolve(selector.at), value: .sampleStartTimestampSeconds,
            dropName: true)
    }

    /// A range-vector selector evaluated on its own (an instant query such as
    /// `x[5m]`): each series' samples in `(t − range, t]`, with their own
    /// timestamps. Anchored and smoothed selectors also get a point at each
    /// bound (``FunctionTable/extendedPoints(_:start:end:smoothed:)``).
    func evalMatrixSelectorAtStart(_ matrix: MatrixSelector) throws(PromQLError) -> [EvalSeries] {
        guard start == end else {
            throw PromQLError(.execution, "cannot do range evaluation of matrix selector")
        }
        let source = try rangeSource(matrix)
        let ref = (source.at ?? start) - source.offset
        let before = source.mode.reachBefore(lookback: query.lookbackDelta)
        let after = source.mode.reachAfter(lookback: query.lookbackDelta)
        var result: [EvalSeries] = []
        for series in source.series {
            let window = RangeSource.window(
                series.points, from: ref - source.range - before - query.windowStartSlack, to: ref + after)
            let points =
                source.mode == .standard
                ? Array(window)
                : FunctionTable.extendedPoints(
                    window, start: ref - source.range, end: ref, smoothed: source.mode == .smoothed)
            if !points.isEmpty {
                try query.addSamples(points.count)
                result.append(EvalSeries(labels: series.labels, points: points, dropName: series.dropName))
            }
        }
        return result
    }

    /// A subquery evaluated on its own: its points in `(t − range, t]`.
    func evalSubqueryAsMatrix(_ subquery: SubqueryExpr) throws(PromQLError) -> [EvalSeries] {
        let source = try rangeSource(subquery)
        if start == end {
            let ref = (source.at ?? start) - source.offset
            return source.series.compactMap { series in
                let window = RangeSource.window(
                    series.points, from: ref - source.range - query.windowStartSlack, to: ref)
                return window.isEmpty
                    ? nil : EvalSeries(labels: series.labels, points: Array(window), dropName: series.dropName)
            }
        }
        return source.series
    }

    // MARK: Range sources

    /// The input of a range-vector function: the selected series (stale
    /// markers removed) and how to place each step's window over them. An
    /// anchored or smoothed selector also selects the lookback delta before
    /// (and, smoothed, after) the windows. With `startTimestamps`, each
    /// series keeps the start timestamps the storage has for its points.
    func rangeSource(_ matrix: MatrixSelector, startTimestamps: Bool = false) throws(PromQLError) -> RangeSource {
        let selector = matrix.selector
        let mode = RangeSelectorMode(selector)
        let offset = try selector.offset.map { d throws(PromQLError) in try milliseconds(d) } ?? 0
        let range = try milliseconds(matrix.range)
        let at = resolve(selector.at)
        let firstRef = (at ?? start) - offset
        let lastRef = (at ?? end) - offset
        let before = mode.reachBefore(lookback: query.lookbackDelta)
        let after = mode.reachAfter(lookback: query.lookbackDelta)
        let stored = try select(
            selector.matchers, mint: firstRef - range - before - query.windowStartSlack + 1, maxt: lastRef + after)
        var series: [EvalSeries] = []
        series.reserveCapacity(stored.count)
        for s in stored {
            if startTimestamps, let sts = s.startTimestamps {
                let (points, kept) = RangeSource.withoutStaleMarkers(s.samples, startTimestamps: sts)
                if !points.isEmpty {
                    series.append(EvalSeries(labels: s.labels, points: points, startTimestamps: kept))
                }
                continue
            }
            let points = RangeSource.withoutStaleMarkers(s.samples)
            if !points.isEmpty { series.append(EvalSeries(labels: s.labels, points: points)) }
        }
        return RangeSource(series: series, range: range, offset: offset, at: at, mode: mode)
    }

    /// Only a few functions make sense of the samples outside the window that
    /// an `anchored` or `smoothed` selector brings: reject the others.
    func checkRangeSelectorMode(_ selector: VectorSelector, function: String) throws(PromQLError) {
        let (name, allowed): (String, Set<String>)
        switch RangeSelectorMode(selector) {
        case .standard: return
        case .anchored: (name, allowed) = ("anchored", RangeSelectorMode.anchoredFunctions)
        case .smoothed: (name, allowed) = ("smoothed", RangeSelectorMode.smoothedFunctions)
        }
        guard !allowed.contains(function) else { return }
        throw PromQLError(
            .execution,
            "\(name) modifier can only be used with: \(allowed.sorted().joined(separator: ", ")) - not with \(function)"
        )
    }

    /// Evaluates a subquery's inner expression on its own step grid: steps
    /// aligned to multiples of the step, from the first one after
    /// `start − offset − range` to `end − offset`.
    func rangeSource(_ subquery: SubqueryExpr) throws(PromQLError) -> RangeSource {
        let offset = try subquery.offset.map { d throws(PromQLError) in try milliseconds(d) } ?? 0
        let range = try milliseconds(subquery.range)
        var step = try subquery.step.map { d throws(PromQLError) in try milliseconds(d) } ?? 0
        if step == 0 { step = query.defaultSubqueryStep }
        guard step > 0 else { throw PromQLError(.execution, "subquery step must be positive") }
        let at = resolve(subquery.at)
        let outerStart = at ?? start
        var outerEnd = at ?? end
        if at == nil { outerEnd = start + Int64(stepCount - 1) * interval }
        let lowest = outerStart - offset - range
        var subStart = step * (lowest / step)
        if subStart <= lowest - query.windowStartSlack { subStart += step }
        let subEnd = outerEnd - offset
        let inner = Evaluator(query: query, start: subStart, end: subEnd, interval: step)
        let series = subEnd < subStart ? [] : try inner.evalSeries(subquery.expr)
        return RangeSource(series: series, range: range, offset: offset, at: at)
    }
}

/// The series behind a range-vector argument and the placement of its windows.
struct RangeSource {
    var series: [EvalSeries]
    var range: Int64
    var offset: Int64
    var at: Int64?
    /// Whether the selector was `anchored` or `smoothed` (always `.standard` for subqueries).
    var mode: RangeSelectorMode = .standard

    /// `samples` without stale markers (no copy when there are none).
    static func withoutStaleMarkers(_ samples: [Sample]) -> [Sample] {
        samples.contains { StaleMarker.isStale($0.value) } ? samples.filter { !StaleMarker.isStale($0.value) } : samples
    }

    /// `samples` and their start timestamps without the stale markers.
    static func withoutStaleMarkers(_ samples: [Sample], startTimestamps: [Int64]) -> ([Sample], [Int64]) {
        guard samples.contains(where: { StaleMarker.isStale($0.value) }) else { return (samples, startTimestamps) }
        var kept: ([Sample], [Int64]) = ([], [])
        for (sample, st) in zip(samples, startTimestamps) where !StaleMarker.isStale(sample.value) {
            kept.0.append(sample)
            kept.1.append(st)
        }
        return kept
    }

    /// The points with timestamps in the left-open window `(from, to]`.
    static func window(_ points: [Sample], from: Int64, to: Int64) -> ArraySlice<Sample> {
        var low = 0
        var high = points.count
        while low < high {
            let mid = (low + high) / 2
            if points[mid].timestamp <= from { low = mid + 1 } else { high = mid }
        }
        var end = low
        while end < points.count, points[end].timestamp <= to { end += 1 }
        return points[low..<end]
    }
}
