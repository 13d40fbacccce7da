import ArgusCore
import Foundation
import Storage

extension Evaluator {
    func evalBinary(_ binary: BinaryExpr) throws(PromQLError) -> [EvalSeries] {
        let lhsType = binary.lhs.type
        let rhsType = binary.rhs.type
        let lhs = try evalSeries(binary.lhs)
        let rhs = try evalSeries(binary.rhs)
        switch (lhsType, rhsType) {
        case (.scalar, .scalar):
            let a = scalarValues(lhs)
            let b = scalarValues(rhs)
            var points: [Sample] = []
            points.reserveCapacity(stepCount)
            for step in 0..<stepCount {
                points.append(
                    Sample(timestamp: time(ofStep: step), value: Evaluator.scalarBinop(binary.op, a[step], b[step])))
            }
            return [EvalSeries(labels: Labels(), points: points)]
        case (.vector, .scalar):
            return vectorScalar(binary, vector: lhs, scalar: scalarValues(rhs), scalarOnLeft: false)
        case (.scalar, .vector):
            return vectorScalar(binary, vector: rhs, scalar: scalarValues(lhs), scalarOnLeft: true)
        default:
            let matching =
                binary.matching ?? VectorMatching(cardinality: binary.op.isSetOperator ? .manyToMany : .oneToOne)
            return try vectorVector(binary, matching: matching, lhs: lhs, rhs: rhs)
        }
    }

    /// A vector and a scalar: the series keep their labels, so this runs series by series.
    private func vectorScalar(_ binary: BinaryExpr, vector: [EvalSeries], scalar: [Double], scalarOnLeft: Bool)
        -> [EvalSeries]
    {
        let op = binary.op
        var result: [EvalSeries] = []
        result.reserveCapacity(vector.count)
        for series in vector {
            var out = EvalSeries(labels: series.labels, dropName: series.dropName)
            out.points.reserveCapacity(series.points.count)
            for point in series.points {
                let s = scalar[stepIndex(of: point.timestamp)]
                let (l, r) = scalarOnLeft ? (s, point.value) : (point.value, s)
                var (value, keep) = Evaluator.elementBinop(op, l, r)
                // A comparison keeps the vector's value even when the scalar is on the left.
                if op.isComparison, scalarOnLeft { value = r }
                if binary.returnBool {
                    value = keep ? 1 : 0
                    keep = true
                }
                if keep { out.points.append(Sample(timestamp: point.timestamp, value: value)) }
            }
            if op.changesMetricSchema || binary.returnBool { out.dropName = true }
            if !out.points.isEmpty { result.append(out) }
        }
        return result
    }

    private func vectorVector(_ binary: BinaryExpr, matching: VectorMatching, lhs: [EvalSeries], rhs: [EvalSeries])
        throws(PromQLError) -> [EvalSeries]
    {
        // Join signatures are computed once per series, not once per step.
        let signature = Evaluator.signatureFunction(matching)
        var ordinals: [Labels: Int] = [:]
        func ordinal(_ labels: Labels) -> Int {
            let key = signature(labels)
            if let existing = ordinals[key] { return existing }
            ordinals[key] = ordinals.count
            return ordinals.count - 1
        }
        let lhsSig = lhs.map { ordinal($0.labels) }
        let rhsSig = rhs.map { ordinal($0.labels) }
        let signatureCount = ordinals.count
        var resultMetricCache: [ResultMetricKey: Labels] = [:]

        return try rangeEval([lhs, rhs]) { (_, _, vectors) throws(PromQLError) -> [StepSample] in
            let left = vectors[0]
            let right = vectors[1]
            switch binary.op {
            case .and:
                guard !left.isEmpty, !right.isEmpty else { return [] }
                var present = [Bool](repeating: false, count: signatureCount)
                for r in right { present[rhsSig[r.series]] = true }
                return left.filter { present[lhsSig[$0.series]] }.map(\.sample)
            case .or:
                var present = [Bool](repeating: false, count: signatureCount)
                var out: [StepSample] = []
                for l in left {
                    present[lhsSig[l.series]] = true
                    out.append(l.sample)
                }
                for r in right where !present[rhsSig[r.series]] { out.append(r.sample) }
                return out
            case .unless:
                guard !left.isEmpty, !right.isEmpty else { return left.map(\.sample) }
                var present = [Bool](repeating: false, count: signatureCount)
                for r in right { present[rhsSig[r.series]] = true }
                return left.filter { !present[lhsSig[$0.series]] }.map(\.sample)
            default:
                return try vectorBinop(
                    binary,
                    matching: matching,
                    left: left,
                    right: right,
                    lhsSig: lhsSig,
                    rhsSig: rhsSig,
                    signatureCount: signatureCount,
                    cache: &resultMetricCache
                )
            }
        }
    }

