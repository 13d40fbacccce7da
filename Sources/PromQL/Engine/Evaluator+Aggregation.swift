import ArgusCore
import Foundation
import Storage

extension Evaluator {
    func evalAggregate(_ aggregate: AggregateExpr) throws(PromQLError) -> [EvalSeries] {
        let grouping = aggregate.grouping.sorted { $0.utf8Less($1) }
        if aggregate.op == .countValues {
            return try evalCountValues(aggregate, grouping: grouping)
        }
        var params: [Double] = []
        if let param = aggregate.param {
            params = scalarValues(try evalSeries(param))
        }
        let input = try evalSeries(aggregate.expr)

        // Map every input series to its group once.
        let groupingSet = Set(grouping)
        var groupIndex: [Labels: Int] = [:]
        var seriesToGroup: [Int] = []
        var groupLabels: [Labels] = []
        seriesToGroup.reserveCapacity(input.count)
        for series in input {
            let key = Evaluator.groupingKey(series.labels, grouping: groupingSet, without: aggregate.without)
            if let index = groupIndex[key] {
                seriesToGroup.append(index)
            } else {
                groupIndex[key] = groupLabels.count
                seriesToGroup.append(groupLabels.count)
                groupLabels.append(key)
            }
        }

        switch aggregate.op {
        case .topk, .bottomk, .limitk, .limitRatio:
            return try evalSelectingAggregate(
                aggregate, input: input, seriesToGroup: seriesToGroup,
                groupCount: groupLabels.count, params: params)
        default:
            break
        }
        if aggregate.op == .quantile {
            checkQuantileParameters(params, aggregate)
        }

        var output = groupLabels.map { EvalSeries(labels: $0) }
        var cursors = [Int](repeating: 0, count: input.count)
        var groups = [GroupAccumulator](repeating: GroupAccumulator(), count: groupLabels.count)
        for step in 0..<stepCount {
            try query.checkDeadline()
            let ts = time(ofStep: step)
            for g in groups.indices { groups[g].seen = false }
            for s in input.indices {
                let points = input[s].points
                var cursor = cursors[s]
                while cursor < points.count, points[cursor].timestamp < ts { cursor += 1 }
                cursors[s] = cursor
                guard cursor < points.count, points[cursor].timestamp == ts else { continue }
                groups[seriesToGroup[s]].add(points[cursor].value, op: aggregate.op, dropName: input[s].dropName)
            }
            for g in groups.indices where groups[g].seen {
                let value = groups[g].result(op: aggregate.op, parameter: params.isEmpty ? .nan : params[step])
                output[g].points.append(Sample(timestamp: ts, value: value))
                if groups[g].dropName { output[g].dropName = true }
            }
        }
        let result = output.filter { !$0.points.isEmpty }
        try query.addSamples(result.reduce(0) { $0 + $1.points.count })
        return result
    }

    /// The labels of the group a series falls into.
    static func groupingKey(_ labels: Labels, grouping: Set<String>, without: Bool) -> Labels {
        if without {
            return labels.removing(grouping.union([Labels.metricName]))
        }
        if grouping.isEmpty { return Labels() }
        return labels.keeping(grouping)
    }

    private func checkQuantileParameters(_ params: [Double], _ aggregate: AggregateExpr) {
        let position = aggregate.param?.position
        if params.contains(where: \.isNaN) {
            query.annotations.append(
                Annotation(
                    kind: .warning, message: "quantile value should be between 0 and 1, got NaN", position: position))
        }
        if let maximum = params.filter({ !$0.isNaN }).max(), maximum > 1 {
            query.annotations.append(
                Annotation(
                    kind: .warning,
                    message: "quantile value should be between 0 and 1, got \(GoFloat.formatG(maximum))",
                    position: position)
            )
        }
        if let minimum = params.filter({ !$0.isNaN }).min(), minimum < 0 {
            query.annotations.append(
                Annotation(
                    kind: .warning,
                    message: "quantile value should be between 0 and 1, got \(GoFloat.formatG(minimum))",
                    position: position)
            )
        }
    }

    // MARK: count_values

