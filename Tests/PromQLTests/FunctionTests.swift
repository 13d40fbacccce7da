import ArgusCore
import Storage
import Testing

@testable import PromQL

/// Drives ``FunctionTable`` implementations directly, without an engine.
enum FunctionFixture {
    static let position = PositionRange(start: 0, end: 0)

    /// Argument positions `(1:1)`, `(1:2)` … so tests can tell them apart.
    static func positions(_ count: Int) -> [PositionRange] {
        (0..<count).map { PositionRange(start: $0, end: $0 + 1) }
    }

    /// A window `(end - range, end]` over `samples` (seconds, value); samples
    /// outside the window are dropped, as the engine would.
    static func window(
        _ samples: [(Double, Double)],
        range: Double,
        end: Double,
        stepTime: Double? = nil,
        labels: Labels = ["__name__": "metric"]
    ) -> RangeWindow {
        let endMs = milliseconds(end)
        let startMs = endMs - milliseconds(range)
        let points = samples.map { Sample(timestamp: milliseconds($0.0), value: $0.1) }
            .filter { $0.timestamp > startMs && $0.timestamp <= endMs }
        return RangeWindow(
            points: points[...],
            start: startMs,
            end: endMs,
            stepTime: milliseconds(stepTime ?? end),
            labels: labels
        )
    }

    /// Samples `values` every `interval` seconds from 0 (nil skips one).
    static func series(interval: Double, _ values: [Double?], offset: Double = 0) -> [(Double, Double)] {
        values.enumerated().compactMap { i, value in value.map { (offset + Double(i) * interval, $0) } }
    }

    /// Prometheus' `a+bxn` expansion: `a, a+b, …, a+n·b`.
    static func expand(_ start: Double, _ step: Double, times: Int) -> [Double?] {
        (0...times).map { start + Double($0) * step }
    }

    static func milliseconds(_ seconds: Double) -> Int64 { Int64((seconds * 1000).rounded()) }

    /// Calls range function `name` on `window`.
    static func callRange(
        _ name: String,
        _ window: RangeWindow,
        scalars: [Double] = [],
        argumentCount: Int = 1
    ) -> (value: Double?, annotations: [Annotation]) {
        guard case .range(_, let function) = FunctionTable.implementations[name] else {
            Issue.record("\(name) is not a range function")
            return (nil, [])
        }
        var context = FunctionContext(
            stepTime: window.stepTime, position: position, argumentPositions: positions(argumentCount))
        do {
            let value = try function(window, scalars, &context)
            return (value, context.annotations)
        } catch {
            Issue.record("\(name) threw \(error)")
            return (nil, context.annotations)
        }
    }

    /// Calls step function `name` with `arguments` at `stepTime` (ms).
    static func callStep(
        _ name: String,
        _ arguments: [StepArgument],
        stepTime: Int64 = 0
    ) throws(PromQLError) -> (samples: [StepSample], annotations: [Annotation]) {
        guard case .step(let function) = FunctionTable.implementations[name] else {
            Issue.record("\(name) is not a step function")
            return ([], [])
        }
        var context = FunctionContext(
            stepTime: stepTime, position: position, argumentPositions: positions(arguments.count))
        let samples = try function(arguments, &context)
        return (samples, context.annotations)
    }

    /// Calls step function `name`, recording any error as a test failure.
    static func step(_ name: String, _ arguments: [StepArgument], stepTime: Int64 = 0) -> [StepSample] {
        do {
            return try callStep(name, arguments, stepTime: stepTime).samples
        } catch {
            Issue.record("\(name) failed: \(error)")
            return []
        }
    }

    /// An instant-vector argument.
    static func vector(_ samples: [(Labels, Double)], dropName: Bool = false) -> StepArgument {
        .vector(samples.map { StepSample(labels: $0.0, value: $0.1, dropName: dropName) })
    }

    /// Whether `a` and `b` are equal within a relative `tolerance`, NaN equal to NaN.
    static func close(_ a: Double?, _ b: Double?, tolerance: Double = 1e-12) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a == b { return true }
        return abs(a - b) <= tolerance * max(abs(a), abs(b))
    }
}

@Suite struct FunctionTableTests {
    /// The functions of Prometheus' `FunctionCalls` table that this table
    /// does not implement, each handled by the evaluator or unsupported.
    static let leftOut: Set<String> = [
        "timestamp", "absent", "absent_over_time", "info", "start", "end", "step", "range", "start_timestamp",
    ]

