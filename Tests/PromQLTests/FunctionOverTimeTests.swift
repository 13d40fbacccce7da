import ArgusCore
import Storage
import Testing

@testable import PromQL

/// The `*_over_time` functions, `changes`, `resets`, `deriv`,
/// `predict_linear` and `double_exponential_smoothing`, with cases from
/// upstream's `functions.test`.
@Suite struct FunctionOverTimeTests {
    typealias F = FunctionFixture

    struct Case: CustomTestStringConvertible, Sendable {
        var function: String
        var values: [Double?]
        var interval: Double = 10
        var range: Double = 60
        var at: Double = 55
        var scalars: [Double] = []
        var expected: Double?
        /// Relative tolerance; 0 means bit-exact (or both NaN).
        var tolerance: Double = 0
        var testDescription: String { "\(function)(\(values.map { $0.map { "\($0)" } ?? "_" }))" }
    }

    static let cases: [Case] = [
        Case(function: "avg_over_time", values: [1, 2, 3, 4, 5], range: 10, expected: nil),
        Case(function: "avg_over_time", values: [1, 2, 3, 4, 5], range: 20, expected: 5),
        Case(function: "avg_over_time", values: [1, 2, 3, 4, 5], expected: 3),
        Case(function: "avg_over_time", values: [1, 2, 3, 4, .infinity], expected: .infinity),
        Case(function: "avg_over_time", values: [1, 2, 3, 4, -.infinity], expected: -.infinity),
        Case(function: "avg_over_time", values: [1, 2, 3, .infinity, -.infinity], expected: .nan),
        Case(function: "avg_over_time", values: [.infinity, 0, .infinity], expected: .infinity),
        Case(function: "avg_over_time", values: [.infinity, .infinity, .infinity, -.infinity], expected: .nan),
        Case(function: "avg_over_time", values: [-.infinity, 0, -.infinity], expected: -.infinity),
        Case(function: "avg_over_time", values: [1, 2, -.infinity, -.infinity, .infinity], expected: .nan),
        // Sums that overflow switch to the incremental mean.
        Case(
            function: "avg_over_time", values: [9.988465674311579e+307, 9.988465674311579e+307],
            expected: 9.988465674311579e+307),
        Case(
            function: "avg_over_time",
            values: [-9.988465674311579e+307, -9.988465674311579e+307, -9.988465674311579e+307],
            expected: -9.988465674311579e+307),
        Case(function: "avg_over_time", values: [-9.988465674311579e+307, 9.988465674311579e+307], expected: 0),
        Case(function: "sum_over_time", values: [9.988465674311579e+307, 9.988465674311579e+307], expected: .infinity),
        Case(function: "avg_over_time", values: [1, 2, 3, .nan, .nan], at: 20, expected: 2),
        Case(function: "avg_over_time", values: [1, 2, 3, .nan, .nan], at: 30, expected: .nan),
        // Kahan summation keeps small terms next to huge ones.
        Case(function: "sum_over_time", values: [1, 1e100, 1, -1e100], range: 120, at: 60, expected: 2),
        Case(function: "avg_over_time", values: [1, 1e100, 1, -1e100], range: 120, at: 60, expected: 0.5),
        Case(
            function: "avg_over_time", values: [1e10, 1e-6, 1e-6, 1e-6, 1e-6, 1e-6], interval: 5,
            expected: 1.6666666666666675e+09, tolerance: 1e-15),
        Case(
            function: "avg_over_time",
            values: [
                5.30921651659898, 0.961118537914768, 1.62091361305318, 0.865089463758091, 0.323055185914577,
                0.951811357687154,
            ],
            interval: 5, expected: 1.67186744582113, tolerance: 1e-6),
        Case(
            function: "avg_over_time", values: [1.78264E+50, 0.76342771, 1.9592258, 2.258E+220, 7.69805412, 458.90154],
            interval: 5, expected: 3.76333333333333E+219, tolerance: 1e-6),
        Case(
            function: "avg_over_time",
            values: [
                -1.78264E+219, 0.76342771, 1.9592258, 2.3757689E+217, -2.3757689E+217, 2.258E+220, 7.69805412,
                1.78264E+219, -458.90154,
            ],
            interval: 5, expected: 2.5088888888888888e+219, tolerance: 1e-6),
        Case(
            function: "avg_over_time",
            values: [
                -2.258E+220, -1.78264E+219, 0.76342771, 1.9592258, 2.3757689E+217, -2.3757689E+217, 2.258E+220,
                7.69805412, 1.78264E+219, -458.90154,
            ],
            interval: 5, expected: 0),
        Case(function: "avg_over_time", values: Array(repeating: 52, count: 101), range: 130, at: 600, expected: 52),
        Case(function: "count_over_time", values: [2, 0, 3], range: 120, at: 60, expected: 3),
        Case(
            function: "stdvar_over_time", values: [0, 8, 8, 2, 3], range: 120, at: 60, expected: 10.56, tolerance: 1e-12
        ),
        Case(
            function: "stddev_over_time", values: [0, 8, 8, 2, 3], range: 120, at: 60, expected: 3.249615,
            tolerance: 1e-6),
        Case(
            function: "stdvar_over_time", values: [1.5990505637277868, 1.5990505637277868, 1.5990505637277868],
            expected: 0),
        Case(
            function: "stddev_over_time", values: [1.5990505637277868, 1.5990505637277868, 1.5990505637277868],
            expected: 0),
        Case(function: "mad_over_time", values: [4, 6, 2, 1, 999, 1, 2], range: 70, at: 70, expected: 1),
        Case(function: "mad_over_time", values: [1, 2, 3, 4, 5], range: 50, at: 40, expected: 1),
        Case(function: "mad_over_time", values: [7, 7, 7, 7, 7], range: 50, at: 40, expected: 0),
        Case(function: "mad_over_time", values: [5], range: 10, at: 0, expected: 0),
        Case(function: "mad_over_time", values: [1, 2, .nan, 4], range: 40, at: 30, expected: .nan),
        Case(function: "min_over_time", values: [2, 0, 3], range: 120, at: 60, expected: 0),
        Case(function: "min_over_time", values: [2, 0, .nan], range: 120, at: 60, expected: 0),
        Case(function: "min_over_time", values: [2, .nan, 1], range: 120, at: 60, expected: 1),
        Case(function: "min_over_time", values: [.nan, 0, 1], range: 120, at: 60, expected: 0),
        Case(function: "min_over_time", values: [.nan, .nan, .nan], range: 120, at: 60, expected: .nan),
        Case(function: "max_over_time", values: [2, 0, 3], range: 120, at: 60, expected: 3),
        Case(function: "max_over_time", values: [2, 0, .nan], range: 120, at: 60, expected: 2),
        Case(function: "max_over_time", values: [2, .nan, 1], range: 120, at: 60, expected: 2),
        Case(function: "max_over_time", values: [.nan, 0, 1], range: 120, at: 60, expected: 1),
        Case(function: "max_over_time", values: [.nan, .nan, .nan], range: 120, at: 60, expected: .nan),
        Case(function: "max_over_time", values: [nil, 5, 2, nil, 4, nil], range: 120, at: 60, expected: 5),
        Case(function: "last_over_time", values: [2, 0, .nan], range: 120, at: 60, expected: .nan),
        Case(function: "last_over_time", values: [nil, 5, 2, nil, 4, nil], range: 120, at: 60, expected: 4),
        Case(function: "first_over_time", values: [.nan, 0, 1], range: 120, at: 60, expected: .nan),
        Case(function: "first_over_time", values: [nil, 5, 2, nil, 4, nil], range: 120, at: 60, expected: 5),
        Case(function: "present_over_time", values: [1], range: 30, at: 0, expected: 1),
        Case(function: "present_over_time", values: [1], range: 30, at: 60, expected: nil),
        Case(function: "quantile_over_time", values: [0, 1], range: 120, at: 60, scalars: [0.75], expected: 0.75),
        Case(function: "quantile_over_time", values: [0, 1, 2], range: 120, at: 60, scalars: [0.75], expected: 1.5),
        Case(
            function: "quantile_over_time", values: [0, 1, 4], range: 120, at: 60, scalars: [0.8], expected: 2.8,
            tolerance: 1e-15),
        Case(function: "quantile_over_time", values: [0, 1, 4], range: 120, at: 60, scalars: [0.5], expected: 1),
        Case(function: "quantile_over_time", values: [0, 1, 4], range: 120, at: 60, scalars: [0], expected: 0),
        Case(function: "quantile_over_time", values: [0, 1, 4], range: 120, at: 60, scalars: [1], expected: 4),
        Case(function: "quantile_over_time", values: [0, .nan, 4], range: 120, at: 60, scalars: [0], expected: .nan),
        Case(function: "quantile_over_time", values: [0, .nan, 4], range: 120, at: 60, scalars: [0.5], expected: 0),
        Case(function: "changes", values: [.nan, .nan, .nan], interval: 300, range: 1200, at: 900, expected: 0),
        Case(function: "changes", values: [0, .nan, 0], interval: 300, range: 1200, at: 900, expected: 2),
        Case(function: "changes", values: [5], interval: 300, range: 1200, at: 900, expected: 0),
        Case(
            function: "changes", values: [1, 2, 3, 0, 1, 0, 0, 1, 2, 0], interval: 300, range: 3000, at: 3000,
            expected: 7),
        Case(
            function: "changes", values: [1, 2, 3, 4, 5, 1, 2, 3, 4, 5], interval: 300, range: 3000, at: 3000,
            expected: 8),
        Case(
            function: "resets", values: [1, 2, 3, 0, 1, 0, 0, 1, 2, 0], interval: 300, range: 3000, at: 3000,
            expected: 3),
        Case(
            function: "resets", values: [1, 2, 3, 0, 1, 0, 0, 1, 2, 0], interval: 300, range: 1200, at: 3000,
            expected: 1),
        Case(
            function: "resets", values: [1, 2, 3, 4, 5, 1, 2, 3, 4, 5], interval: 300, range: 1920, at: 3000,
            expected: 1),
        Case(function: "resets", values: [1, 2, 3, 0], interval: 300, range: 300, at: 900, expected: 0),
    ]

