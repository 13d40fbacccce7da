import ArgusCore
import Foundation
import Storage

/// Evaluates expressions over the steps `start, start + interval, …, end`.
///
/// Every node is evaluated once for all steps, as Prometheus' evaluator
/// does: an instant vector becomes one ``EvalSeries`` per output series with
/// a point at each step where it has a value, and a scalar one series with
/// empty labels and a point at every step. Subqueries get an evaluator of
/// their own with their own steps.
final class Evaluator {
    let query: QueryContext
    let start: Int64
    let end: Int64
    let interval: Int64

    init(query: QueryContext, start: Int64, end: Int64, interval: Int64) {
        self.query = query
        self.start = start
        self.end = end
        self.interval = interval
    }

    var annotations: [Annotation] { query.annotations }

    /// The number of steps.
    var stepCount: Int { end < start ? 0 : Int((end - start) / interval) + 1 }

    /// The timestamp of step `index`.
    @inline(__always)
    func time(ofStep index: Int) -> Int64 { start + Int64(index) * interval }

    /// The index of the step at `time`, which must be one of the steps.
    @inline(__always)
    func stepIndex(of time: Int64) -> Int { Int((time - start) / interval) }

    /// Evaluates `expr` and applies delayed name removal to the result.
    func evaluateTop(_ expr: Expr) throws(PromQLError) -> EvalValue {
        try Evaluator.removingMarkedNames(eval(expr))
    }

    /// Removes the names marked for removal; series that then share a label
    /// set are merged, and two values at one timestamp are an error.
    static func removingMarkedNames(_ value: EvalValue) throws(PromQLError) -> EvalValue {
        guard case .series(var series) = value, series.contains(where: \.dropName) else { return value }
        for i in series.indices where series[i].dropName {
            series[i].labels = series[i].labels.droppingMetadataLabels()
            series[i].dropName = false
        }
        return .series(try mergeSeriesWithSameLabels(series))
    }

    private static func mergeSeriesWithSameLabels(_ series: [EvalSeries]) throws(PromQLError) -> [EvalSeries] {
        guard series.count > 1 else { return series }
        var indexByLabels: [Labels: Int] = [:]
        indexByLabels.reserveCapacity(series.count)
        var merged: [EvalSeries] = []
        merged.reserveCapacity(series.count)
        var needsSort: Set<Int> = []
        for s in series {
            if let index = indexByLabels[s.labels] {
                merged[index].points += s.points
                needsSort.insert(index)
            } else {
                indexByLabels[s.labels] = merged.count
                merged.append(s)
            }
        }
        for index in needsSort {
            merged[index].points.sort { $0.timestamp < $1.timestamp }
            let points = merged[index].points
            for i in 1..<points.count where points[i].timestamp == points[i - 1].timestamp {
                throw PromQLError(.execution, "vector cannot contain metrics with the same labelset")
            }
        }
        return merged
    }

    // MARK: Dispatch

    func eval(_ expr: Expr) throws(PromQLError) -> EvalValue {
        let value = try evalNode(expr)
        // Without delayed name removal, names go as soon as an operation marks them.
        return query.delayedNameRemoval ? value : try Evaluator.removingMarkedNames(value)
    }

    private func evalNode(_ expr: Expr) throws(PromQLError) -> EvalValue {
        try query.checkDeadline()
        switch expr {
        case .number(let literal):
            return .series([constantSeries(literal.value)])
        case .string(let literal):
            return .string(literal.value)
        case .paren(let paren):
            return try eval(paren.expr)
        case .unary(let unary):
            var series = try evalSeries(unary.expr)
            if unary.op == .sub {
                for i in series.indices {
                    series[i].dropName = true
                    for j in series[i].points.indices { series[i].points[j].value = -series[i].points[j].value }
                }
            }
            return .series(series)
        case .vectorSelector(let selector):
            return .series(try evalVectorSelector(selector))
        case .matrixSelector(let matrix):
            return .series(try evalMatrixSelectorAtStart(matrix))
        case .subquery(let subquery):
            return .series(try evalSubqueryAsMatrix(subquery))
        case .binary(let binary):
            return .series(try evalBinary(binary))
        case .aggregate(let aggregate):
            return .series(try evalAggregate(aggregate))
        case .call(let call):
            return .series(try evalCall(call))
        }
    }

    /// Evaluates an expression that must produce series (not a string).
    func evalSeries(_ expr: Expr) throws(PromQLError) -> [EvalSeries] {
        switch try eval(expr) {
        case .series(let series): return series
        case .string: throw PromQLError(.execution, "unexpected string where a vector or scalar was expected")
        }
    }

    /// A scalar: one unlabelled series with `value` at every step.
    func constantSeries(_ value: Double) -> EvalSeries {
        var points: [Sample] = []
        points.reserveCapacity(stepCount)
        for index in 0..<stepCount { points.append(Sample(timestamp: time(ofStep: index), value: value)) }
        return EvalSeries(labels: Labels(), points: points)
    }

    /// The value of a scalar series at every step (NaN where it has none).
    func scalarValues(_ series: [EvalSeries]) -> [Double] {
        var values = [Double](repeating: .nan, count: stepCount)
        if let scalar = series.first {
            for point in scalar.points { values[stepIndex(of: point.timestamp)] = point.value }
        }
        return values
    }

    // MARK: Step-wise evaluation

