import ArgusCore
import Storage

extension Evaluator {
    /// An instant-vector selector: at each step the newest sample in the
    /// left-open window `(t − lookback, t]` (t = step or `@` time, minus the
    /// offset), absent when that sample is a stale marker.
    func evalVectorSelector(_ selector: VectorSelector) throws(PromQLError) -> [EvalSeries] {
        try rejectExtendedModifiers(selector)
        let offset = try selector.offset.map { d throws(PromQLError) in try milliseconds(d) } ?? 0
        let at = resolve(selector.at)
        let firstRef = (at ?? start) - offset
        let lastRef = (at ?? end) - offset
        let lookback = query.lookbackDelta
        let stored = try select(selector.matchers, mint: firstRef - lookback + 1, maxt: lastRef)
        var result: [EvalSeries] = []
        result.reserveCapacity(stored.count)
        for series in stored {
            try query.checkDeadline()
            let samples = series.samples
            var points: [Sample] = []
            var cursor = -1  // index of the newest sample at or before the reference time
            for step in 0..<stepCount {
                let ts = time(ofStep: step)
                let ref = (at ?? ts) - offset
                while cursor + 1 < samples.count, samples[cursor + 1].timestamp <= ref { cursor += 1 }
                guard cursor >= 0 else { continue }
                let sample = samples[cursor]
                guard sample.timestamp > ref - lookback, !StaleMarker.isStale(sample.value) else { continue }
                points.append(Sample(timestamp: ts, value: sample.value))
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
        let at = resolve(selector.at)
        let firstRef = (at ?? start) - offset
        let lastRef = (at ?? end) - offset
        let lookback = query.lookbackDelta
        var result: [EvalSeries] = []
        for series in try select(selector.matchers, mint: firstRef - lookback + 1, maxt: lastRef) {
            let samples = series.samples
            var points: [Sample] = []
            var cursor = -1
            for step in 0..<stepCount {
                let ts = time(ofStep: step)
                let ref = (at ?? ts) - offset
                while cursor + 1 < samples.count, samples[cursor + 1].timestamp <= ref { cursor += 1 }
                guard cursor >= 0 else { continue }
                let sample = samples[cursor]
                guard sample.timestamp > ref - lookback, !StaleMarker.isStale(sample.value) else { continue }
                points.append(Sample(timestamp: ts, value: Double(sample.timestamp) / 1000))
            }
            if !points.isEmpty {
                try query.addSamples(points.count)
                result.append(EvalSeries(labels: series.labels, points: points, dropName: true))
            }
        }
        return result
    }

    /// A range-vector selector evaluated on its own (an instant query such as
    /// `x[5m]`): each series' samples in `(t − range, t]`, with their own timestamps.
    func evalMatrixSelectorAtStart(_ matrix: MatrixSelector) throws(PromQLError) -> [EvalSeries] {
        guard start == end else {
            throw PromQLError(.execution, "cannot do range evaluation of matrix selector")
        }
        let source = try rangeSource(matrix)
        let ref = (source.at ?? start) - source.offset
        var result: [EvalSeries] = []
        for series in source.series {
            let window = RangeSource.window(series.points, from: ref - source.range, to: ref)
            if !window.isEmpty {
                try query.addSamples(window.count)
                result.append(EvalSeries(labels: series.labels, points: Array(window), dropName: series.dropName))
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
                let window = RangeSource.window(series.points, from: ref - source.range, to: ref)
                return window.isEmpty
                    ? nil : EvalSeries(labels: series.labels, points: Array(window), dropName: series.dropName)
            }
        }
        return source.series
    }

    // MARK: Range sources

    /// The input of a range-vector function: the selected series (stale
    /// markers removed) and how to place each step's window over them.
    func rangeSource(_ matrix: MatrixSelector) throws(PromQLError) -> RangeSource {
        try rejectExtendedModifiers(matrix.selector)
        let selector = matrix.selector
        let offset = try selector.offset.map { d throws(PromQLError) in try milliseconds(d) } ?? 0
        let range = try milliseconds(matrix.range)
        let at = resolve(selector.at)
        let firstRef = (at ?? start) - offset
        let lastRef = (at ?? end) - offset
        let stored = try select(selector.matchers, mint: firstRef - range + 1, maxt: lastRef)
        var series: [EvalSeries] = []
        series.reserveCapacity(stored.count)
        for s in stored {
            let points =
                s.samples.contains { StaleMarker.isStale($0.value) }
                ? s.samples.filter { !StaleMarker.isStale($0.value) } : s.samples
            if !points.isEmpty { series.append(EvalSeries(labels: s.labels, points: points)) }
        }
        return RangeSource(series: series, range: range, offset: offset, at: at, fromSubquery: false)
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
        if subStart <= lowest { subStart += step }
        let subEnd = outerEnd - offset
        let inner = Evaluator(query: query, start: subStart, end: subEnd, interval: step)
        let series = subEnd < subStart ? [] : try inner.evalSeries(subquery.expr)
        return RangeSource(series: series, range: range, offset: offset, at: at, fromSubquery: true)
    }

    /// Extended range selectors (`anchored`, `smoothed`) are recognised by the
    /// parser but not evaluated yet: fail clearly rather than answer wrongly.
    func rejectExtendedModifiers(_ selector: VectorSelector) throws(PromQLError) {
        if selector.anchored || selector.smoothed {
            throw PromQLError(
                .execution,
                "the \(selector.anchored ? "anchored" : "smoothed") modifier is not supported by Argus yet"
            )
        }
    }
}

/// The series behind a range-vector argument and the placement of its windows.
struct RangeSource {
    var series: [EvalSeries]
    var range: Int64
    var offset: Int64
    var at: Int64?
    var fromSubquery: Bool

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
