import ArgusCore
import Storage
import Testing

@testable import PromQL

/// Element-wise math, `round`, the `clamp` family and the scalar math
/// functions, with the expectations of upstream's `functions.test` and
/// `trig_functions.test`.
@Suite struct FunctionMathTests {
    typealias F = FunctionFixture

    static let data: [(String, Double)] = [
        ("positive", 2.5), ("whole", 2), ("negative", -2.5), ("nwhole", -2), ("zero", 0), ("nzero", -0.0),
        ("inf", .infinity), ("ninf", -.infinity), ("nan", .nan),
    ]

    static func input(_ pairs: [(String, Double)]) -> StepArgument {
        F.vector(pairs.map { (["__name__": "data", "type": $0.0], $0.1) })
    }

    static func results(_ samples: [StepSample]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: samples.map { ($0.labels["type"] ?? "", $0.value) })
    }

    static let roundingCases: [(String, [Double])] = [
        ("abs", [2.5, 2, 2.5, 2, 0, 0, Double.infinity, .infinity, .nan]),
        ("ceil", [3, 2, -2, -2, 0, 0, .infinity, -.infinity, .nan]),
        ("floor", [2, 2, -3, -2, 0, 0, .infinity, -.infinity, .nan]),
        ("round", [3, 2, -2, -2, 0, 0, .infinity, -.infinity, .nan]),
        ("sgn", [1, 1, -1, -1, 0, 0, 1, -1, .nan]),
    ]

    @Test(arguments: roundingCases)
    func roundingAndSign(function: String, expected: [Double]) {
        let samples = F.step(function, [Self.input(Self.data)])
        let values = Self.results(samples)
        for (i, (type, _)) in Self.data.enumerated() {
            #expect(F.close(values[type], expected[i]), "\(function)(\(type))")
        }
        // The metric name is dropped (delayed), the labels are kept.
        #expect(samples.allSatisfy { $0.dropName && $0.labels.name == "data" })
    }

    static let elementwiseCases: [(String, Double, Double)] = [
        ("exp", 10.0, 22026.465794806718), ("exp", 20, 485165195.4097903), ("exp", -10, 4.5399929762484854e-05),
        ("exp", 0, 1), ("ln", 10, 2.302585092994046), ("ln", 20, 2.995732273553991), ("ln", 0, -.infinity),
        ("ln", -10, .nan), ("sqrt", 10, 3.1622776601683795), ("sqrt", 20, 4.47213595499958),
        ("log2", 10, 3.3219280948873626), ("log2", 20, 4.321928094887363), ("log2", 0, -.infinity),
        ("log2", -10, .nan), ("log10", 10, 1), ("log10", 20, 1.301029995663981), ("log10", 0, -.infinity),
        ("log10", -10, .nan), ("sin", 0, 0), ("cos", 0, 1), ("tan", 0, 0), ("asin", 1, Double.pi / 2),
        ("acos", 1, 0), ("atan", 1, Double.pi / 4), ("sinh", 0, 0), ("cosh", 0, 1), ("tanh", 0, 0),
        ("asinh", 0, 0), ("acosh", 1, 0), ("atanh", 0, 0), ("atanh", 1, .infinity), ("asin", 2, .nan),
        ("rad", 180, Double.pi), ("deg", Double.pi, 180), ("sin", .infinity, .nan), ("sqrt", -1, .nan),
    ]

    @Test(arguments: elementwiseCases)
    func elementwise(function: String, input: Double, expected: Double) {
        let samples = F.step(function, [F.vector([(["__name__": "m", "l": "x"], input)])])
        #expect(samples.count == 1)
        #expect(F.close(samples.first?.value, expected, tolerance: 1e-15), "\(function)(\(input))")
        #expect(samples.first?.dropName == true)
    }

    @Test func roundToNearest() {
        let values: [(Double, Double, Double)] = [
            (5.12, 0.1, 5.1), (5.15, 0.1, 5.2), (-5.15, 0.1, -5.1), (17, 5, 15), (17.5, 5, 20), (0.5, 1, 1),
            (-0.5, 1, 0), (1234, 100, 1200), (1.23456, 0.001, 1.235),
        ]
        for (value, toNearest, expected) in values {
            let samples = F.step("round", [F.vector([(Labels(), value)]), .scalar(toNearest)])
            #expect(F.close(samples.first?.value, expected), "round(\(value), \(toNearest))")
        }
    }

    @Test func clamp() {
        let input = Self.input([("clamp-a", -50), ("clamp-b", 0), ("clamp-c", 100)])
        #expect(
            Self.results(F.step("clamp_max", [input, .scalar(75)])) == ["clamp-a": -50, "clamp-b": 0, "clamp-c": 75])
        #expect(
            Self.results(F.step("clamp_min", [input, .scalar(-25)])) == ["clamp-a": -25, "clamp-b": 0, "clamp-c": 100])
        #expect(
            Self.results(F.step("clamp", [input, .scalar(-25), .scalar(75)]))
                == ["clamp-a": -25, "clamp-b": 0, "clamp-c": 75])
        // NaN bounds make every value NaN; min > max gives nothing.
        #expect(F.step("clamp", [input, .scalar(0), .scalar(.nan)]).allSatisfy { $0.value.isNaN })
        #expect(F.step("clamp", [input, .scalar(.nan), .scalar(0)]).allSatisfy { $0.value.isNaN })
        #expect(F.step("clamp", [input, .scalar(5), .scalar(-5)]).isEmpty)
        #expect(F.step("clamp_min", [input, .scalar(1)]).allSatisfy { $0.dropName })
    }

    @Test func scalarMath() {
        #expect(F.step("pi", []).map(\.value) == [Double.pi])
        let cases: [(String, Double, Double, Double)] = [
            ("min_of", 3, 5, 3), ("min_of", 5, 3, 3), ("max_of", 3, 5, 5), ("max_of", 5, 3, 5),
            ("min_of", -2, -5, -5), ("max_of", -2, -5, -2), ("min_of", .nan, 3, .nan), ("min_of", 3, .nan, .nan),
            ("max_of", .nan, 3, .nan), ("max_of", 3, .nan, .nan), ("max_of", .nan, .infinity, .infinity),
        ]
        for (function, a, b, expected) in cases {
            let samples = F.step(function, [.scalar(a), .scalar(b)])
            #expect(samples.count == 1 && samples[0].labels.isEmpty)
            #expect(F.close(samples.first?.value, expected), "\(function)(\(a), \(b))")
        }
    }
}
