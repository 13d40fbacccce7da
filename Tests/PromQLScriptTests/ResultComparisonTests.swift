import ArgusCore
import PromQL
import PromQLScript
import Storage
import Testing

/// Judging results: float equality, vectors, matrices, scalars, strings,
/// annotations and expected failures (FORMAT §6.3–§6.6).
@Suite struct ResultComparisonTests {
    // MARK: almost.Equal

    @Test(arguments: [
        (1.0, 1.0, true),
        (1.0, 1.000001, true),
        (1.0, 1.00001, false),
        (100.0, 100.00009, true),
        (100.0, 100.0005, false),
        (0.0, 1e-300, false),
        (0.0, Double.leastNonzeroMagnitude, true),
        (0.0, -0.0, true),
        (Double.infinity, Double.infinity, true),
        (Double.infinity, -Double.infinity, false),
        (Double.infinity, Double.greatestFiniteMagnitude, false),
        (Double.nan, Double.nan, true),
        (Double.nan, GoFloat.parsedNaN, true),
        (Double.nan, 1.0, false),
        (StaleMarker.value, StaleMarker.value, true),
        (StaleMarker.value, Double.nan, false),
        (Double.nan, StaleMarker.value, false),
        (1e308, 1.0000001e308, true),
        (-1.0, 1.0, false),
    ])
    func almostEqual(_ a: Double, _ b: Double, _ equal: Bool) {
        #expect(AlmostEqual.equal(a, b) == equal)
        #expect(AlmostEqual.equal(b, a) == equal)
    }

    // MARK: Instant vectors

    static func eval(_ body: String, header: String = "eval instant at 0 foo") throws -> EvalCommand {
        try ScriptParserTests.eval(header + "\n" + body)
    }

    static func element(_ labels: Labels, _ value: Double) -> VectorElement {
        VectorElement(labels: labels, timestamp: 0, value: value)
    }

    @Test func unorderedVectorMatchesInAnyOrder() throws {
        let eval = try ResultComparisonTests.eval("  foo{a=\"1\"} 1\n  foo{a=\"2\"} 2")
        let a: Labels = ["__name__": "foo", "a": "1"]
        let b: Labels = ["__name__": "foo", "a": "2"]
        #expect(eval.differences(.vector([Self.element(b, 2), Self.element(a, 1.0000001)])).isEmpty)
    }

    @Test func orderedVectorChecksPositions() throws {
        let eval = try ResultComparisonTests.eval("  expect ordered\n  foo{a=\"1\"} 1\n  foo{a=\"2\"} 2")
        let a: Labels = ["__name__": "foo", "a": "1"]
        let b: Labels = ["__name__": "foo", "a": "2"]
        #expect(eval.differences(.vector([Self.element(a, 1), Self.element(b, 2)])).isEmpty)
        let problems = eval.differences(.vector([Self.element(b, 2), Self.element(a, 1)]))
        #expect(problems.count == 2)
        #expect(problems.first?.contains("at position 1, expected at position 2") == true)
    }

