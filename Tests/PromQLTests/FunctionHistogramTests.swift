import ArgusCore
import Storage
import Testing

@testable import PromQL

/// `histogram_quantile`, `histogram_quantiles` and `histogram_fraction` on
/// classic buckets, with the cases of upstream's `histograms.test`.
@Suite struct FunctionHistogramTests {
    typealias F = FunctionFixture

    /// `testhistogram3_bucket` at 50m.
    static let testhistogram3: [(Labels, Double)] = [
        (["__name__": "testhistogram3_bucket", "le": "0", "start": "positive"], 0),
        (["__name__": "testhistogram3_bucket", "le": "0.1", "start": "positive"], 50),
        (["__name__": "testhistogram3_bucket", "le": ".2", "start": "positive"], 70),
        (["__name__": "testhistogram3_bucket", "le": "1e0", "start": "positive"], 110),
        (["__name__": "testhistogram3_bucket", "le": "+Inf", "start": "positive"], 110),
        (["__name__": "testhistogram3_bucket", "le": "-.25", "start": "negative"], 0),
        (["__name__": "testhistogram3_bucket", "le": "-.2", "start": "negative"], 10),
        (["__name__": "testhistogram3_bucket", "le": "-0.1", "start": "negative"], 20),
        (["__name__": "testhistogram3_bucket", "le": "0.3", "start": "negative"], 20),
        (["__name__": "testhistogram3_bucket", "le": "+Inf", "start": "negative"], 20),
    ]

    static func byStart(_ samples: [StepSample]) -> [String: Double] {
        Dictionary(uniqueKeysWithValues: samples.map { ($0.labels["start"] ?? "", $0.value) })
    }