    struct ResultMetricKey: Hashable {
        var lhs: Labels
        var rhs: Labels
    }

    /// Prometheus' `VectorBinop` for one step.
    private func vectorBinop(
        _ binary: BinaryExpr,
        matching: VectorMatching,
        left inLeft: [IndexedSample],
        right inRight: [IndexedSample],
        lhsSig inLhsSig: [Int],
        rhsSig inRhsSig: [Int],
        signatureCount: Int,
        cache: inout [ResultMetricKey: Labels]
    ) throws(PromQLError) -> [StepSample] {
        if (inLeft.isEmpty && inRight.isEmpty)
            || ((inLeft.isEmpty || inRight.isEmpty) && matching.fillLeft == nil && matching.fillRight == nil)
        {
            return []
        }
        // One-to-many is many-to-one with the sides swapped.
        let swapped = matching.cardinality == .oneToMany
        let left = swapped ? inRight : inLeft
        let right = swapped ? inLeft : inRight
        let lhsSig = swapped ? inRhsSig : inLhsSig
        let rhsSig = swapped ? inLhsSig : inRhsSig
        // The fill values are not swapped with the sides, as in Prometheus.
        let fillForRight = matching.fillRight
        let fillForLeft = matching.fillLeft

        var rightBySig = [StepSample?](repeating: nil, count: signatureCount)
        for r in right {
            let sig = rhsSig[r.series]
            if let duplicate = rightBySig[sig] {
                let side = swapped ? "left" : "right"
                let matched = r.sample.labels.matchLabels(on: matching.on, matching.matchingLabels)
                var first = r.sample.labels.description
                var second = duplicate.labels.description
                if first > second { swap(&first, &second) }
                throw PromQLError(
                    .execution,
                    "found duplicate series for the match group \(matched) on the \(side) hand-side of the operation: "
                        + "[\(first), \(second)];many-to-many matching not allowed: matching labels must be unique on one side"
                )
            }
            rightBySig[sig] = r.sample
        }

        var matchedOneToOne = [Bool](repeating: false, count: signatureCount)
        var matchedManyToOne = [Set<Labels>](
            repeating: [], count: matching.cardinality == .oneToOne ? 0 : signatureCount)
        var out: [StepSample] = []

        func apply(_ l: StepSample, _ r: StepSample, _ sig: Int) throws(PromQLError) {
            let (fl, fr) = swapped ? (r.value, l.value) : (l.value, r.value)
            var (value, keep) = Evaluator.elementBinop(binary.op, fl, fr)
            if binary.returnBool {
                value = keep ? 1 : 0
            }
            let key = ResultMetricKey(lhs: l.labels, rhs: r.labels)
            let metric: Labels
            if let cached = cache[key] {
                metric = cached
            } else {
                metric = Evaluator.resultMetric(l.labels, r.labels, op: binary.op, matching: matching)
                cache[key] = metric
            }
            if matching.cardinality == .oneToOne {
                if matchedOneToOne[sig] {
                    throw PromQLError(
                        .execution,
                        "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)"
                    )
                }
                matchedOneToOne[sig] = true
            } else {
                if !matchedManyToOne[sig].insert(metric).inserted {
                    throw PromQLError(
                        .execution, "multiple matches for labels: grouping labels must ensure unique matches")
                }
            }
            if !keep && !binary.returnBool { return }
            out.append(StepSample(labels: metric, value: value, dropName: binary.returnBool))
        }

        for l in left {
            let sig = lhsSig[l.series]
            if let r = rightBySig[sig] {
                try apply(l.sample, r, sig)
            } else if let fill = fillForRight {
                let filler = StepSample(
                    labels: l.sample.labels.matchLabels(on: matching.on, matching.matchingLabels), value: fill)
                try apply(l.sample, filler, sig)
            }
        }
        if let fill = fillForLeft {
            for r in right {
                let sig = rhsSig[r.series]
                let matched = matching.cardinality == .oneToOne ? matchedOneToOne[sig] : !matchedManyToOne[sig].isEmpty
                if matched { continue }
                let filler = StepSample(
                    labels: r.sample.labels.matchLabels(on: matching.on, matching.matchingLabels), value: fill)
                try apply(filler, r.sample, sig)
            }
        }
        return out
    }

