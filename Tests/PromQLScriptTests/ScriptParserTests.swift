import ArgusCore
import PromQLScript
import Testing

/// Commands, headers, expectations and file errors (FORMAT §2, §3, §5).
@Suite struct ScriptParserTests {
    static func parse(_ text: String) throws -> Script {
        try Script.parse(text, file: "inline.test")
    }

    static func eval(_ text: String) throws -> EvalCommand {
        let evals = try parse(text).evals
        guard let eval = evals.first, evals.count == 1 else { throw ScriptTestError("expected one eval in \(text)") }
        return eval
    }

    // MARK: Commands

    @Test func commandsInOrder() throws {
        let script = try ScriptParserTests.parse(
            """
            # a comment
            load 5m
              foo{a="1"} 1 2 3
              bar 4

            eval instant at 10m foo
              foo{a="1"} 3

            CLEAR ignored words
            load_with_nhcb 1m
              x_bucket{le="1"} 1
            """)
        #expect(script.file == "inline.test")
        #expect(script.commands.count == 4)
        guard case .load(let load) = script.commands[0], case .eval(let eval) = script.commands[1],
            case .clear(let clearLine) = script.commands[2], case .load(let nhcb) = script.commands[3]
        else {
            Issue.record("unexpected commands \(script.commands)")
            return
        }
        #expect(load.line == 2)
        #expect(load.interval == 300_000)
        #expect(!load.withNHCB)
        #expect(load.series.map(\.labels) == [["__name__": "foo", "a": "1"], ["__name__": "bar"]])
        #expect(load.series[0].line == 3)
        #expect(eval.line == 6)
        #expect(eval.query == "foo")
        #expect(eval.kind == .instant(at: 600_000))
        #expect(clearLine == 9)
        #expect(nhcb.withNHCB)
        #expect(nhcb.interval == 60_000)
    }

    @Test func laterSeriesWithTheSameLabelsReplacesEarlierOne() throws {
        let script = try ScriptParserTests.parse(
            """
            load 1m
              foo 1 2
              bar 3
              foo 7
            """)
        guard case .load(let load) = script.commands.first else { return }
        #expect(load.series.count == 2)
        #expect(load.series[0].values == [.float(7)])
    }

    @Test func linesAreTrimmedAndCrlfTolerated() throws {
        let script = try ScriptParserTests.parse("load 1m\r\n\t foo 1 \r\n\r\neval instant at 0 foo\r\n  foo 1\r\n")
        #expect(script.commands.count == 2)
        #expect(script.evals.first?.expectedSeries.first?.values == [.float(1)])
    }

    // MARK: eval headers

    @Test(arguments: [
        ("eval instant at 5m foo", EvalCommand.Kind.instant(at: 300_000), ""),
        ("eval instant at 1h30m foo", .instant(at: 5_400_000), ""),
        ("eval instant at 0 foo", .instant(at: 0), ""),
        ("eval_fail instant at 1m foo", .instant(at: 60_000), "fail"),
        ("eval_warn instant at 1m foo", .instant(at: 60_000), "warn"),
        ("eval_info instant at 1m foo", .instant(at: 60_000), "info"),
        ("eval_ordered instant at 1m foo", .instant(at: 60_000), "ordered"),
        ("eval range from 0 to 10m step 1m foo", .range(start: 0, end: 600_000, step: 60_000), ""),
        ("eval range from 1m to 1m step 10s foo", .range(start: 60_000, end: 60_000, step: 10_000), ""),
        ("eval_fail range from 0 to 1m step 30s foo", .range(start: 0, end: 60_000, step: 30_000), "fail"),
        ("eval_warn range from 0 to 1m step 30s foo", .range(start: 0, end: 60_000, step: 30_000), "warn"),
        ("eval_info range from 0 to 1m step 30s foo", .range(start: 0, end: 60_000, step: 30_000), "info"),
    ])
    func header(_ header: String, _ kind: EvalCommand.Kind, _ legacy: String) throws {
        let eval = try ScriptParserTests.eval(header)
        #expect(eval.kind == kind)
        #expect(eval.query == "foo")
        #expect(eval.legacyFail == (legacy == "fail"))
        #expect(eval.legacyWarn == (legacy == "warn"))
        #expect(eval.legacyInfo == (legacy == "info"))
        #expect(eval.legacyOrdered == (legacy == "ordered"))
        #expect(eval.expectsFailure == (legacy == "fail"))
        #expect(eval.isOrdered == (legacy == "ordered"))
    }

