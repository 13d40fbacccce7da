import ArgusCore
import PromQL
import PromQLScript
import Storage
import Testing

/// Loading, skipping, the @-modifier variants and running small scripts end to end.
@Suite struct ScriptRunnerTests {
    /// The skip category of every eval of `text`, in order, with loads applied.
    static func categories(_ text: String) throws -> [SkipCategory?] {
        let script = try Script.parse(text, file: "inline.test")
        var session = ScriptRunner.Session()
        var result: [SkipCategory?] = []
        for command in script.commands {
            switch command {
            case .clear: session = ScriptRunner.Session()
            case .load(let load): try ScriptRunner.load(load, into: &session)
            case .eval(let eval): result.append(ScriptRunner.skipCategory(for: eval, in: session))
            }
        }
        return result
    }

    // MARK: Skipping

    @Test func nativeHistogramSeriesAreTrackedByLabelSet() throws {
        let categories = try ScriptRunnerTests.categories(
            """
            load 1m
              h{a="1"} {{count:1}} 2
              f{a="1"} 1 2

            eval instant at 1m f
              f{a="1"} 2

            eval instant at 1m h
              h{a="1"} 2

            eval instant at 1m rate(f[5m]) + h{a="1"}

            eval instant at 1m {__name__=~"h|f"}

            eval instant at 1m h{a="2"}

            eval instant at 1m f
              f{a="1"} {{count:2}}

            eval instant at 1m f </ f

            clear

            load 1m
              h{a="1"} 1

            eval instant at 1m h
              h{a="1"} 1
            """)
        #expect(
            categories == [
                nil, .nativeHistograms, .nativeHistograms, .nativeHistograms, nil, .nativeHistograms,
                .nativeHistograms, nil,
            ])
    }

    @Test func loadWithNHCBSynthesisesHistogramSeries() throws {
        let categories = try ScriptRunnerTests.categories(
            """
            load_with_nhcb 5m
              x_bucket{le="1", job="a"} 1 2
              x_bucket{le="+Inf", job="a"} 2 4
              x_sum{job="a"} 1 3
              x_count{job="a"} 2 4
              y_count 1

            eval instant at 5m x_bucket

            eval instant at 5m x{job="a"}

            eval instant at 5m y

            eval instant at 5m {job="a"}

            eval instant at 5m {job="b"}
            """)
        #expect(categories == [nil, .nativeHistograms, .nativeHistograms, .nativeHistograms, nil])
    }

    /// A storage whose appender cannot keep start timestamps.
    struct StorageWithoutStartTimestamps: Appendable, Queryable {
        final class PlainAppender: Appender {
            let base: any Appender
            init(_ base: any Appender) { self.base = base }
            func append(_ labels: Labels, timestamp: Int64, value: Double) throws(StorageError) {
                try base.append(labels, timestamp: timestamp, value: value)
            }
            func commit() throws(StorageError) { try base.commit() }
            func rollback() { base.rollback() }
        }

        let storage = MemoryStorage()
        func appender() -> any Appender { PlainAppender(storage.appender()) }
        func querier() -> any Querier { storage.querier() }
    }

    static let startTimestampScript = """
        load 1m
          c{t="st"}@st _ -1mx2
          c{t="st"} _ 0+1x2
          c{t="plain"} 0+1x3

        eval instant at 3m c{t="plain"}
          c{t="plain"} 3

        eval instant at 3m c

        eval instant at 3m start_timestamp(c{t="plain"})
        """

    @Test func startTimestampsAreLoadedWhereTheStorageKeepsThem() throws {
        #expect(try ScriptRunnerTests.categories(ScriptRunnerTests.startTimestampScript) == [nil, nil, nil])
        let script = try Script.parse(ScriptRunnerTests.startTimestampScript, file: "inline.test")
        var session = ScriptRunner.Session()
        guard case .load(let load) = script.commands[0] else {
            Issue.record("the script does not start with a load")
            return
        }
        try ScriptRunner.load(load, into: &session)
        let stored = try session.storage.querier().select([try LabelMatcher(.equal, "t", "st")], mint: 0, maxt: .max)
        // `_ -1mx2`: nothing at 0, then T − 1m at 1m (0: unknown), 2m and 3m.
        #expect(stored.first?.startTimestamps == [0, 60_000, 120_000])
    }

    @Test func startTimestampsTheStorageCannotKeepSkipTheirEvals() throws {
        let script = try Script.parse(ScriptRunnerTests.startTimestampScript, file: "inline.test")
        var session = ScriptRunner.Session(storage: StorageWithoutStartTimestamps())
        var categories: [SkipCategory?] = []
        for command in script.commands {
            switch command {
            case .load(let load): try ScriptRunner.load(load, into: &session)
            case .eval(let eval): categories.append(ScriptRunner.skipCategory(for: eval, in: session))
            case .clear: break
            }
        }
        #expect(categories == [nil, .startTimestamps, nil])
    }

    @Test func histogramSamplesAreNotStoredButFloatsAre() throws {
        let script = try Script.parse(
            """
            load 1m
              m {{count:1}} 5 stale _ 7
            """, file: "inline.test")
        guard case .load(let load) = script.commands.first else { return }
        var session = ScriptRunner.Session()
        try ScriptRunner.load(load, into: &session)
        let series = try session.storage.querier().select([.equal("__name__", "m")], mint: 0, maxt: .max)
        #expect(series.count == 1)
        #expect(series.first?.samples.map(\.timestamp) == [60_000, 120_000, 240_000])
        #expect(series.first?.samples[1].value.bitPattern == StaleMarker.bitPattern)
        #expect(session.histogramSeries == [["__name__": "m"]])
    }

    @Test func loadsAreAdditiveAndRejectOutOfOrderSamples() throws {
        let report = ScriptRunner().run(
            text: """
                load 1m
                  m 1 2

                load 1m
                  m _ 2 3

                load 1m
                  m 0

                eval instant at 0 m
                  m 1
                """, file: "inline.test")
        #expect(report.outcomes.isEmpty)
        #expect(report.fileFailure?.line == 7)
        #expect(report.fileFailure?.evalsNotRun == 1)
        #expect(report.fileFailure?.message.hasPrefix("load failed: ") == true)
        #expect(report.summary.failed == 1)
    }

    @Test func nhcbConversionErrorsFailTheLoad() throws {
        let script = try Script.parse(
            """
            load_with_nhcb 1m
              x_bucket{le="1"} 5
              x_bucket{le="2"} 3
            """, file: "inline.test")
        guard case .load(let load) = script.commands.first else { return }
        #expect(throws: LoadCommand.ConversionError.self) { try load.synthesizedHistograms() }
    }

    @Test func nhcbConversion() throws {
        let script = try Script.parse(
            """
            load_with_nhcb 1m
              x_bucket{le="1", job="a"} 1
              x_bucket{le="1.0", job="a"} 9
              x_bucket{le="5", job="a"} 3
              x_sum{job="a"} 10
              y_sum 2
              z_bucket{le="NaN"} 1
            """, file: "inline.test")
        guard case .load(let load) = script.commands.first else { return }
        let histograms = try load.synthesizedHistograms()
        #expect(histograms.map(\.labels) == [["__name__": "x", "job": "a"], ["__name__": "y"]])
        let x = histograms[0].histogram
        #expect(x.usesCustomBuckets)
        #expect(x.customValues == [1, 5])
        #expect(x.positive.counts == [1, 2, 0])
        #expect(x.count == 3)
        #expect(x.sum == 10)
        #expect(histograms[1].histogram.count == 0)
    }

    // MARK: @ modifier variants

    @Test func variantTimes() {
        #expect(AtModifierVariants.evaluationTimes(for: 0) == [-1000, 0, 1000])
        #expect(AtModifierVariants.evaluationTimes(for: 3_000_000) == [-30_000_000, 0, 600_000, 3_000_000, 30_000_000])
        #expect(AtModifierVariants.evaluationTimes(for: 7) == [-70, 0, 1, 7, 70])
    }

    @Test func pinningSetsAtOnSelectorsButNotInsideSubqueries() throws {
        let selector = VectorSelector(name: "a", matchers: [.equal("__name__", "a")], position: .init(start: 0, end: 1))
        var started = selector
        started.at = .start
        var fixed = selector
        fixed.at = .timestamp(5)
        let matrix = MatrixSelector(selector: selector, range: .milliseconds(60_000), position: .init(start: 0, end: 5))
        let inner = Expr.vectorSelector(selector)
        let subquery = SubqueryExpr(
            expr: inner, range: .milliseconds(60_000), step: nil, position: .init(start: 0, end: 9))
        let expr = Expr.binary(
            BinaryExpr(
                op: .add,
                lhs: .call(Call(function: "rate", args: [.matrixSelector(matrix)], position: .init(start: 0, end: 1))),
                rhs: .binary(
                    BinaryExpr(
                        op: .add, lhs: .vectorSelector(started),
                        rhs: .binary(
                            BinaryExpr(
                                op: .add, lhs: .vectorSelector(fixed), rhs: .subquery(subquery),
                                position: .init(start: 0, end: 1))),
                        position: .init(start: 0, end: 1))),
                position: .init(start: 0, end: 1)))
        let pinned = try #require(AtModifierVariants.pinned(expr, at: 42))
        let selectors = pinned.vectorSelectors
        // rate's matrix selector, the `@ start()` selector, the fixed one, the one inside the subquery.
        #expect(selectors.map(\.at) == [.timestamp(42), .timestamp(42), .timestamp(5), nil])
        guard case .binary(let top) = pinned, case .binary(let right) = top.rhs, case .binary(let last) = right.rhs,
            case .subquery(let pinnedSubquery) = last.rhs
        else {
            Issue.record("shape changed")
            return
        }
        #expect(pinnedSubquery.at == .timestamp(42))
    }

    @Test func unsafeFunctionsDisableVariants() {
        let selector = Expr.vectorSelector(
            VectorSelector(name: "a", matchers: [.equal("__name__", "a")], position: .init(start: 0, end: 1)))
        for function in ["time", "timestamp", "hour", "predict_linear", "step", "start"] {
            let call = Expr.call(Call(function: function, args: [selector], position: .init(start: 0, end: 1)))
            #expect(AtModifierVariants.pinned(call, at: 1) == nil, "\(function)")
        }
        let safe = Expr.call(Call(function: "abs", args: [selector], position: .init(start: 0, end: 1)))
        #expect(AtModifierVariants.pinned(safe, at: 1) != nil)
        // Unsafe calls inside a subquery are not seen.
        let hidden = Expr.subquery(
            SubqueryExpr(
                expr: .call(Call(function: "time", args: [], position: .init(start: 0, end: 1))),
                range: .milliseconds(60_000), step: nil, position: .init(start: 0, end: 1)))
        #expect(AtModifierVariants.pinned(hidden, at: 1) != nil)
    }

    @Test func queryContextFunctionsSkipTheRangeCheck() {
        #expect(ScriptRunner.usesQueryContext("foo @ start()"))
        #expect(ScriptRunner.usesQueryContext("foo[step()]"))
        #expect(ScriptRunner.usesQueryContext("range()"))
        #expect(!ScriptRunner.usesQueryContext("foo @ 100.000"))
        #expect(!ScriptRunner.usesQueryContext("step_count(foo)"))
    }

    // MARK: End to end (simple float PromQL only)

    @Test func simpleScriptPasses() {
        let report = ScriptRunner().run(
            text: """
                load 1m
                  foo{a="1"} 1 2 3
                  foo{a="2"} 10 stale

                eval instant at 2m foo
                  foo{a="1"} 3

                eval instant at 1m foo
                  foo{a="1"} 2

                eval range from 0 to 2m step 1m foo
                  foo{a="1"} 1 2 3
                  foo{a="2"} 10 _ _

                eval instant at 0 1 + 2
                  3

                eval instant at 0 "hello"
                  expect string "hello"
                """, file: "inline.test")
        #expect(report.fileFailure == nil)
        #expect(report.outcomes.count == 5)
        for outcome in report.outcomes where outcome.isFailure {
            Issue.record("\(outcome.failureLine ?? "")")
        }
        #expect(report.summary.description == "5 passed, 0 failed, 0 skipped")
    }

    @Test func wrongExpectationsFailWithADifference() {
        let report = ScriptRunner().run(
            text: """
                load 1m
                  foo{a="1"} 1 2 3

                eval instant at 2m foo
                  foo{a="1"} 4
                  foo{a="2"} 5

                eval instant at 2m foo
                  expect fail

                eval instant at 2m foo
                  expect warn
                  foo{a="1"} 3

                eval instant at 0 foo
                  h {{count:1}}
                """, file: "inline.test")
        #expect(report.outcomes.count == 4)
        let lines = report.failureLines
        #expect(lines.count == 3)
        #expect(
            lines.first
                == "inline.test:4: eval failed: expected 4 for {__name__=\"foo\", a=\"1\"} but got 3; missing series {__name__=\"foo\", a=\"2\"} 5"
        )
        #expect(lines.dropFirst().first?.hasPrefix("inline.test:8: eval failed: expected error") == true)
        #expect(lines.last?.hasPrefix("inline.test:11: eval failed: expected warn annotations") == true)
        #expect(report.summary.description == "0 passed, 3 failed, 1 skipped (native histograms: 1)")
    }

    @Test func syntaxErrorFailsTheFileBeforeAnythingRuns() {
        let report = ScriptRunner().run(
            text: "load 1m\n  foo 1\n\neval instant at 0 foo\n  foo 1\n\nbogus", file: "x.test")
        #expect(report.outcomes.isEmpty)
        #expect(report.failureLines == ["x.test:7: invalid command \"bogus\""])
    }
}