    /// The join signature of a series: its `on` labels, or all labels but
    /// the `ignoring` ones and `__name__`.
    static func signatureFunction(_ matching: VectorMatching) -> (Labels) -> Labels {
        let names = Set(matching.matchingLabels)
        if matching.on {
            return { $0.keeping(names) }
        }
        let ignored = names.union([Labels.metricName])
        return { $0.removing(ignored) }
    }

    /// The labels of a binary operation's result (Prometheus' `resultMetric`).
    static func resultMetric(_ lhs: Labels, _ rhs: Labels, op: BinaryOp, matching: VectorMatching) -> Labels {
        var builder = Labels.Builder(lhs)
        if op.changesMetricSchema {
            builder.delete("__name__", "__type__", "__unit__")
        }
        if matching.cardinality == .oneToOne {
            if matching.on {
                let keep = Set(matching.matchingLabels)
                for label in lhs where !keep.contains(label.name) { builder.delete(label.name) }
            } else {
                for name in matching.matchingLabels { builder.delete(name) }
            }
        }
        for name in matching.include {
            builder.set(name, rhs[name] ?? "")
        }
        return builder.labels
    }

    // MARK: Arithmetic

    static func scalarBinop(_ op: BinaryOp, _ lhs: Double, _ rhs: Double) -> Double {
        switch op {
        case .add: return lhs + rhs
        case .sub: return lhs - rhs
        case .mul: return lhs * rhs
        case .div: return lhs / rhs
        case .pow: return Foundation.pow(lhs, rhs)
        case .mod: return fmod(lhs, rhs)
        case .atan2: return Foundation.atan2(lhs, rhs)
        case .eql: return lhs == rhs ? 1 : 0
        case .neq: return lhs != rhs ? 1 : 0
        case .gtr: return lhs > rhs ? 1 : 0
        case .lss: return lhs < rhs ? 1 : 0
        case .gte: return lhs >= rhs ? 1 : 0
        case .lte: return lhs <= rhs ? 1 : 0
        default: return .nan
        }
    }

    /// The value and whether the element is kept (comparisons filter).
    static func elementBinop(_ op: BinaryOp, _ lhs: Double, _ rhs: Double) -> (Double, Bool) {
        switch op {
        case .eql: return (lhs, lhs == rhs)
        case .neq: return (lhs, lhs != rhs)
        case .gtr: return (lhs, lhs > rhs)
        case .lss: return (lhs, lhs < rhs)
        case .gte: return (lhs, lhs >= rhs)
        case .lte: return (lhs, lhs <= rhs)
        case .trimUpper, .trimLower: return (lhs, true)
        default: return (scalarBinop(op, lhs, rhs), true)
        }
    }
}

extension BinaryOp {
    /// Arithmetic changes what a metric means, so its name goes.
    var changesMetricSchema: Bool {
        switch self {
        case .add, .sub, .mul, .div, .pow, .mod, .atan2: return true
        default: return false
        }
    }
}

extension Labels {
    /// The labels named in `names` (`on`) or all but them (`ignoring`,
    /// which also drops `__name__`): Prometheus' `MatchLabels`.
    func matchLabels(on: Bool, _ names: [String]) -> Labels {
        if on { return keeping(Set(names)) }
        return removing(Set(names).union([Labels.metricName]))
    }
}