    @Test func queryIsTheRestOfTheLine() throws {
        let eval = try ScriptParserTests.eval("eval instant at 1m   foo  +   bar")
        #expect(eval.query == "foo  +   bar")
        let range = try ScriptParserTests.eval("eval range from 0 to 2m step 1m foo + bar")
        #expect(range.query == "foo + bar")
    }

    // MARK: eval bodies

    @Test func expectLines() throws {
        let eval = try ScriptParserTests.eval(
            """
            eval instant at 1m foo
              expect fail msg:  something broke
              expect warn
              expect warn msg: PromQL warning: x (1:1)
              expect info regex: PromQL info: .* \\(1:[0-9]+\\)
              expect ordered
            """)
        #expect(eval.expectFail == [.message("something broke")])
        #expect(eval.expectWarn.count == 2)
        #expect(eval.expectWarn[0] == .any)
        #expect(eval.expectWarn[1] == .message("PromQL warning: x (1:1)"))
        #expect(eval.expectInfo.count == 1)
        #expect(eval.expectInfo[0].matches("PromQL info: anything (1:12)"))
        #expect(!eval.expectInfo[0].matches("PromQL info: anything (1:x)"))
        #expect(eval.expectOrdered)
        #expect(eval.isOrdered)
        #expect(eval.expectsFailure)
    }

    @Test func expectNoWarnNoInfoAndRegexFail() throws {
        let eval = try ScriptParserTests.eval(
            """
            eval range from 0 to 1m step 1m foo
              expect no_warn
              expect no_info msg: ignored
              expect fail regex: conflicting label
            """)
        #expect(eval.expectNoWarn)
        #expect(eval.expectNoInfo)
        #expect(eval.expectFail.first?.matches("found conflicting labels") == true)
    }

    @Test func legacyFailureMessages() throws {
        let message = try ScriptParserTests.eval(
            """
            eval_fail instant at 0 foo
              expected_fail_message   vector cannot contain metrics with the same labelset
            """)
        #expect(message.expectedFailMessage == "vector cannot contain metrics with the same labelset")
        let regexp = try ScriptParserTests.eval(
            """
            eval_fail instant at 0 foo
              expected_fail_regexp (vector|matrix) cannot
            """)
        #expect(regexp.expectedFailRegexp?.contains("vector cannot contain") == true)
    }