    @Test(arguments: cases)
    func overTime(_ c: Case) {
        let window = F.window(F.series(interval: c.interval, c.values), range: c.range, end: c.at)
        let (value, _) = F.callRange(c.function, window, scalars: c.scalars, argumentCount: 1 + c.scalars.count)
        if c.tolerance == 0, let value, let expected = c.expected, !expected.isNaN {
            #expect(value == expected)
        } else {
            #expect(F.close(value, c.expected, tolerance: c.tolerance), "got \(value.map { "\($0)" } ?? "nothing")")
        }
    }

    @Test func timestampOfExtremes() {
        // load 10s53ms: metric 1 2 3 0 5 6 2 1 4, evaluated at 90s over [90s].
        let samples = F.series(interval: 10.053, [1, 2, 3, 0, 5, 6, 2, 1, 4])
        let window = F.window(samples, range: 90, end: 90)
        #expect(F.callRange("ts_of_min_over_time", window).value == 30.159)
        #expect(F.callRange("ts_of_max_over_time", window).value == 50.265)
        #expect(F.callRange("ts_of_first_over_time", window).value == 10.053)
        #expect(F.callRange("ts_of_last_over_time", window).value == 80.424)
        // Ties: ts_of_max takes the last maximum, max_over_time the first.
        let ties = F.window([(10, 3), (20, 1), (30, 3), (40, 1)], range: 60, end: 60)
        #expect(F.callRange("ts_of_max_over_time", ties).value == 30)
        #expect(F.callRange("ts_of_min_over_time", ties).value == 40)
    }