    @Test(arguments: [
        (0.0, 0.0, -0.25), (0.25, 0.055, -0.225), (0.5, 0.125, -0.2), (0.75, 0.45, -0.15), (1, 1, -0.1),
        (-0.1, -.infinity, -.infinity), (1.01, .infinity, .infinity), (.nan, .nan, .nan),
    ])
    func histogramQuantile(q: Double, positive: Double, negative: Double) throws {
        let (samples, annotations) = try F.callStep(
            "histogram_quantile", [.scalar(q), F.vector(Self.testhistogram3.shuffled())])
        let values = Self.byStart(samples)
        #expect(F.close(values["positive"], positive) && F.close(values["negative"], negative), "\(values)")
        // `le` is gone, the name stays until the end of evaluation.
        #expect(samples.allSatisfy { !$0.labels.has("le") && $0.labels.name == "testhistogram3_bucket" && $0.dropName })
        if q.isNaN || q < 0 || q > 1 {
            #expect(
                annotations == [
                    Annotation(
                        kind: .warning, message: "quantile value should be between 0 and 1, got \(GoFloat.formatG(q))",
                        position: F.positions(2)[0])
                ])
        } else {
            #expect(annotations.isEmpty)
        }
    }

    @Test func histogramQuantiles() throws {
        let (samples, annotations) = try F.callStep(
            "histogram_quantiles",
            [
                F.vector(Self.testhistogram3), .string("q"), .scalar(0), .scalar(0.25), .scalar(0.5), .scalar(0.75),
                .scalar(1),
            ]
        )
        #expect(annotations.isEmpty)
        let values = Dictionary(
            uniqueKeysWithValues: samples.map { ("\($0.labels["q"] ?? "")/\($0.labels["start"] ?? "")", $0.value) })
        let expected: [String: Double] = [
            "0.0/positive": 0, "0.0/negative": -0.25, "0.25/positive": 0.055, "0.25/negative": -0.225,
            "0.5/positive": 0.125, "0.5/negative": -0.2, "0.75/positive": 0.45, "0.75/negative": -0.15,
            "1.0/positive": 1, "1.0/negative": -0.1,
        ]
        #expect(values.count == expected.count)
        for (key, value) in expected { #expect(F.close(values[key], value), "\(key)") }

        let invalid = try F.callStep(
            "histogram_quantiles", [F.vector(Self.testhistogram3), .string("q"), .scalar(0.5), .scalar(-0.1)])
        #expect(Set(invalid.samples.compactMap { $0.labels["q"] }) == ["0.5", "-0.1"])
        #expect(
            invalid.annotations == [
                Annotation(
                    kind: .warning, message: "quantile value should be between 0 and 1, got -0.1",
                    position: F.positions(4)[3])
            ])
        #expect(
            try F.callStep("histogram_quantiles", [F.vector(Self.testhistogram3), .string("q"), .scalar(.nan)])
                .samples.allSatisfy { $0.labels["q"] == "NaN" && $0.value.isNaN })
    }

    @Test func openMetricsFloat() {
        let cases: [(Double, String)] = [
            (0, "0.0"), (-0.0, "0.0"), (1, "1.0"), (-1, "-1.0"), (0.25, "0.25"), (100, "100.0"), (1e6, "1e+06"),
            (1e-5, "1e-05"), (.nan, "NaN"), (.infinity, "+Inf"), (-.infinity, "-Inf"),
        ]
        for (value, text) in cases { #expect(FunctionTable.openMetricsFloat(value) == text) }
    }

    /// Decreasing bucket counts are flattened, with an info annotation at
    /// the vector argument naming the metric.
    @Test(arguments: [(0.01, 0.0045), (0.5, 8.5), (0.99, 979.75)])
    func forcedMonotonicity(q: Double, expected: Double) throws {
        let buckets: [(String, Double)] = [
            ("0.1", 20), ("1", 10), ("10", 50), ("100", 40), ("1000", 90), ("+Inf", 80),
        ]
        let input = F.vector(buckets.map { (["__name__": "nonmonotonic_bucket", "le": $0.0], $0.1) })
        let (samples, annotations) = try F.callStep("histogram_quantile", [.scalar(q), input])
        #expect(F.close(samples.first?.value, expected))
        #expect(
            annotations == [
                Annotation(
                    kind: .info,
                    message: "input to histogram_quantile needed to be fixed for monotonicity (see "
                        + "https://prometheus.io/docs/prometheus/latest/querying/functions/#histogram_quantile) "
                        + "for metric name \"nonmonotonic_bucket\"",
                    position: F.positions(2)[1])
            ])
    }

    /// Tiny relative differences are floating-point noise, not a reason to
    /// annotate.
    @Test func smallDeltasAreIgnored() throws {
        let input = F.vector([
            (["le": "1"], 10), (["le": "2"], 10 - 1e-14), (["le": "4"], 20), (["le": "+Inf"], 20),
        ])
        let (samples, annotations) = try F.callStep("histogram_quantile", [.scalar(0.75), input])
        #expect(F.close(samples.first?.value, 3))
        #expect(annotations.isEmpty)
    }

    /// Different spellings of one bound are merged; a histogram whose only
    /// bucket is +Inf has no quantile.
    @Test func mixedBucketRepresentations() throws {
        let r = 1.0 / 300
        let input = F.vector([
            (["job": "job1", "instance": "ins1", "le": "0.1"], r),
            (["job": "job1", "instance": "ins1", "le": "0.2"], r),
            (["job": "job1", "instance": "ins1", "le": "2e-1"], r),
            (["job": "job1", "instance": "ins1", "le": "2.0e-1"], r),
            (["job": "job1", "instance": "ins1", "le": "+Inf"], 4 * r),
            (["job": "job1", "instance": "ins2", "le": "+inf"], 0),
            (["job": "job1", "instance": "ins2", "le": "+Inf"], 0),
        ])
        for (q, expected) in [(0.5, 0.15), (0.75, 0.2), (1, 0.2)] {
            let samples = F.step("histogram_quantile", [.scalar(q), input])
            let values = Dictionary(uniqueKeysWithValues: samples.map { ($0.labels["instance"] ?? "", $0.value) })
            #expect(F.close(values["ins1"], expected, tolerance: 1e-12), "q=\(q)")
            #expect(values["ins2"]?.isNaN == true)
        }
    }

    @Test func specialCases() {
        // No +Inf bucket, no observations, a single bucket: NaN.
        #expect(
            FunctionTable.bucketQuantile(0.5, [.init(upperBound: 1, count: 1), .init(upperBound: 2, count: 2)]).value
                .isNaN)
        #expect(
            FunctionTable.bucketQuantile(0.5, [.init(upperBound: 1, count: 0), .init(upperBound: .infinity, count: 0)])
                .value.isNaN)
        #expect(FunctionTable.bucketQuantile(0.5, [.init(upperBound: .infinity, count: 5)]).value.isNaN)
        // In the +Inf bucket: the second-highest bound.
        #expect(
            FunctionTable.bucketQuantile(
                0.9, [.init(upperBound: 1, count: 1), .init(upperBound: .infinity, count: 10)]
            )
            .value == 1)
        // testhistogram2: q(1/6), q(1/2), q(5/6) in the middle of buckets.
        let second: [FunctionTable.Bucket] = [
            .init(upperBound: 0, count: 0), .init(upperBound: 2, count: 10), .init(upperBound: 4, count: 20),
            .init(upperBound: 6, count: 30), .init(upperBound: .infinity, count: 30),
        ]
        #expect(F.close(FunctionTable.bucketQuantile(1.0 / 6, second).value, 1))
        #expect(F.close(FunctionTable.bucketQuantile(0.5, second).value, 3))
        #expect(F.close(FunctionTable.bucketQuantile(5.0 / 6, second).value, 5))
    }

    @Test func badBucketLabels() throws {
        let input = F.vector([
            (["__name__": "x_bucket", "le": "1"], 1), (["__name__": "x_bucket", "le": "+Inf"], 2),
            (["__name__": "x_bucket", "le": "foo", "a": "b"], 2), (["__name__": "y_bucket"], 2),
            (["le": "1e400"], 2),
        ])
        let (samples, annotations) = try F.callStep("histogram_quantile", [.scalar(0.5), input])
        #expect(samples.count == 1 && F.close(samples.first?.value, 1))
        let position = F.positions(2)[1]
        #expect(
            annotations == [
                Annotation(
                    kind: .warning,
                    message:
                        "bucket label \"le\" is missing or has a malformed value of \"foo\" for metric name \"x_bucket\"",
                    position: position),
                Annotation(
                    kind: .warning,
                    message:
                        "bucket label \"le\" is missing or has a malformed value of \"\" for metric name \"y_bucket\"",
                    position: position),
                Annotation(
                    kind: .warning, message: "bucket label \"le\" is missing or has a malformed value of \"1e400\"",
                    position: position),
            ])
    }

    /// `histogram_fraction` on classic buckets (histograms.test).
    @Test func histogramFraction() throws {
        func fraction(_ lower: Double, _ upper: Double, _ buckets: [(String, Double)]) -> Double? {
            let input = F.vector(buckets.map { (["__name__": "h_bucket", "le": $0.0], $0.1) })
            let samples = F.step("histogram_fraction", [.scalar(lower), .scalar(upper), input])
            #expect(samples.allSatisfy { $0.dropName && !$0.labels.has("le") })
            return samples.first?.value
        }
        let second: [(String, Double)] = [("0", 0), ("2", 1), ("4", 2), ("6", 3), ("+Inf", 3)]
        #expect(F.close(fraction(0, 4, second), 0.6666666666666666))
        #expect(F.close(fraction(0, 6, second), 1))
        #expect(F.close(fraction(0, 3.5, second), 0.5833333333333334))
        let third: [(String, Double)] = [("0", 0), ("0.1", 50), (".2", 70), ("1e0", 110), ("+Inf", 110)]
        #expect(F.close(fraction(0, 0.2, third), 0.6363636363636364))
        let negativeThird: [(String, Double)] = [("-.25", 0), ("-.2", 10), ("-0.1", 20), ("0.3", 20), ("+Inf", 20)]
        #expect(F.close(fraction(0, 0.2, negativeThird), 0))
        let positive: [(String, Double)] = [("1", 1), ("2", 3), ("3", 6), ("+Inf", 100)]
        #expect(F.close(fraction(0, 1.5, positive), 0.02))
        let negative: [(String, Double)] = [("-3", 10), ("-2", 12), ("-1", 15), ("+Inf", 100)]
        #expect(F.close(fraction(-4, -2, negative), 0.02))
        #expect(F.close(fraction(2, 2, positive), 0))
        #expect(F.close(fraction(3, 2, positive), 0))
        #expect(fraction(.nan, 1, positive)?.isNaN == true)
        #expect(fraction(0, .nan, positive)?.isNaN == true)
        #expect(F.close(fraction(-.infinity, .infinity, positive), 1))
        #expect(F.close(fraction(400, .infinity, positive), 0.94))
        #expect(F.close(fraction(-.infinity, -1.5, negative), 0.135))
        #expect(F.close(fraction(4, 5, positive), 0))
        #expect(F.close(fraction(2, 5, positive), 0.03))
        #expect(fraction(0, 5, [("1", 0), ("+Inf", 0)])?.isNaN == true)
        #expect(fraction(0, 5, [("1", 1), ("2", 3)])?.isNaN == true)
    }

    @Test func nativeHistogramAccessorsFindNothing() {
        for name in ["histogram_count", "histogram_sum", "histogram_avg", "histogram_stddev", "histogram_stdvar"] {
            #expect(F.step(name, [F.vector([(["__name__": "x"], 1)])]).isEmpty, "\(name)")
        }
    }
}