    @Test func expectedFailLineEndsTheBlock() {
        // The line after `expected_fail_message` is a new command.
        #expect(throws: ScriptError.self) {
            try ScriptParserTests.parse(
                """
                eval_fail instant at 0 foo
                  expected_fail_message boom
                  foo 1
                """)
        }
    }

    @Test func expectedFailLinesNeedTheLegacyHeader() throws {
        // Without `eval_fail` the line is read as a series named expected_fail_message.
        let eval = try ScriptParserTests.eval(
            """
            eval instant at 0 foo
              expected_fail_message 1
            """)
        #expect(eval.expectedFailMessage == nil)
        #expect(eval.expectedSeries.first?.labels == ["__name__": "expected_fail_message"])
    }

    @Test func rangeVectorExpectation() throws {
        let eval = try ScriptParserTests.eval(
            """
            eval instant at 1m foo[1m]
              expect range vector from 0 to 1m step 30s
              foo{a="1"} 1 _ 3
            """)
        #expect(eval.rangeVector == .init(start: 0, end: 60_000, step: 30_000))
        #expect(eval.evaluationTime == 60_000)
        #expect(eval.excludedFromRangeQuery)
        #expect(eval.expectedSeries.first?.values == [.float(1), .omitted, .float(3)])
        // The expect line counts as a position, as in Go.
        #expect(eval.expectedSeries.first?.position == 2)
    }

    @Test func rangeVectorOnRangeEvalOverridesTheRange() throws {
        let eval = try ScriptParserTests.eval(
            """
            eval range from 0 to 1m step 30s foo
              expect range vector from 1m to 2m step 1m
            """)
        #expect(eval.kind == .range(start: 60_000, end: 120_000, step: 60_000))
    }

    @Test(arguments: [
        ("expect string \"a\\nb\"", "a\nb"),
        ("expect string `raw \\n`", "raw \\n"),
        ("expect string \"\"", ""),
        ("expect string 'x'", "x"),
    ])
    func stringExpectation(_ line: String, _ expected: String) throws {
        let eval = try ScriptParserTests.eval("eval instant at 0 \"x\"\n  \(line)")
        #expect(eval.expectedString == expected)
        #expect(eval.excludedFromRangeQuery)
    }

    @Test(arguments: [
        ("42", 42.0), ("-1", -1), ("1e3", 1000), ("0x1F", 31), ("0o17", 15), ("017", 15), ("0b101", 5),
        ("1_000", 1000), (".5", 0.5), ("+Inf", .infinity), ("-Inf", -.infinity), ("infinity", .infinity),
        ("0x1p-2", 0.25), ("09", 9),
    ])
    func scalarExpectation(_ line: String, _ value: Double) throws {
        let eval = try ScriptParserTests.eval("eval instant at 0 1\n  \(line)")
        #expect(eval.expectedScalar == value)
        #expect(eval.expectedSeries.isEmpty)
    }

    @Test func nanScalarExpectation() throws {
        #expect(try ScriptParserTests.eval("eval instant at 0 1\n  NaN").expectedScalar?.isNaN == true)
    }

    @Test func scalarLineEndsTheBlock() {
        #expect {
            try ScriptParserTests.parse("eval instant at 0 1\n  1\n  2")
        } throws: { error in
            (error as? ScriptError)?.line == 3 && (error as? ScriptError)?.message == "invalid command \"2\""
        }
    }

    @Test func expectedSeriesPositionsAndReplacement() throws {
        let eval = try ScriptParserTests.eval(
            """
            eval_ordered instant at 0 foo
              foo{a="1"} 1
              expect warn
              foo{a="2"} 2
              foo{a="1"} 3
            """)
        #expect(eval.expectedSeries.map(\.labels) == [["__name__": "foo", "a": "1"], ["__name__": "foo", "a": "2"]])
        #expect(eval.expectedSeries.map(\.position) == [3, 2])
        #expect(eval.expectedSeries[0].values == [.float(3)])
    }

    @Test func expectWithoutSpaceIsASeries() throws {
        let eval = try ScriptParserTests.eval("eval instant at 0 foo\n  expect{} 1")
        #expect(eval.expectedSeries.first?.labels == ["__name__": "expect"])
    }

    @Test func commentEndsABlock() {
        #expect {
            try ScriptParserTests.parse("load 1m\n  foo 1\n  # note\n  bar 2")
        } throws: { error in
            (error as? ScriptError)?.line == 4 && (error as? ScriptError)?.code == .invalidCommand
        }
    }

    // MARK: @st lines

    @Test func startTimestampLines() throws {
        let script = try ScriptParserTests.parse(
            """
            load 1m
              c{t="st"}@st _ _ -30s-1mx2 -1m -59999ms+1msx1 -0msx1
              c{t="st"}    _ _ 0+60x7
              c{t="plain"} 1 2
            """)
        guard case .load(let load) = script.commands.first else { return }
        #expect(load.hasStartTimestamps)
        #expect(
            load.series[0].startTimestampOffsets == [
                nil, nil, -30_000, -90_000, -150_000, -60_000, -59_999, -59_998, 0, 0,
            ])
        #expect(load.series[1].startTimestampOffsets == nil)
    }

    @Test func omittedStartTimestampRepetition() throws {
        let script = try ScriptParserTests.parse("load 1m\n  c@st _x2 -1m\n  c 1 2 3")
        guard case .load(let load) = script.commands.first else { return }
        #expect(load.series[0].startTimestampOffsets == [nil, nil, -60_000])
    }

    // MARK: File errors (FORMAT §5.7)

    @Test(arguments: [
        ("foo 1", 1, "invalid command \"foo 1\""),
        ("load", 1, "invalid load command. (load[_with_nhcb] <step:duration>)"),
        ("LOAD 1m", 1, "invalid load command. (load[_with_nhcb] <step:duration>)"),
        ("load 5q", 1, "invalid step definition \"5q\": not a valid duration string: \"5q\""),
        ("load 1m\n  foo 1 Infx3", 2, "invalid series description"),
        ("load 1m\n  c@st -1m\n", 2, "@st line has no following sample line"),
        ("load 1m\n  c@st -1m\n  c@st -1m\n  c 1", 2, "@st line has no following sample line"),
        ("load 1m\n  c@st -1m\n  d 1", 2, "@st metric does not match the following sample line metric"),
        ("load 1m\n  c@st -1m\n  c 1 2", 2, "@st line has 1 values but sample line has 2"),
        ("load 1m\n  c@st -1mx\n  c 1 2", 2, "invalid @st sequence: invalid ST item \"-1mx\": invalid repeat count"),
        ("load 1m\n  c@st 1x2\n  c 1 2 3", 2, "invalid duration \"1\""),
        ("load 1m\n  c@st 1m30s\n  c 1", 2, "invalid @st sequence: invalid ST item \"1m30s\""),
        ("load 1m\n  c@st _x0\n  c 1", 2, "invalid repeat count"),
        ("evaluate 1", 1, "invalid evaluation command."),
        ("eval instant foo", 1, "invalid evaluation command."),
        ("eval_ordered range from 0 to 1m step 1m foo", 1, "invalid evaluation command."),
        ("eval instant at 1m foo{", 1, "could not parse expression \"foo{\""),
        ("eval instant  foo", 1, "error in eval foo (line 1): invalid timestamp definition \"\""),
        ("eval instant at 5x foo", 1, "error in eval foo (line 1): invalid timestamp definition \"5x\""),
        ("eval range from x to 1m step 1m foo", 1, "invalid start timestamp definition \"x\""),
        ("eval range from 0 to y step 1m foo", 1, "invalid end timestamp definition \"y\""),
        ("eval range from 0 to 1m step z foo", 1, "invalid step definition \"z\""),
        (
            "eval range from 10m to 5m step 1m foo", 1,
            "invalid test definition, end timestamp (5m) is before start timestamp (10m)"
        ),
        (
            "eval instant at 0 foo\n  expect bogus", 2,
            "invalid expect statement, must match `expect <type> <match_type>: <string>` format"
        ),
        ("eval instant at 0 foo\n  expect warn foo", 2, "invalid expect statement"),
        (
            "eval instant at 0 foo\n  expect warn\n  expect no_warn", 3,
            "invalid expect lines, warn and no_warn cannot be used together"
        ),
        (
            "eval instant at 0 foo\n  expect no_info\n  expect info", 3,
            "invalid expect lines, info and no_info cannot be used together"
        ),
        (
            "eval instant at 0 foo\n  expect fail\n  expect fail msg: x", 3,
            "invalid expect lines, multiple expect fail lines are not allowed"
        ),
        ("eval instant at 0 foo\n  expect warn regex: (", 2, "invalid regex ( for warn"),
        ("eval_fail instant at 0 foo\n  expected_fail_regexp (", 2, "invalid regexp '(' for expected_fail_regexp"),
        (
            "eval instant at 0 foo\n  expect string", 2,
            "expected string literal not valid - a quoted string literal is required"
        ),
        (
            "eval instant at 0 foo\n  expect string foo", 2,
            "expected string literal not valid - check that the string is correctly quoted"
        ),
        ("eval instant at 0 foo\n  expect string 'ab'", 2, "check that the string is correctly quoted"),
        ("eval instant at 0 foo\n  expect range vector from 0 to 1m", 2, "invalid range vector definition"),
        ("eval instant at 0 foo\n  expect range vector from 0 to x step 1m", 2, "invalid end timestamp definition"),
        (
            "eval instant at 0 foo\n  foo 1 2", 2,
            "expecting multiple values in instant evaluation not allowed. consider using 'expect range vector' directive to enable a range vector result for an instant query"
        ),
        ("eval instant at 0 foo\n  foo{ 1", 2, "invalid series description"),
    ])
    func fileError(_ text: String, _ line: Int, _ message: String) {
        #expect {
            try ScriptParserTests.parse(text)
        } throws: { error in
            guard let error = error as? ScriptError else { return false }
            let matches = error.file == "inline.test" && error.line == line && error.message.contains(message)
            if !matches { Issue.record("got \(error)") }
            return matches
        }
    }

    @Test func errorDescriptionNamesFileAndLine() {
        #expect {
            try Script.parse("\n\nbogus", file: "x.test")
        } throws: { error in
            (error as? ScriptError)?.description == "x.test:3: invalid command \"bogus\""
        }
    }

    @Test func multiValueSeriesAllowedAfterRangeVectorAndInRangeEvals() throws {
        _ = try ScriptParserTests.parse("eval range from 0 to 1m step 30s foo\n  foo 1 2 3")
        _ = try ScriptParserTests.parse(
            "eval instant at 1m foo[1m]\n  expect range vector from 0 to 1m step 30s\n  foo 1 2 3")
    }
}

struct ScriptTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