    /// Prometheus' `rangeEval`: gathers the arguments' instant vectors step by
    /// step, calls `body` for each step, and reassembles the outputs into
    /// series. Output order is the body's order for instant queries.
    func rangeEval(
        _ arguments: [[EvalSeries]],
        _ body: (_ step: Int, _ time: Int64, _ vectors: [[IndexedSample]]) throws(PromQLError) -> [StepSample]
    ) throws(PromQLError) -> [EvalSeries] {
        var cursors = arguments.map { [Int](repeating: 0, count: $0.count) }
        var vectors = arguments.map { _ in [IndexedSample]() }
        var output: [EvalSeries] = []
        var indexByLabels: [Labels: Int] = [:]
        var lastStepOf: [Int] = []
        for step in 0..<stepCount {
            try query.checkDeadline()
            let ts = time(ofStep: step)
            for a in arguments.indices {
                vectors[a].removeAll(keepingCapacity: true)
                for s in arguments[a].indices {
                    let points = arguments[a][s].points
                    var cursor = cursors[a][s]
                    while cursor < points.count, points[cursor].timestamp < ts { cursor += 1 }
                    cursors[a][s] = cursor
                    if cursor < points.count, points[cursor].timestamp == ts {
                        vectors[a].append(
                            IndexedSample(
                                series: s,
                                sample: StepSample(
                                    labels: arguments[a][s].labels,
                                    value: points[cursor].value,
                                    dropName: arguments[a][s].dropName
                                )
                            )
                        )
                    }
                }
            }
            let result = try body(step, ts, vectors)
            try query.addSamples(result.count)
            for sample in result {
                if let index = indexByLabels[sample.labels] {
                    if lastStepOf[index] == step {
                        throw PromQLError(.execution, "vector cannot contain metrics with the same labelset")
                    }
                    output[index].points.append(Sample(timestamp: ts, value: sample.value))
                    output[index].dropName = output[index].dropName || sample.dropName
                    lastStepOf[index] = step
                } else {
                    indexByLabels[sample.labels] = output.count
                    output.append(
                        EvalSeries(
                            labels: sample.labels,
                            points: [Sample(timestamp: ts, value: sample.value)],
                            dropName: sample.dropName
                        )
                    )
                    lastStepOf.append(step)
                }
            }
        }
        return output
    }

    // MARK: Durations and @

    /// A duration expression in milliseconds.
    func milliseconds(_ duration: DurationExpr) throws(PromQLError) -> Int64 {
        if case .literal(let ms, _) = duration { return ms }
        // Arithmetic runs on float seconds and truncates to nanoseconds, as Go's time.Duration conversion does.
        let seconds = try durationSeconds(duration)
        guard seconds.isFinite, abs(seconds) < 9.2e9 else {
            throw PromQLError(.execution, "duration out of range: \(GoFloat.formatG(seconds))s")
        }
        return Int64((seconds * 1e9).rounded(.towardZero)) / 1_000_000
    }

    private func durationSeconds(_ duration: DurationExpr) throws(PromQLError) -> Double {
        switch duration {
        case .literal(let ms, _): return Double(ms) / 1000
        case .number(let value): return value
        case .negate(let inner): return -(try durationSeconds(inner))
        case .paren(let inner): return try durationSeconds(inner)
        case .step: return Double(query.step) / 1000
        case .range: return Double(query.end - query.start) / 1000
        case .minOf(let a, let b): return Swift.min(try durationSeconds(a), try durationSeconds(b))
        case .maxOf(let a, let b): return Swift.max(try durationSeconds(a), try durationSeconds(b))
        case .binary(let op, let lhs, let rhs):
            let a = try durationSeconds(lhs)
            let b = try durationSeconds(rhs)
            switch op {
            case .add: return a + b
            case .sub: return a - b
            case .mul: return a * b
            case .div:
                guard b != 0 else { throw PromQLError(.execution, "division by zero") }
                return a / b
            case .mod:
                guard b != 0 else { throw PromQLError(.execution, "modulo by zero") }
                return a.truncatingRemainder(dividingBy: b)
            case .pow: return Foundation.pow(a, b)
            default: throw PromQLError(.execution, "unexpected operator \(op.rawValue) in duration expression")
            }
        }
    }

    /// The time an `@` modifier pins evaluation to, if any.
    func resolve(_ at: AtModifier?) -> Int64? {
        switch at {
        case .none: return nil
        case .timestamp(let ms): return ms
        case .start: return query.start
        case .end: return query.end
        }
    }

    /// Reads series from storage, translating storage errors.
    func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(PromQLError) -> [StoredSeries] {
        do {
            return try query.querier.select(matchers, mint: mint, maxt: maxt)
        } catch {
            throw PromQLError(.storage, "expanding series: \(error.message)")
        }
    }
}

/// A sample gathered for one step, with the index of the series it came from.
struct IndexedSample {
    var series: Int
    var sample: StepSample
}

extension Labels {
    /// The label set without `__name__`, `__type__` and `__unit__`: what
    /// Prometheus removes when an operation changes a metric's meaning.
    func droppingMetadataLabels() -> Labels {
        guard contains(where: { $0.name == "__name__" || $0.name == "__type__" || $0.name == "__unit__" }) else {
            return self
        }
        return removing(["__name__", "__type__", "__unit__"])
    }
}