    @Test func sparseFirstAndLastTimestamps() {
        // metric _ _ 1 2 3 _ _ at 10s53ms.
        let samples = F.series(interval: 10.053, [nil, nil, 1, 2, 3, nil, nil])
        #expect(F.callRange("ts_of_first_over_time", F.window(samples, range: 90, end: 95)).value == 20.106)
        #expect(F.callRange("ts_of_last_over_time", F.window(samples, range: 90, end: 95)).value == 40.212)
        #expect(F.callRange("ts_of_first_over_time", F.window(samples, range: 90, end: 15)).value == nil)
    }

    @Test func invalidQuantileWarnsAtTheQuantileArgument() {
        let window = F.window([(0, 0), (10, 1)], range: 120, end: 60)
        for (q, expected, text) in [(-1.0, -Double.infinity, "-1"), (2, .infinity, "2"), (.nan, .nan, "NaN")] {
            let (value, annotations) = F.callRange("quantile_over_time", window, scalars: [q], argumentCount: 2)
            #expect(F.close(value, expected))
            #expect(
                annotations == [
                    Annotation(
                        kind: .warning, message: "quantile value should be between 0 and 1, got \(text)",
                        position: F.positions(2)[0])
                ])
        }
        #expect(F.callRange("quantile_over_time", window, scalars: [0.5], argumentCount: 2).annotations.isEmpty)
    }

    /// `deriv` and `predict_linear` on `0+10x4 0+10x5` every 5m.
    @Test func linearRegression() {
        let samples = F.series(interval: 300, F.expand(0, 10, times: 4) + F.expand(0, 10, times: 5))
        #expect(F.close(F.callRange("deriv", F.window(samples, range: 6000, end: 3000)).value, 0.010606060606060607))
        let fifty = F.window(samples, range: 3000, end: 3000)
        #expect(F.close(F.callRange("predict_linear", fifty, scalars: [3600], argumentCount: 2).value, 70))
        // [55m] @ 3000 evaluated at 50m, 10m and 70m: the line is evaluated
        // from the step time, not the window's end.
        for (step, expected) in [(3000.0, 76.81818181818181), (600, 51.36363636363637), (4200, 89.54545454545455)] {
            let window = F.window(samples, range: 3300, end: 3000, stepTime: step)
            #expect(F.close(F.callRange("predict_linear", window, scalars: [3600], argumentCount: 2).value, expected))
        }
        // deriv equals rate on a clean counter.
        let counter = F.window(F.series(interval: 300, F.expand(0, 80, times: 10)), range: 3000, end: 3000)
        #expect(F.close(F.callRange("deriv", counter).value, 0.26666666666666666))
        // Infinite values give NaN; a single sample gives nothing.
        let infinite = F.window(
            F.series(interval: 300, [-.infinity] + F.expand(0, 80, times: 10) + [.infinity]), range: 6000, end: 6000)
        #expect(F.callRange("deriv", infinite).value?.isNaN == true)
        #expect(F.callRange("predict_linear", infinite, scalars: [6000], argumentCount: 2).value?.isNaN == true)
        #expect(F.callRange("deriv", F.window([(10, 1)], range: 60, end: 60)).value == nil)
        // A constant series has slope 0 and predicts its value.
        let constant = F.window([(10, 4), (20, 4), (30, 4)], range: 60, end: 60)
        #expect(F.callRange("deriv", constant).value == 0)
        #expect(F.callRange("predict_linear", constant, scalars: [100], argumentCount: 2).value == 4)
    }

    @Test func doubleExponentialSmoothing() {
        // A straight line is reproduced exactly (functions.test at 8000s, [1m]).
        for (start, slope, expected) in [(0.0, 10.0, 8000.0), (0, 20, 16000), (8000, -10, 0), (0, -20, -16000)] {
            let samples = F.series(interval: 10, F.expand(start, slope, times: 1000))
            let window = F.window(samples, range: 60, end: 8000)
            let value = F.callRange("double_exponential_smoothing", window, scalars: [0.01, 0.1], argumentCount: 3)
                .value
            #expect(F.close(value, expected, tolerance: 1e-9), "\(start)+\(slope)")
        }
        // Hand-computed: 1, 3, 2 with sf = 0.5, tf = 0.5.
        // s1 = 1, b = 2; i=1: s1 = 0.5·3 + 0.5·(1 + 2) = 3;
        // i=2: b = 0.5·(3 − 1) + 0.5·2 = 2, s1 = 0.5·2 + 0.5·(3 + 2) = 3.5.
        let window = F.window([(10, 1), (20, 3), (30, 2)], range: 60, end: 60)
        #expect(
            F.callRange("double_exponential_smoothing", window, scalars: [0.5, 0.5], argumentCount: 3).value == 3.5)
        #expect(
            F.callRange("double_exponential_smoothing", F.window([(10, 1)], range: 60, end: 60), scalars: [0.5, 0.5])
                .value == nil)
    }
}
