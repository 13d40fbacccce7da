import ArgusCore
import PromQL
import Storage

extension EvalCommand {
    /// Where the values of an expected series lie in time when the result is a
    /// matrix: value i at `start + i·step`; values after `end` cannot be
    /// returned. `end` is nil for an instant eval without `expect range
    /// vector`, where no matrix value can be expected (as in Go, whose end
    /// time is then the zero time).
    package struct MatrixFrame: Hashable, Sendable {
        package var start: Int64
        package var end: Int64?
        package var step: Int64

        package init(start: Int64, end: Int64?, step: Int64) {
            self.start = start
            self.end = end
            self.step = step
        }
    }

    /// The frame for this eval's matrix expectations.
    package var matrixFrame: MatrixFrame {
        switch kind {
        case .range(let start, let end, let step): return MatrixFrame(start: start, end: end, step: step)
        case .instant(let at):
            if let rangeVector {
                return MatrixFrame(start: rangeVector.start, end: rangeVector.end, step: rangeVector.step)
            }
            return MatrixFrame(start: at, end: nil, step: 0)
        }
    }

    /// Compares a successful result with the expectations (FORMAT §6.3).
    ///
    /// - Returns: the differences found, empty when the result matches.
    package func differences(_ value: Value) -> [String] {
        switch value {
        case .scalar(_, let result):
            guard let expectedScalar else {
                return ["expected vector or matrix result, but got scalar \(GoFloat.formatG(result))"]
            }
            if !AlmostEqual.equal(expectedScalar, result) {
                return ["expected scalar \(GoFloat.formatG(expectedScalar)) but got \(GoFloat.formatG(result))"]
            }
            return []
        case .string(_, let result):
            let expected = expectedString ?? ""
            return expected == result
                ? [] : ["expected string \(GoString.quote(expected)) but got \(GoString.quote(result))"]
        case .vector(let elements):
            return vectorDifferences(elements)
        case .matrix(let series):
            return matrixDifferences(series)
        }
    }

    private var expectedByLabels: [Labels: ExpectedSeries] {
        Dictionary(expectedSeries.map { ($0.labels, $0) }, uniquingKeysWith: { _, last in last })
    }

    package func vectorDifferences(_ elements: [VectorElement]) -> [String] {
        if expectedScalar != nil {
            return ["expected scalar result, but got vector \(EvalCommand.format(elements))"]
        }
        let expected = expectedByLabels
        var problems: [String] = []
        var seen: Set<Labels> = []
        for (index, element) in elements.enumerated() {
            guard let series = expected[element.labels] else {
                problems.append("unexpected series \(element.labels) \(GoFloat.formatG(element.value))")
                continue
            }
            seen.insert(element.labels)
            if isOrdered && series.position != index + 1 {
                problems.append(
                    "series \(element.labels) at position \(index + 1), expected at position \(series.position)")
            }
            guard let first = series.values.first else {
                problems.append("expected series \(element.labels) has no value")
                continue
            }
            switch first {
            case .histogram(let histogram, _):
                problems.append(
                    "expected histogram \(histogram) for \(element.labels) but got float value \(GoFloat.formatG(element.value))"
                )
            case .float(let value):
                if !AlmostEqual.equal(value, element.value) {
                    problems.append(
                        "expected \(GoFloat.formatG(value)) for \(element.labels) but got \(GoFloat.formatG(element.value))"
                    )
                }
            case .omitted:
                // Go compares the zero value of an omitted entry.
                if !AlmostEqual.equal(0, element.value) {
                    problems.append("expected 0 for \(element.labels) but got \(GoFloat.formatG(element.value))")
                }
            }
        }
        for series in expectedSeries where !seen.contains(series.labels) {
            problems.append(
                "missing series \(series.labels) \(series.values.map(\.description).joined(separator: " "))")
        }
        return problems
    }

    package func matrixDifferences(_ result: [RangeSeries]) -> [String] {
        if isOrdered { return ["expected ordered result, but query returned a matrix"] }
        if expectedScalar != nil {
            return ["expected scalar result, but got matrix \(EvalCommand.format(result))"]
        }
        if let problem = EvalCommand.sortingProblem(result) { return [problem] }
        let expected = expectedByLabels
        let frame = matrixFrame
        var problems: [String] = []
        var seen: Set<Labels> = []
        for series in result {
            guard let expectation = expected[series.labels] else {
                problems.append("unexpected series \(series.labels) \(EvalCommand.format(series.points))")
                continue
            }
            seen.insert(series.labels)
            var floats: [Sample] = []
            var histograms = 0
            var outOfRange = false
            for (index, value) in expectation.values.enumerated() {
                let timestamp = frame.start + Int64(index) * frame.step
                guard let end = frame.end, timestamp <= end else {
                    outOfRange = true
                    break
                }
                switch value {
                case .omitted: break
                case .float(let float): floats.append(Sample(timestamp: timestamp, value: float))
                case .histogram: histograms += 1
                }
            }
            if outOfRange {
                problems.append(
                    "expected \(expectation.values.count) points for \(series.labels), but query time range cannot return this many points"
                )
                continue
            }
            if floats.count != series.points.count || histograms != 0 {
                problems.append(
                    "expected \(floats.count) float points and \(histograms) histogram points for \(series.labels), but got \(EvalCommand.format(series.points))"
                )
                continue
            }
            for (index, (want, got)) in zip(floats, series.points).enumerated() {
                if want.timestamp != got.timestamp {
                    problems.append(
                        "expected float value at index \(index) for \(series.labels) to have timestamp \(want.timestamp), but it had timestamp \(got.timestamp) (result has \(EvalCommand.format(series.points)))"
                    )
                    break
                }
                if !AlmostEqual.equal(got.value, want.value) {
                    problems.append(
                        "expected float value at index \(index) (t=\(got.timestamp)) for \(series.labels) to be \(GoFloat.formatG(want.value)), but got \(GoFloat.formatG(got.value)) (result has \(EvalCommand.format(series.points)))"
                    )
                    break
                }
            }
        }
        for series in expectedSeries where !seen.contains(series.labels) {
            problems.append(
                "missing series \(series.labels) \(series.values.map(\.description).joined(separator: " "))")
        }
        return problems
    }

    /// The problem with a matrix not sorted by labels (`labels.Compare`), if any.
    package static func sortingProblem(_ matrix: [RangeSeries]) -> String? {
        guard matrix.count > 1 else { return nil }
        for index in 1..<matrix.count where matrix[index].labels < matrix[index - 1].labels {
            return
                "matrix results should always be sorted by labels, but matrix is not sorted: series at index \(index) with labels \(matrix[index].labels) sorts before series at index \(index - 1) with labels \(matrix[index - 1].labels)"
        }
        return nil
    }

    static func format(_ elements: [VectorElement]) -> String {
        "[" + elements.map { "\($0.labels) => \(GoFloat.formatG($0.value))" }.joined(separator: ", ") + "]"
    }

    static func format(_ points: [Sample]) -> String {
        let noun = points.count == 1 ? "point" : "points"
        return "\(points.count) float \(noun) ["
            + points.map { "\(GoFloat.formatG($0.value)) @[\($0.timestamp)]" }.joined(separator: " ") + "]"
    }

    static func format(_ matrix: [RangeSeries]) -> String {
        "[" + matrix.map { "\($0.labels) => \(format($0.points))" }.joined(separator: ", ") + "]"
    }
}
