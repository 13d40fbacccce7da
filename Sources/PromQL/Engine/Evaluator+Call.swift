import ArgusCore
import Storage

extension Evaluator {
    func evalCall(_ call: Call) throws(PromQLError) -> [EvalSeries] {
        let name = call.function
        switch name {
        case "timestamp":
            if case .vectorSelector(let selector) = call.args[0].unwrappingParens {
                return try evalTimestampOfSelector(selector)
            }
            let input = try evalSeries(call.args[0])
            return input.map { series in
                var out = series
                out.dropName = true
                for i in out.points.indices { out.points[i].value = Double(out.points[i].timestamp) / 1000 }
                return out
            }
        case "start_timestamp":
            // Only a selector's samples carry start timestamps; any other
            // argument, or the feature off, gives nothing.
            if query.useStartTimestamps, case .vectorSelector(let selector) = call.args[0].unwrappingParens {
                return try evalStartTimestampOfSelector(selector)
            }
            _ = try evalSeries(call.args[0])
            return []
        case "absent":
            let input = try evalSeries(call.args[0])
            let labels = Evaluator.labelsForAbsent(call.args[0])
            return try rangeEval([input]) { (_, _, vectors) throws(PromQLError) -> [StepSample] in
                vectors[0].isEmpty ? [StepSample(labels: labels, value: 1)] : []
            }
        case "start", "end", "step", "range":
            let seconds: Double
            switch name {
            case "start": seconds = Double(query.start) / 1000
            case "end": seconds = Double(query.end) / 1000
            case "step": seconds = Double(query.step) / 1000
            default: seconds = Double(query.end - query.start) / 1000
            }
            return [constantSeries(seconds)]
        case "info":
            return try evalInfo(call)
        case "label_replace", "label_join":
            // A destination that is not even valid UTF-8 cannot be a label name.
            if call.args.count > 1, case .string(let literal) = call.args[1].unwrappingParens,
                literal.invalidUTF8Bytes != nil
            {
                throw PromQLError(.execution, "invalid destination label name in \(name)(): \(literal.value)")
            }
        default:
            break
        }
        guard
            let implementation = name == "absent_over_time"
                ? Evaluator.absentOverTime : FunctionTable.implementations[name]
        else {
            throw PromQLError(.execution, "function \(GoString.quote(name)) is not supported by Argus yet")
        }
        if name.hasPrefix("sort"), start != end {
            query.annotations.append(
                Annotation(
                    kind: .warning,
                    message: "sort is ineffective for range queries since results are always ordered by labels",
                    position: call.position
                )
            )
        }
        var context = FunctionContext(
            stepTime: start,
            position: call.position,
            argumentPositions: call.args.map(\.position)
        )
        defer { query.annotations += context.annotations }
        switch implementation {
        case .range(let keepsName, let function):
            return try evalRangeFunction(call, keepsName: keepsName, function, context: &context)
        case .step(let function):
            return try evalStepFunction(call, function, context: &context)
        }
    }

    private func evalStepFunction(
        _ call: Call,
        _ function: ([StepArgument], inout FunctionContext) throws(PromQLError) -> [StepSample],
        context: inout FunctionContext
    ) throws(PromQLError) -> [EvalSeries] {
        var seriesArguments: [[EvalSeries]] = []
        var kinds: [ArgumentKind] = []
        for arg in call.args {
            switch try eval(arg) {
            case .string(let text):
                kinds.append(.string(text))
            case .series(let series):
                kinds.append(arg.type == .scalar ? .scalar(seriesArguments.count) : .vector(seriesArguments.count))
                seriesArguments.append(series)
            }
        }
        let scalars: [Int: [Double]] = kinds.reduce(into: [:]) { result, kind in
            if case .scalar(let index) = kind { result[index] = scalarValues(seriesArguments[index]) }
        }
        return try rangeEval(seriesArguments) { (step, ts, vectors) throws(PromQLError) -> [StepSample] in
            context.stepTime = ts
            let arguments = kinds.map { kind -> StepArgument in
                switch kind {
                case .string(let text): return .string(text)
                case .scalar(let index): return .scalar(scalars[index]?[step] ?? .nan)
                case .vector(let index): return .vector(vectors[index].map(\.sample))
                }
            }
            return try function(arguments, &context)
        }
    }

    private enum ArgumentKind {
        case string(String)
        case scalar(Int)
        case vector(Int)
    }