    /// Every function name in Prometheus' `FunctionCalls` (commit d15adb9).
    static let upstream: Set<String> = [
        "abs", "absent", "absent_over_time", "acos", "acosh", "asin", "asinh", "atan", "atanh", "avg_over_time",
        "ceil", "changes", "clamp", "clamp_max", "clamp_min", "cos", "cosh", "count_over_time", "days_in_month",
        "day_of_month", "day_of_week", "day_of_year", "deg", "end", "delta", "deriv", "exp", "first_over_time",
        "floor", "histogram_avg", "histogram_count", "histogram_fraction", "histogram_quantile",
        "histogram_quantiles", "histogram_sum", "histogram_stddev", "histogram_stdvar",
        "double_exponential_smoothing", "hour", "idelta", "increase", "info", "irate", "max_of", "label_replace",
        "label_join", "min_of", "ln", "log10", "log2", "last_over_time", "mad_over_time", "max_over_time",
        "min_over_time", "ts_of_first_over_time", "ts_of_last_over_time", "ts_of_max_over_time",
        "ts_of_min_over_time", "minute", "month", "pi", "predict_linear", "present_over_time", "quantile_over_time",
        "rad", "range", "rate", "resets", "round", "scalar", "sgn", "sin", "sinh", "sort", "sort_desc",
        "sort_by_label", "sort_by_label_desc", "start", "start_timestamp", "step", "sqrt", "stddev_over_time",
        "stdvar_over_time", "sum_over_time", "tan", "tanh", "time", "timestamp", "vector", "year",
    ]

    @Test func coversUpstreamTableExceptEngineFunctions() {
        let implemented = Set(FunctionTable.implementations.keys)
        #expect(implemented == Self.upstream.subtracting(Self.leftOut))
        #expect(implemented.isDisjoint(with: Self.leftOut))
    }

    /// Exactly the functions with a range-vector argument are `.range`, and
    /// only `last_over_time` and `first_over_time` keep the metric name.
    @Test func rangeFunctionsAndNameKeeping() {
        let rangeFunctions: Set<String> = [
            "rate", "increase", "delta", "irate", "idelta", "avg_over_time", "sum_over_time", "count_over_time",
            "min_over_time", "max_over_time", "ts_of_min_over_time", "ts_of_max_over_time", "last_over_time",
            "first_over_time", "ts_of_last_over_time", "ts_of_first_over_time", "present_over_time",
            "quantile_over_time", "stddev_over_time", "stdvar_over_time", "mad_over_time", "changes", "resets",
            "deriv", "predict_linear", "double_exponential_smoothing",
        ]
        for (name, implementation) in FunctionTable.implementations {
            switch implementation {
            case .range(let keepsName, _):
                #expect(rangeFunctions.contains(name), "\(name)")
                #expect(keepsName == (name == "last_over_time" || name == "first_over_time"), "\(name)")
            case .step:
                #expect(!rangeFunctions.contains(name), "\(name)")
            }
        }
    }

    @Test func doubleExponentialSmoothingRejectsBadFactors() throws {
        guard case .range(_, let function) = FunctionTable.implementations["double_exponential_smoothing"] else {
            Issue.record("double_exponential_smoothing is not a range function")
            return
        }
        let points = [Sample(timestamp: 0, value: 1), Sample(timestamp: 60_000, value: 2)]
        let window = RangeWindow(points: points[...], start: -1, end: 60_000, stepTime: 60_000, labels: Labels())
        var context = FunctionContext(
            stepTime: 60_000, position: FunctionFixture.position, argumentPositions: FunctionFixture.positions(3))
        #expect(try function(window, [0.5, 0.5], &context) != nil)
        let cases: [([Double], String)] = [
            ([1, 0.5], "invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000"),
            ([0.5, -0.25], "invalid trend factor. Expected: 0 < tf < 1, got: -0.250000"),
            ([.infinity, 0.5], "invalid smoothing factor. Expected: 0 < sf < 1, got: +Inf"),
        ]
        for (scalars, message) in cases {
            #expect(throws: PromQLError(.execution, message)) { try function(window, scalars, &context) }
        }
    }

    @Test(arguments: [
        (1.0, "1.000000"), (0.125, "0.125000"), (1234.5678901, "1234.567890"), (-2.5, "-2.500000"),
        (1e20, "100000000000000000000.000000"), (.nan, "NaN"), (-.infinity, "-Inf"), (0.0000005, "0.000000"),
    ])
    func goPercentF(value: Double, expected: String) {
        #expect(FunctionTable.goPercentF(value) == expected)
    }

    @Test func goMinMaxFollowGo() {
        #expect(FunctionTable.goMax(.nan, .infinity) == .infinity)
        #expect(FunctionTable.goMax(3, .nan).isNaN)
        #expect(FunctionTable.goMax(-0.0, 0.0).sign == .plus)
        #expect(FunctionTable.goMin(.nan, -.infinity) == -.infinity)
        #expect(FunctionTable.goMin(.nan, 3).isNaN)
        #expect(FunctionTable.goMin(0.0, -0.0).sign == .minus)
        #expect(FunctionTable.goMin(2, 3) == 2 && FunctionTable.goMax(2, 3) == 3)
    }

    @Test func kahanSummationKeepsSmallTerms() {
        var sum = 0.0
        var c = 0.0
        for value in [1, 1e100, 1, -1e100] {
            (sum, c) = FunctionTable.kahanInc(value, sum, c)
        }
        #expect(sum + c == 2)
    }
}