    @Test func vectorDifferencesListMissingUnexpectedAndWrongValues() throws {
        let eval = try ResultComparisonTests.eval("  foo{a=\"1\"} 1\n  foo{a=\"2\"} 2\n  foo{a=\"3\"} 3")
        let problems = eval.differences(
            .vector([
                Self.element(["__name__": "foo", "a": "1"], 1.5),
                Self.element(["__name__": "foo", "a": "3"], 3),
                Self.element(["a": "9"], 9),
            ]))
        #expect(
            problems == [
                "expected 1 for {__name__=\"foo\", a=\"1\"} but got 1.5",
                "unexpected series {a=\"9\"} 9",
                "missing series {__name__=\"foo\", a=\"2\"} 2",
            ])
    }

    @Test func labelsMustMatchExactlyIncludingName() throws {
        let eval = try ResultComparisonTests.eval("  {a=\"1\"} 1")
        #expect(!eval.differences(.vector([Self.element(["__name__": "foo", "a": "1"], 1)])).isEmpty)
        #expect(eval.differences(.vector([Self.element(["a": "1"], 1)])).isEmpty)
    }

    @Test func emptyExpectationMeansEmptyResult() throws {
        let eval = try ResultComparisonTests.eval("")
        #expect(eval.differences(.vector([])).isEmpty)
        #expect(eval.differences(.matrix([])).isEmpty)
        #expect(!eval.differences(.vector([Self.element(["a": "1"], 1)])).isEmpty)
    }

    @Test func staleMarkerOnlyMatchesStaleMarker() throws {
        let eval = try ResultComparisonTests.eval("  {a=\"1\"} stale")
        #expect(eval.differences(.vector([Self.element(["a": "1"], StaleMarker.value)])).isEmpty)
        #expect(!eval.differences(.vector([Self.element(["a": "1"], .nan)])).isEmpty)
    }

    @Test func expectedHistogramNeverMatchesAFloat() throws {
        let eval = try ResultComparisonTests.eval("  {a=\"1\"} {{count:1}}")
        #expect(eval.expectsHistogram)
        #expect(eval.differences(.vector([Self.element(["a": "1"], 1)])).first?.contains("expected histogram") == true)
    }

    // MARK: Scalars and strings

    @Test func scalarResults() throws {
        let eval = try ResultComparisonTests.eval("  42", header: "eval instant at 0 42")
        #expect(eval.differences(.scalar(timestamp: 0, value: 42)).isEmpty)
        #expect(eval.differences(.scalar(timestamp: 0, value: 41)) == ["expected scalar 42 but got 41"])
        #expect(eval.differences(.vector([])) == ["expected scalar result, but got vector []"])
        let vectorEval = try ResultComparisonTests.eval("")
        #expect(
            vectorEval.differences(.scalar(timestamp: 0, value: 1)) == [
                "expected vector or matrix result, but got scalar 1"
            ])
    }

    @Test func stringResults() throws {
        let eval = try ResultComparisonTests.eval("  expect string \"a\"", header: "eval instant at 0 \"a\"")
        #expect(eval.differences(.string(timestamp: 0, value: "a")).isEmpty)
        #expect(!eval.differences(.string(timestamp: 0, value: "b")).isEmpty)
        // Without `expect string` the result is compared with the empty string.
        let bare = try ResultComparisonTests.eval("", header: "eval instant at 0 \"a\"")
        #expect(bare.differences(.string(timestamp: 0, value: "")).isEmpty)
    }

    // MARK: Matrices

    static func series(_ labels: Labels, _ points: [(Int64, Double)]) -> RangeSeries {
        RangeSeries(labels: labels, points: points.map { Sample(timestamp: $0.0, value: $0.1) })
    }

    @Test func rangeEvalMatrix() throws {
        let eval = try ResultComparisonTests.eval(
            "  foo{a=\"1\"} 1 _ 3\n  foo{a=\"2\"} 5x2", header: "eval range from 0 to 2m step 1m foo")
        let a: Labels = ["__name__": "foo", "a": "1"]
        let b: Labels = ["__name__": "foo", "a": "2"]
        let good = [
            Self.series(a, [(0, 1), (120_000, 3)]),
            Self.series(b, [(0, 5), (60_000, 5), (120_000, 5)]),
        ]
        #expect(eval.differences(.matrix(good)).isEmpty)
        let shifted = [
            Self.series(a, [(0, 1), (60_000, 3)]),
            Self.series(b, [(0, 5), (60_000, 5), (120_000, 5)]),
        ]
        #expect(eval.differences(.matrix(shifted)).first?.contains("to have timestamp 120000") == true)
        let missingPoint = [Self.series(a, [(0, 1)]), good[1]]
        #expect(eval.differences(.matrix(missingPoint)).first?.contains("expected 2 float points") == true)
        #expect(eval.differences(.matrix([good[0]])).first?.hasPrefix("missing series") == true)
    }

    @Test func matrixMustBeSortedByLabels() throws {
        let eval = try ResultComparisonTests.eval(
            "  {a=\"1\"} 1\n  {a=\"2\"} 2", header: "eval range from 0 to 0 step 1m foo")
        let unsorted = [Self.series(["a": "2"], [(0, 2)]), Self.series(["a": "1"], [(0, 1)])]
        #expect(eval.differences(.matrix(unsorted)).first?.contains("matrix is not sorted") == true)
        #expect(EvalCommand.sortingProblem(unsorted.reversed()) == nil)
        // labels.Compare: a shorter label set that is a prefix sorts first.
        #expect(
            EvalCommand.sortingProblem([Self.series(["a": "1"], []), Self.series(["a": "1", "b": "0"], [])]) == nil)
        #expect(
            EvalCommand.sortingProblem([Self.series(["b": "0"], []), Self.series(["a": "9", "c": "0"], [])]) != nil)
    }

    @Test func valuesBeyondTheRangeAreAnError() throws {
        let eval = try ResultComparisonTests.eval("  {a=\"1\"} 1 2 3", header: "eval range from 0 to 1m step 1m foo")
        #expect(
            eval.differences(.matrix([Self.series(["a": "1"], [(0, 1), (60_000, 2)])])).first?.contains(
                "cannot return this many points") == true)
    }

    @Test func orderedOrScalarExpectationRejectsMatrices() throws {
        let ordered = try ResultComparisonTests.eval("  expect ordered", header: "eval instant at 0 foo")
        #expect(ordered.differences(.matrix([])) == ["expected ordered result, but query returned a matrix"])
        let scalar = try ResultComparisonTests.eval("  1", header: "eval instant at 0 foo")
        #expect(scalar.differences(.matrix([])).first?.hasPrefix("expected scalar result, but got matrix") == true)
    }

    @Test func instantMatrixNeedsRangeVector() throws {
        let withRange = try ResultComparisonTests.eval(
            "  expect range vector from 0 to 1m step 30s\n  foo 1 2 3", header: "eval instant at 1m foo[1m]")
        #expect(
            withRange.differences(.matrix([Self.series(["__name__": "foo"], [(0, 1), (30_000, 2), (60_000, 3)])]))
                .isEmpty)
        // Without `expect range vector` no matrix value can be expected.
        let without = try ResultComparisonTests.eval("  foo 1", header: "eval instant at 1m foo[1m]")
        #expect(!without.differences(.matrix([Self.series(["__name__": "foo"], [(60_000, 1)])])).isEmpty)
    }

    // MARK: Annotations

    @Test(arguments: [
        (0, "foo", "1:1"),
        (4, "sum(rate(x[5m]))", "1:5"),
        (16, "sum(rate(x[5m]))", "1:17"),
        (17, "sum(rate(x[5m]))", "invalid position"),
        (-1, "foo", "invalid position"),
        (6, "foo +\n  bar", "2:1"),
        (8, "foo +\n  bar", "2:3"),
        (0, "", "unknown position"),
    ])
    func startPosition(_ offset: Int, _ query: String, _ expected: String) {
        #expect(ScriptRunner.startPosition(offset, in: query) == expected)
    }

    @Test func annotationText() {
        let warning = Annotation(
            kind: .warning, message: "this native histogram metric is not a gauge: \"h\"",
            position: PositionRange(start: 22, end: 30))
        #expect(
            ScriptRunner.annotationText(warning, query: "histogram_count(delta(h[5m]))")
                == "PromQL warning: this native histogram metric is not a gauge: \"h\" (1:23)")
        let info = Annotation(kind: .info, message: "x")
        #expect(ScriptRunner.annotationText(info, query: "foo") == "PromQL info: x (1:1)")
    }

    static let warning = Annotation(kind: .warning, message: "w", position: PositionRange(start: 0, end: 3))
    static let info = Annotation(kind: .info, message: "i", position: PositionRange(start: 4, end: 5))

    @Test func annotationsUncheckedWithoutExpectations() throws {
        let eval = try ResultComparisonTests.eval("")
        #expect(ScriptRunner.annotationProblem(eval, [Self.warning, Self.info], query: "foo") == nil)
    }

    @Test func expectWarnAndInfo() throws {
        let eval = try ResultComparisonTests.eval(
            "  expect warn msg: PromQL warning: w (1:1)\n  expect info regex: PromQL info: . \\(1:5\\)")
        #expect(ScriptRunner.annotationProblem(eval, [Self.warning, Self.info], query: "foo + bar") == nil)
        #expect(ScriptRunner.annotationProblem(eval, [Self.info], query: "foo + bar") != nil)
        let extra = Annotation(kind: .warning, message: "other")
        #expect(
            ScriptRunner.annotationProblem(eval, [Self.warning, extra, Self.info], query: "foo + bar")?.contains(
                "unexpected warn annotation") == true)
        // The position is part of the text.
        #expect(ScriptRunner.annotationProblem(eval, [Self.warning, Self.info], query: "foo") != nil)
    }

    @Test func bareExpectWarnMeansAtLeastOne() throws {
        let eval = try ResultComparisonTests.eval("  expect warn")
        #expect(ScriptRunner.annotationProblem(eval, [Self.warning], query: "foo") == nil)
        #expect(ScriptRunner.annotationProblem(eval, [], query: "foo") != nil)
        #expect(ScriptRunner.annotationProblem(eval, [Self.info], query: "foo") != nil)
    }

    @Test func noWarnAndNoInfo() throws {
        let eval = try ResultComparisonTests.eval("  expect no_warn\n  expect no_info")
        #expect(ScriptRunner.annotationProblem(eval, [], query: "foo") == nil)
        #expect(ScriptRunner.annotationProblem(eval, [Self.warning], query: "foo") != nil)
        #expect(ScriptRunner.annotationProblem(eval, [Self.info], query: "foo + bar") != nil)
    }

    @Test func legacyWarnAndInfoHeaders() throws {
        let warn = try ScriptParserTests.eval("eval_warn instant at 0 foo")
        #expect(ScriptRunner.annotationProblem(warn, [Self.warning], query: "foo") == nil)
        #expect(ScriptRunner.annotationProblem(warn, [Self.info], query: "foo") == "expected warnings but got none")
        let info = try ScriptParserTests.eval("eval_info range from 0 to 1m step 1m foo")
        #expect(ScriptRunner.annotationProblem(info, [Self.info], query: "foo + bar") == nil)
        #expect(ScriptRunner.annotationProblem(info, [], query: "foo") != nil)
    }

    // MARK: Expected failures

    @Test func expectedFailureMessages() throws {
        let any = try ScriptParserTests.eval("eval_fail instant at 0 foo")
        #expect(ScriptRunner.checkExpectedFailure(any, "whatever") == nil)
        let exact = try ScriptParserTests.eval("eval instant at 0 foo\n  expect fail msg: Parameter value is NaN")
        #expect(ScriptRunner.checkExpectedFailure(exact, "Parameter value is NaN") == nil)
        #expect(ScriptRunner.checkExpectedFailure(exact, "Parameter value is NaN!") != nil)
        let regex = try ScriptParserTests.eval("eval instant at 0 foo\n  expect fail regex: conflicting label")
        #expect(ScriptRunner.checkExpectedFailure(regex, "found conflicting labels") == nil)
        #expect(ScriptRunner.checkExpectedFailure(regex, "nope") != nil)
        let legacy = try ScriptParserTests.eval("eval_fail instant at 0 foo\n  expected_fail_message exact text")
        #expect(ScriptRunner.checkExpectedFailure(legacy, "exact text") == nil)
        #expect(ScriptRunner.checkExpectedFailure(legacy, "exact text.") != nil)
        let legacyRegexp = try ScriptParserTests.eval("eval_fail instant at 0 foo\n  expected_fail_regexp ^exa")
        #expect(ScriptRunner.checkExpectedFailure(legacyRegexp, "exact") == nil)
        #expect(ScriptRunner.checkExpectedFailure(legacyRegexp, "inexact") != nil)
    }

    // MARK: Summaries

    @Test func summaryLine() {
        var summary = ScriptSummary()
        summary.passed = 3
        summary.failed = 1
        #expect(summary.description == "3 passed, 1 failed, 0 skipped")
        summary.skipped[.startTimestamps] = 2
        summary.skipped[.nativeHistograms] = 5
        #expect(summary.description == "3 passed, 1 failed, 7 skipped (native histograms: 5, start timestamps: 2)")
    }
}