    private func evalCountValues(_ aggregate: AggregateExpr, grouping: [String]) throws(PromQLError) -> [EvalSeries] {
        guard case .string(let valueLabel)? = try aggregate.param.map({ p throws(PromQLError) in try eval(p) }) else {
            throw PromQLError(.execution, "count_values requires a string parameter")
        }
        guard LabelName.isValidLabelName(valueLabel) else {
            throw PromQLError(.execution, "invalid label name \(GoString.quote(valueLabel))")
        }
        var groupingSet = Set(grouping)
        if !aggregate.without { groupingSet.insert(valueLabel) }
        let input = try evalSeries(aggregate.expr)
        return try rangeEval([input]) { (_, _, vectors) throws(PromQLError) -> [StepSample] in
            var counts: [Labels: Int] = [:]
            var order: [Labels] = []
            for element in vectors[0] {
                let metric = element.sample.labels.setting(valueLabel, to: GoFloat.formatF(element.sample.value))
                let key = Evaluator.groupingKey(metric, grouping: groupingSet, without: aggregate.without)
                if counts[key] == nil { order.append(key) }
                counts[key, default: 0] += 1
            }
            return order.map { StepSample(labels: $0, value: Double(counts[$0] ?? 0)) }
        }
    }

    // MARK: topk, bottomk, limitk, limit_ratio

    private func evalSelectingAggregate(
        _ aggregate: AggregateExpr,
        input: [EvalSeries],
        seriesToGroup: [Int],
        groupCount: Int,
        params: [Double]
    ) throws(PromQLError) -> [EvalSeries] {
        let op = aggregate.op
        let finiteParams = params.filter { !$0.isNaN }
        switch op {
        case .limitRatio:
            if (finiteParams.max() ?? 0) == 0, (finiteParams.min() ?? 0) == 0, !params.contains(where: \.isNaN) {
                return []
            }
            if params.contains(where: \.isNaN) { throw PromQLError(.execution, "Ratio value is NaN") }
            if let maximum = params.max(), maximum > 1 {
                query.annotations.append(
                    Annotation(
                        kind: .warning,
                        message:
                            "ratio value should be between -1 and 1, got \(GoFloat.formatG(maximum)), capping to 1",
                        position: aggregate.param?.position)
                )
            }
            if let minimum = params.min(), minimum < -1 {
                query.annotations.append(
                    Annotation(
                        kind: .warning,
                        message:
                            "ratio value should be between -1 and 1, got \(GoFloat.formatG(minimum)), capping to -1",
                        position: aggregate.param?.position)
                )
            }
        default:
            if (params.max() ?? 0) < 1, !params.contains(where: \.isNaN) { return [] }
            if params.contains(where: \.isNaN) { throw PromQLError(.execution, "Parameter value is NaN") }
            if let minimum = params.min(), minimum <= -9.223372036854775808e18 {
                throw PromQLError(.execution, "Scalar value \(GoFloat.formatG(minimum)) underflows int64")
            }
            if let maximum = params.max(), maximum >= 9.223372036854775807e18 {
                throw PromQLError(.execution, "Scalar value \(GoFloat.formatG(maximum)) overflows int64")
            }
        }

        // limit_ratio decides by each series' label hash, computed once.
        let ratioOffsets = op == .limitRatio ? input.map { Double($0.labels.fingerprint) / Double(UInt64.max) } : []
        var cursors = [Int](repeating: 0, count: input.count)
        var output: [EvalSeries] = []
        var outputBySeries: [Int: Int] = [:]
        var members = [[Candidate]](repeating: [], count: groupCount)
        var chosen: [Candidate] = []
        for step in 0..<stepCount {
            try query.checkDeadline()
            let ts = time(ofStep: step)
            let parameter = params[step]
            for g in members.indices { members[g].removeAll(keepingCapacity: true) }
            for s in input.indices {
                let points = input[s].points
                var cursor = cursors[s]
                while cursor < points.count, points[cursor].timestamp < ts { cursor += 1 }
                cursors[s] = cursor
                guard cursor < points.count, points[cursor].timestamp == ts else { continue }
                members[seriesToGroup[s]].append(Candidate(series: s, value: points[cursor].value))
            }
            for group in members where !group.isEmpty {
                Evaluator.select(
                    op, parameter: parameter, from: group, totalSeries: input.count,
                    ratioOffsets: ratioOffsets, into: &chosen)
                for candidate in chosen {
                    let point = Sample(timestamp: ts, value: candidate.value)
                    if let index = outputBySeries[candidate.series] {
                        output[index].points.append(point)
                    } else {
                        outputBySeries[candidate.series] = output.count
                        let series = input[candidate.series]
                        output.append(EvalSeries(labels: series.labels, points: [point], dropName: series.dropName))
                    }
                }
            }
        }
        return output
    }