    private func evalRangeFunction(
        _ call: Call,
        keepsName: Bool,
        _ function: (RangeWindow, [Double], inout FunctionContext) throws(PromQLError) -> Double?,
        context: inout FunctionContext
    ) throws(PromQLError) -> [EvalSeries] {
        guard let rangeIndex = call.args.firstIndex(where: { $0.unwrappingParens.type == .matrix }) else {
            throw PromQLError(.execution, "function \(GoString.quote(call.function)) needs a range vector argument")
        }
        var scalarArguments: [[Double]] = []
        for (i, arg) in call.args.enumerated() where i != rangeIndex {
            scalarArguments.append(scalarValues(try evalSeries(arg)))
        }
        let source: RangeSource
        switch call.args[rangeIndex].unwrappingParens {
        case .matrixSelector(let matrix):
            try checkRangeSelectorMode(matrix.selector, function: call.function)
            source = try rangeSource(
                matrix,
                startTimestamps: query.useStartTimestamps && Evaluator.startTimestampReaders.contains(call.function))
        case .subquery(let subquery): source = try rangeSource(subquery)
        default: throw PromQLError(.execution, "expected a range vector in call to \(call.function)")
        }

        // Anchored and smoothed selectors pass functions more than the window.
        let reachBefore = source.mode.reachBefore(lookback: query.lookbackDelta)
        let reachAfter = source.mode.reachAfter(lookback: query.lookbackDelta)
        var result: [EvalSeries] = []
        var scalars = [Double](repeating: 0, count: scalarArguments.count)
        for series in source.series {
            try query.checkDeadline()
            var out = EvalSeries(labels: series.labels, dropName: !keepsName || series.dropName)
            let points = series.points
            var low = 0
            var high = 0
            for step in 0..<stepCount {
                let ts = time(ofStep: step)
                let ref = (source.at ?? ts) - source.offset
                let from = ref - source.range
                // Windows only move forward (or stay put under @), so two cursors suffice.
                if source.at != nil && step > 0 {
                    // Same window as step 0.
                } else {
                    while low < points.count, points[low].timestamp <= from - reachBefore - query.windowStartSlack {
                        low += 1
                    }
                    if high < low { high = low }
                    while high < points.count, points[high].timestamp <= ref + reachAfter { high += 1 }
                }
                guard high > low else { continue }
                for j in scalarArguments.indices { scalars[j] = scalarArguments[j][step] }
                context.stepTime = ts
                let window = RangeWindow(
                    points: points[low..<high], start: from, end: ref, stepTime: ts, labels: series.labels,
                    mode: source.mode, startTimestamps: series.startTimestamps?[low..<high])
                if let value = try function(window, scalars, &context) {
                    out.points.append(Sample(timestamp: ts, value: value))
                }
            }
            if !out.points.isEmpty {
                try query.addSamples(out.points.count)
                result.append(out)
                if call.function == "rate" || call.function == "increase" {
                    checkCounterName(series.labels, position: call.args[rangeIndex].position)
                }
            }
        }
        for (name, count) in context.startTimeOverlaps.sorted(by: { $0.key < $1.key }) {
            context.warn(
                "sample has start time that overlaps with previous sample timestamp for metric \(GoString.quote(name))"
                    + (count > 1 ? " (\(count) occurrences)" : ""),
                at: call.args[rangeIndex].position)
        }
        if call.function == "absent_over_time" {
            return absentOverTime(result, call: call)
        }
        return result
    }

    /// The functions that read start timestamps of a range selector's samples.
    static let startTimestampReaders: Set<String> = ["rate", "irate", "increase", "resets"]

    /// `absent_over_time` first marks the steps where some series has samples;
    /// ``absentOverTime(_:call:)`` then inverts that.
    static let absentOverTime = FunctionImplementation.range(keepsName: false) { _, _, _ in 1 }

    /// `absent_over_time`: 1 at the steps where no series had a sample in its window.
    private func absentOverTime(_ present: [EvalSeries], call: Call) -> [EvalSeries] {
        var found = Set<Int64>()
        for series in present {
            if series.points.count == stepCount { return [] }
            for point in series.points { found.insert(point.timestamp) }
        }
        var points: [Sample] = []
        for step in 0..<stepCount where !found.contains(time(ofStep: step)) {
            points.append(Sample(timestamp: time(ofStep: step), value: 1))
        }
        guard !points.isEmpty else { return [] }
        return [EvalSeries(labels: Evaluator.labelsForAbsent(call.args[0]), points: points, dropName: true)]
    }

    /// The info annotation `rate` and `increase` give for a metric whose name
    /// does not look like a counter, or (``EngineOptions/typeAndUnitLabels``)
    /// whose `__type__` is not `counter` or `histogram`.
    private func checkCounterName(_ labels: Labels, position: PositionRange) {
        guard let name = labels.name, !name.isEmpty else { return }
        if query.typeAndUnitLabels {
            let type = labels["__type__"] ?? ""
            if type != "counter" && type != "histogram" {
                query.annotations.append(
                    Annotation(
                        kind: .info,
                        message:
                            "metric might not be a counter, __type__ label is not set to \"counter\" or \"histogram\", got \(GoString.quote(type)): \(GoString.quote(name))",
                        position: position
                    )
                )
            }
            return
        }
        for suffix in ["_total", "_sum", "_count", "_bucket"] where name.hasSuffix(suffix) { return }
        query.annotations.append(
            Annotation(
                kind: .info,
                message:
                    "metric might not be a counter, name does not end in _total/_sum/_count/_bucket: \(GoString.quote(name))",
                position: position
            )
        )
    }

    /// The labels `absent()` and `absent_over_time()` give their result:
    /// the equality matchers of a selector argument, except names matched more than once.
    static func labelsForAbsent(_ expr: Expr) -> Labels {
        let matchers: [LabelMatcher]
        switch expr.unwrappingParens {
        case .vectorSelector(let selector): matchers = selector.matchers
        case .matrixSelector(let matrix): matchers = matrix.selector.matchers
        default: return Labels()
        }
        var builder = Labels.Builder()
        var seen: Set<String> = []
        for matcher in matchers where matcher.name != Labels.metricName {
            if matcher.type == .equal, !seen.contains(matcher.name) {
                builder.set(matcher.name, matcher.value)
                seen.insert(matcher.name)
            } else {
                builder.delete(matcher.name)
            }
        }
        return builder.labels
    }
}

extension Expr {
    /// The expression inside any number of parentheses.
    var unwrappingParens: Expr {
        if case .paren(let paren) = self { return paren.expr.unwrappingParens }
        return self
    }
}