    /// One series' value at one step, for `topk` and its kin.
    struct Candidate {
        var series: Int
        var value: Double
    }

    /// Puts into `chosen` the members of one group that `op` keeps at one
    /// step, in Prometheus' output order: topk descending, bottomk ascending
    /// (NaN last, the earlier series first among equals), limitk and
    /// limit_ratio in input order. Runs in O(n log k) without copying labels.
    static func select(
        _ op: AggregateOp,
        parameter: Double,
        from group: [Candidate],
        totalSeries: Int,
        ratioOffsets: [Double],
        into chosen: inout [Candidate]
    ) {
        chosen.removeAll(keepingCapacity: true)
        switch op {
        case .topk, .bottomk:
            let k = Int(Swift.min(parameter.rounded(.towardZero), Double(totalSeries)))
            guard k >= 1 else { return }
            let descending = op == .topk
            // Whether `a` ranks strictly before `b`; equal values keep their arrival order.
            func before(_ a: Double, _ b: Double) -> Bool {
                if a.isNaN || b.isNaN { return !a.isNaN && b.isNaN }
                return descending ? a > b : a < b
            }
            for candidate in group {
                if chosen.count == k {
                    guard let last = chosen.last, before(candidate.value, last.value) else { continue }
                    chosen.removeLast()
                }
                // Insert after every element that ranks before or equal to it.
                var low = 0
                var high = chosen.count
                while low < high {
                    let mid = (low + high) / 2
                    if before(candidate.value, chosen[mid].value) { high = mid } else { low = mid + 1 }
                }
                chosen.insert(candidate, at: low)
            }
        case .limitk:
            let k = Int(Swift.min(parameter.rounded(.towardZero), Double(totalSeries)))
            guard k >= 1 else { return }
            chosen.append(contentsOf: group.prefix(k))
        case .limitRatio:
            let ratio = Swift.max(-1, Swift.min(1, parameter))
            guard ratio != 0 else { return }
            for candidate in group {
                let offset = ratioOffsets[candidate.series]
                if (ratio >= 0 && offset < ratio) || (ratio < 0 && offset >= 1 + ratio) { chosen.append(candidate) }
            }
        default:
            return
        }
    }
}

/// The running state of one aggregation group at one step.
struct GroupAccumulator {
    var seen = false
    var value = 0.0
    var compensation = 0.0
    var mean = 0.0
    var count = 0.0
    var incrementalMean = false
    var dropName = false
    var values: [Double] = []

    mutating func add(_ f: Double, op: AggregateOp, dropName inputDropName: Bool) {
        guard seen else {
            seen = true
            value = f
            mean = f
            compensation = 0
            count = 1
            incrementalMean = false
            dropName = inputDropName
            values.removeAll(keepingCapacity: true)
            switch op {
            case .stddev, .stdvar: value = f.isNaN || f.isInfinite ? .nan : 0
            case .quantile: values.append(f)
            case .group: value = 1
            default: break
            }
            return
        }
        if inputDropName { dropName = true }
        switch op {
        case .sum:
            (value, compensation) = FunctionTable.kahanInc(f, value, compensation)
        case .avg:
            count += 1
            if !incrementalMean {
                let (newValue, newCompensation) = FunctionTable.kahanInc(f, value, compensation)
                if !newValue.isInfinite {
                    value = newValue
                    compensation = newCompensation
                    break
                }
                incrementalMean = true
                mean = value / (count - 1)
                compensation /= count - 1
            }
            let q = (count - 1) / count
            (mean, compensation) = FunctionTable.kahanInc(f / count, q * mean, q * compensation)
        case .max:
            if value < f || value.isNaN { value = f }
        case .min:
            if value > f || value.isNaN { value = f }
        case .count:
            count += 1
        case .stddev, .stdvar:
            count += 1
            let delta = f - mean
            mean += delta / count
            value += delta * (f - mean)
        case .quantile:
            values.append(f)
        default:
            break
        }
    }

    mutating func result(op: AggregateOp, parameter: Double) -> Double {
        switch op {
        case .sum: return value + compensation
        case .avg:
            if incrementalMean { return mean + compensation }
            return value / count + compensation / count
        case .count: return count
        case .stdvar: return value / count
        case .stddev: return (value / count).squareRoot()
        case .quantile: return FunctionTable.promQuantile(parameter, values)
        default: return value
        }
    }
}
