import ArgusCore
import PromQL
import Testing

/// A fully parenthesised rendering of a tree, to pin down structure and precedence.
func treeString(_ expr: Expr) -> String {
    switch expr {
    case .number(let literal): return GoFloat.formatF(literal.value) + (literal.isDuration ? "d" : "")
    case .binary(let binary):
        var op = binary.op.rawValue
        if binary.returnBool { op += " bool" }
        return "(\(op) \(treeString(binary.lhs)) \(treeString(binary.rhs)))"
    case .unary(let unary): return "(\(unary.op.rawValue) \(treeString(unary.expr)))"
    case .paren(let paren): return "(paren \(treeString(paren.expr)))"
    default: return expr.description
    }
}

struct ParserTests {
    // MARK: - Upstream inputs

    /// Every valid input of upstream `parse_test.go`'s expression table.
    static let upstreamValid: [String] = [
        "1",
        "+Inf",
        "-Inf",
        ".5",
        "5.",
        "123.4567",
        "5e-3",
        "5e3",
        "0xc",
        "0755",
        "+5.5e-3",
        "-0755",
        "1 + 1",
        "1 - 1",
        "1 * 1",
        "1 % 1",
        "1 / 1",
        "1 == bool 1",
        "1 != bool 1",
        "1 > bool 1",
        "1 >= bool 1",
        "1 < bool 1",
        "1 <= bool 1",
        "-1^2",
        "-1*2",
        "-1+2",
        "-1^-2",
        "+1 + -2 * 1",
        "1 + 2/(3*1)",
        "1 < bool 2 - 1 * 2",
        "-some_metric",
        "+some_metric",
        " +some_metric",
        " +{\"some_metric\"}",
        "offset{step=\"1s\"}[5m]",
        "step{offset=\"1s\"}[5m]",
        "anchored{job=\"test\"}",
        "smoothed{job=\"test\"}",
        "foo * bar",
        "foo * sum",
        "foo == 1",
        "foo == bool 1",
        "2.5 / bar",
        "foo and bar",
        "foo or bar",
        "foo unless bar",
        "foo * on(test,blub) bar",
        "foo * on(test,blub) group_left bar",
        "foo and on(test,blub) bar",
        "foo and on() bar",
        "foo and ignoring(test,blub) bar",
        "foo and ignoring() bar",
        "foo unless on(bar) baz",
        "foo / on(test,blub) group_left(bar) bar",
        "foo / ignoring(test,blub) group_left(blub) bar",
        "foo / ignoring(test,blub) group_left(bar) bar",
        "foo - on(test,blub) group_right(bar,foo) bar",
        "foo - ignoring(test,blub) group_right(bar,foo) bar",
        "foo",
        "min",
        "foo offset 5m",
        "foo offset -7m",
        "foo offset +(5)",
        "foo offset -(5)",
        "foo offset (5)",
        "foo[(5s)]",
        "foo OFFSET 1h30m",
        "foo OFFSET 1m30ms",
        "foo @ 1603774568",
        "foo @ -100",
        "foo @ .3",
        "foo @ 3.",
        "foo @ 3.33",
        "foo @ 3e2",
        "foo @ 3e-1",
        "foo @ 0xA",
        "foo @ -3.3e1",
        "foo:bar{a=\"bc\"}",
        "{\"foo\"}",
        "{'foo\\'bar', 'a\\\\dos\\\\path'='boo\\\\urns'}",
        "{\"foo\", a=\"bc\"}",
        "foo{NaN='bc'}",
        "foo{bar='}'}",
        "foo{a=\"b\", foo!=\"bar\", test=~\"test\", bar!~\"baz\"}",
        "foo{a=\"b\", foo!=\"bar\", test=~\"test\", bar!~\"baz\",}",
        "test[1000ms]",
        "test[1001ms]",
        "test[1002ms]",
        "test[5s]",
        "test[5m]",
        "foo[5m30s]",
        "test[5h] OFFSET 5m",
        "test[5d] OFFSET 10s",
        "test[5w] offset 2w",
        "test{a=\"b\"}[5y] OFFSET 3d",
        "test{a=\"b\"}[5m] OFFSET 3600",
        "foo[3ms] @ 2.345",
        "foo[4s180ms] @ 2.345",
        "foo[4.18] @ 2.345",
        "foo[4s18ms] @ 2.345",
        "foo[4.018] @ 2.345",
        "test{a=\"b\"}[5y] @ 1603774699",
        "test[5]",
        "some_metric[5m] @ 1m",
        "sum by (foo)(some_metric)",
        "sum by (anchored)(some_metric)",
        "sum by (smoothed)(some_metric)",
        "sum by (\"foo bar\")({\"some.metric\"})",
        "sum by (\"foo\", bar, 'baz')({\"some.metric\"})",
        "avg by (foo)(some_metric)",
        "max by (foo)(some_metric)",
        "sum without (foo) (some_metric)",
        "sum (some_metric) without (foo)",
        "stddev(some_metric)",
        "stdvar by (foo)(some_metric)",
        "sum by ()(some_metric)",
        "sum by (foo,bar,)(some_metric)",
        "sum by (foo,)(some_metric)",
        "topk(5, some_metric)",
        "count_values(\"value\", some_metric)",
        "time()",
        "floor(some_metric{foo!=\"bar\"})",
        "rate(some_metric[5m])",
        "round(some_metric)",
        "round(some_metric, 5)",
        "sum(sum)",
        "a + sum",
        "\"double-quoted string \\\" with escaped quote\"",
        "'single-quoted string \\' with escaped quote'",
        "`backtick-quoted string`",
        "\"\\a\\b\\f\\n\\r\\t\\v\\\\\\\" - \\xFF\\377\\u1234\\U00010111\\U0001011111☺\"",
        "'\\a\\b\\f\\n\\r\\t\\v\\\\\\' - \\xFF\\377\\u1234\\U00010111\\U0001011111☺'",
        "foo{bar=\"baz\"}[10m:6s]",
        "foo{bar=\"baz\"}[10m5s:1h6ms]",
        "foo[10m:]",
        "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:5s])",
        "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:])[4m:3s]",
        "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] offset 4m)[4m:3s]",
        "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] @ 1603775091)[4m:3s]",
        "min_over_time(rate(foo{bar=\"baz\"}[2s])[5m:] @ -160377509)[4m:3s]",
        "sum without(and, by, avg, count, alert, annotations)(some_metric) [30m:10s]",
        "some_metric OFFSET 1m [10m:5s]",
        "some_metric @ 123 [10m:5s]",
        "some_metric @ 123 offset 1m [10m:5s]",
        "some_metric offset 1m @ 123 [10m:5s]",
        "some_metric[10m:5s] offset 1m @ 123",
        "(foo + bar{nm=\"val\"})[5m:]",
        "(foo + bar{nm=\"val\"})[5m:] offset 10m",
        "(foo + bar{nm=\"val\"} @ 1234)[5m:] @ 1603775019",
        "foo @ start()",
        "foo @ end()",
        "test[5y] @ start()",
        "test[5y] @ end()",
        "foo[10m:6s] @ start()",
        "foo[10m:6s] @ end()",
        "start()",
        "end()",
        "start",
        "end",
        "start{end=\"foo\"}",
        "end{start=\"foo\"}",
        "foo unless on(start) bar",
        "foo unless on(end) bar",
        "info(rate(http_request_counter_total{}[5m]))",
        "info(http_request_counter_total{namespace=\"zzz\"}, {foo=\"bar\", bar=\"baz\"})",
        "foo[11s+10s-5*2^2]",
        "foo[-(10s-5s)+20s]",
        "foo[-10s+15s]",
        "foo[step()]",
        "foo[  -  step  (  )  ]",
        "foo[   step  (  )  ]",
        "foo[-step()]",
        "foo offset step()",
        "foo offset -step()",
        "foo[max_of(step(),5s)]",
        "foo offset max_of(step(),5s)",
        "foo offset -min_of(5s,step()+8s)",
        "foo[range()]",
        "foo[2m/range()]",
        "foo[-range()]",
        "foo offset range()",
        "foo offset -range()",
        "foo[max_of(range(),5s)]",
        "foo[4s+4s:1s*2] offset (5s-8)",
        "foo offset 5s-8",
        "rate(foo[2m+2m])",
        "foo offset -1^1",
        "foo offset -(1^2)",
        "foo offset (-1^2)",
        "foo[-2^2]",
        "foo[0+-2^2]",
        "(sum(foo))",
        "(sum(foo) )",
        "(sum(foo) by (bar))",
        "(sum by (bar) (foo))",
        "sum by (job)(rate(http_requests_total[30m]))",
    ]

    @Test(arguments: upstreamValid)
    func upstreamInputParsesAndRoundTrips(_ input: String) throws {
        let expr = try PromQLParser.parse(input, options: .corpus)
        let printed = expr.description
        let reparsed = try PromQLParser.parse(printed, options: .corpus)
        #expect(reparsed.description == printed)
        #expect(ASTComparison.equalIgnoringPositions(expr, reparsed))
    }

    // MARK: - Structure and precedence

    static let structure: [(String, String)] = [
        ("1 + 2 * 3", "(+ 1 (* 2 3))"),
        ("1 * 2 + 3", "(+ (* 1 2) 3)"),
        ("1 - 2 - 3", "(- (- 1 2) 3)"),
        ("2 ^ 3 ^ 2", "(^ 2 (^ 3 2))"),
        ("-2 ^ 2", "(- (^ 2 2))"),
        ("-2 * 3", "(* -2 3)"),
        ("2 * -3 ^ 2", "(* 2 (- (^ 3 2)))"),
        ("2 ^ -1", "(^ 2 -1)"),
        ("- -1", "1"),
        ("+1", "1"),
        ("-(1)", "(- (paren 1))"),
        ("-foo", "(- foo)"),
        ("+foo", "(+ foo)"),
        ("-foo ^ 2", "(- (^ foo 2))"),
        ("-foo * 2", "(* (- foo) 2)"),
        ("a or b and c", "(or a (and b c))"),
        ("a and b or c", "(or (and a b) c)"),
        ("a and b unless c", "(unless (and a b) c)"),
        ("a == b + c", "(== a (+ b c))"),
        ("a > b or c", "(or (> a b) c)"),
        ("a / b atan2 c", "(atan2 (/ a b) c)"),
        ("a % b * c", "(* (% a b) c)"),
        ("a </ b + 1", "(</ a (+ b 1))"),
        ("a >/ b * 2", "(>/ a (* b 2))"),
        ("a </ b == c", "(== (</ a b) c)"),
        ("1 == bool 2", "(== bool 1 2)"),
        ("a + b offset 5m", "(+ a b offset 5m)"),
        ("-foo offset 5m", "(- foo offset 5m)"),
        ("foo offset 5m * 2", "(* foo offset 5m 2)"),
        ("foo offset -2 ^ 2", "(^ foo offset -2s 2)"),
        ("foo offset 5s-8", "(- foo offset 5s 8)"),
        ("foo @ 10 + 1", "(+ foo @ 10.000 1)"),
        ("rate((foo)[5m:]) + 1", "(+ rate((foo)[5m:]) 1)"),
        ("sum(x) by (a) + 1", "(+ sum by (a) (x) 1)"),
        ("0x1F", "31"),
        ("0X1f", "31"),
        ("017", "15"),
        ("08", "8"),
        ("1_000", "1000"),
        ("1_000.5", "1000.5"),
        ("1e3", "1000"),
        ("1E-3", "0.001"),
        (".5", "0.5"),
        ("5.", "5"),
        ("Inf", "+Inf"),
        ("-inf", "-Inf"),
        ("NaN", "NaN"),
        ("nAn", "NaN"),
        ("5m", "300d"),
        ("1h30m", "5400d"),
        ("-5m", "-300d"),
        ("2 * 1d", "(* 2 86400d)"),
        ("#comment\n1 # trailing\n+ 2", "(+ 1 2)"),
    ]

    @Test(arguments: structure)
    func structureAndPrecedence(_ input: String, _ tree: String) throws {
        let expr = try PromQLParser.parse(input, options: .corpus)
        #expect(treeString(expr) == tree)
    }

    // MARK: - Selectors

    @Test func selectorMatchersIncludeTheNameLast() throws {
        guard case .vectorSelector(let selector) = try PromQLParser.parse(#"foo{a="b", c!~"d.*"}"#) else {
            Issue.record("not a selector")
            return
        }
        #expect(selector.name == "foo")
        #expect(selector.matchers.map(\.description) == [#"a="b""#, #"c!~"d.*""#, #"__name__="foo""#])
        #expect(selector.position == PositionRange(start: 0, end: 20))
    }

    @Test func quotedNamesInsideBraces() throws {
        guard case .vectorSelector(let selector) = try PromQLParser.parse(#"{"my.metric", "a.b"="c"}"#) else {
            Issue.record("not a selector")
            return
        }
        #expect(selector.name == nil)
        #expect(selector.matchers.map(\.name) == ["__name__", "a.b"])
        #expect(selector.matchers[0].value == "my.metric")
    }

    static let keywordMetricNames = [
        "sum", "by", "without", "offset", "start", "end", "step", "range", "min_of", "max_of", "and", "or",
        "unless", "anchored", "smoothed", "fill", "fill_left", "count_values", "limitk", "avg",
    ]

    @Test(arguments: keywordMetricNames)
    func keywordsAreMetricNamesWhereASelectorIsExpected(_ name: String) throws {
        let expr = try PromQLParser.parse(name + #"{job="x"}"#, options: .corpus)
        guard case .vectorSelector(let selector) = expr else {
            Issue.record("not a selector: \(expr)")
            return
        }
        #expect(selector.name == name)
        let bare = try PromQLParser.parse(name + " + 1", options: .corpus)
        #expect(treeString(bare) == "(+ \(name) 1)")
    }

    @Test func fillIsAMetricNameWithoutParenthesis() throws {
        let expr = try PromQLParser.parse("fill + fill_left", options: .corpus)
        #expect(treeString(expr) == "(+ fill fill_left)")
    }

    @Test func stringLiteralsAllQuoteStyles() throws {
        let cases: [(String, String)] = [
            (#""a\nb\t\"c\"""#, "a\nb\t\"c\""),
            (#"'it\'s'"#, "it's"),
            ("`raw\\n`", "raw\\n"),
            (#""\u00e9\U0001F600\x41\101""#, "é😀AA"),
            (#""\a\b\f\v\\""#, "\u{07}\u{08}\u{0C}\u{0B}\\"),
        ]
        for (input, value) in cases {
            guard case .string(let literal) = try PromQLParser.parse(input) else {
                Issue.record("not a string: \(input)")
                continue
            }
            #expect(literal.value == value)
            #expect(literal.invalidUTF8Bytes == nil)
        }
    }

    @Test func invalidUTF8EscapesKeepTheirBytes() throws {
        guard case .string(let literal) = try PromQLParser.parse(#""a\xc5z""#) else {
            Issue.record("not a string")
            return
        }
        #expect(literal.invalidUTF8Bytes == [0x61, 0xC5, 0x7A])
        #expect(literal.description == #""a\xc5z""#)
    }

    // MARK: - Modifiers

    @Test func offsetsAndAtModifiers() throws {
        guard case .vectorSelector(let selector) = try PromQLParser.parse("foo offset -7m @ 1609746000.5") else {
            Issue.record("not a selector")
            return
        }
        #expect(selector.offset == .literal(milliseconds: -420_000, isNumber: false))
        #expect(selector.at == .timestamp(1_609_746_000_500))

        guard case .matrixSelector(let matrix) = try PromQLParser.parse("foo[100] offset 50 @ end()") else {
            Issue.record("not a matrix")
            return
        }
        #expect(matrix.range == .literal(milliseconds: 100_000, isNumber: true))
        #expect(matrix.selector.offset == .literal(milliseconds: 50_000, isNumber: true))
        #expect(matrix.selector.at == .end)

        guard case .subquery(let subquery) = try PromQLParser.parse("rate(x[5m])[1h:] @ start() offset 1d") else {
            Issue.record("not a subquery")
            return
        }
        #expect(subquery.step == nil)
        #expect(subquery.at == .start)
        #expect(subquery.offset == .literal(milliseconds: 86_400_000, isNumber: false))
        #expect(subquery.range == .literal(milliseconds: 3_600_000, isNumber: false))
    }

    @Test func zeroOffsetMayBeFollowedByAnother() throws {
        let expr = try PromQLParser.parse("foo offset 0s offset 1m")
        #expect(expr.description == "foo offset 1m")
    }

    @Test func durationExpressions() throws {
        let cases: [(String, DurationExpr)] = [
            ("foo[5m + 1m]", .binary(op: .add, lhs: .milliseconds(300_000), rhs: .milliseconds(60_000))),
            ("foo[5m * 2]", .binary(op: .mul, lhs: .milliseconds(300_000), rhs: .number(2))),
            ("foo[step() * 2]", .binary(op: .mul, lhs: .step, rhs: .number(2))),
            ("foo[-step()]", .negate(.step)),
            ("foo[(5)]", .paren(.number(5))),
            ("foo[((5m))]", .paren(.milliseconds(300_000))),
            ("foo[min_of(range(), 1h)]", .minOf(.range, .milliseconds(3_600_000))),
            ("foo[-2^2]", .negate(.binary(op: .pow, lhs: .number(2), rhs: .number(2)))),
            (
                "foo[2^3^2]",
                .binary(op: .pow, lhs: .number(2), rhs: .binary(op: .pow, lhs: .number(3), rhs: .number(2)))
            ),
        ]
        for (input, range) in cases {
            guard case .matrixSelector(let matrix) = try PromQLParser.parse(input, options: .corpus) else {
                Issue.record("not a matrix: \(input)")
                continue
            }
            #expect(matrix.range == range, "\(input)")
        }
        let offsets: [(String, DurationExpr)] = [
            ("foo offset -(1m*2)", .negate(.paren(.binary(op: .mul, lhs: .milliseconds(60_000), rhs: .number(2))))),
            ("foo offset step()", .step),
            ("foo offset -min_of(step(), 1s)", .negate(.minOf(.step, .milliseconds(1000)))),
            ("foo offset (5m) + 1", .binary(op: .add, lhs: .paren(.milliseconds(300_000)), rhs: .number(1))),
            ("foo offset +(5)", .paren(.number(5))),
        ]
        for (input, offset) in offsets {
            guard case .vectorSelector(let selector) = try PromQLParser.parse(input, options: .corpus) else {
                Issue.record("not a selector: \(input)")
                continue
            }
            #expect(selector.offset == offset, "\(input)")
        }
        guard case .subquery(let subquery) = try PromQLParser.parse("foo[4s+4s:1s*2]", options: .corpus) else {
            Issue.record("not a subquery")
            return
        }
        #expect(subquery.step == .binary(op: .mul, lhs: .milliseconds(1000), rhs: .number(2)))
    }

    @Test func extendedRangeSelectors() throws {
        guard
            case .matrixSelector(let matrix) = try PromQLParser.parse("rate(x[5m] anchored)", options: .corpus)
                .callArguments.first
        else {
            Issue.record("not a matrix")
            return
        }
        #expect(matrix.selector.anchored)
        guard case .vectorSelector(let selector) = try PromQLParser.parse("x smoothed", options: .corpus) else {
            Issue.record("not a selector")
            return
        }
        #expect(selector.smoothed)
    }

    // MARK: - Binary modifiers

    @Test func vectorMatching() throws {
        guard case .binary(let binary) = try PromQLParser.parse("a - on(b) group_left(c, d) e") else {
            Issue.record("not binary")
            return
        }
        #expect(binary.matching?.cardinality == .manyToOne)
        #expect(binary.matching?.on == true)
        #expect(binary.matching?.matchingLabels == ["b"])
        #expect(binary.matching?.include == ["c", "d"])

        guard case .binary(let setOp) = try PromQLParser.parse("a and ignoring(b) e") else {
            Issue.record("not binary")
            return
        }
        #expect(setOp.matching?.cardinality == .manyToMany)
        #expect(setOp.matching?.on == false)

        guard case .binary(let scalar) = try PromQLParser.parse("a * 2") else {
            Issue.record("not binary")
            return
        }
        #expect(scalar.matching == nil)

        guard case .binary(let oneToOne) = try PromQLParser.parse("a / b") else {
            Issue.record("not binary")
            return
        }
        #expect(oneToOne.matching == VectorMatching(cardinality: .oneToOne))
    }

    @Test func fillModifiers() throws {
        let cases: [(String, Double?, Double?)] = [
            ("a + fill(1) b", 1, 1),
            ("a + fill_left(-2) b", -2, nil),
            ("a + fill_right(5m) b", nil, 300),
            ("a + fill_left(1) fill_right(2) b", 1, 2),
            ("a + fill_right(2) fill_left(1) b", 1, 2),
            ("a + on(x) group_left fill(0) b", 0, 0),
        ]
        for (input, left, right) in cases {
            guard case .binary(let binary) = try PromQLParser.parse(input, options: .corpus) else {
                Issue.record("not binary: \(input)")
                continue
            }
            #expect(binary.matching?.fillLeft == left, "\(input)")
            #expect(binary.matching?.fillRight == right, "\(input)")
        }
    }

    @Test func aggregationsWithClausesBeforeOrAfter() throws {
        for input in ["sum by (job, \"a.b\") (x)", "sum(x) by (job, \"a.b\")", "SUM(x) BY (job, \"a.b\",)"] {
            guard case .aggregate(let aggregate) = try PromQLParser.parse(input) else {
                Issue.record("not an aggregate: \(input)")
                continue
            }
            #expect(aggregate.op == .sum)
            #expect(aggregate.grouping == ["job", "a.b"])
            #expect(!aggregate.without)
        }
        guard case .aggregate(let topk) = try PromQLParser.parse("topk without (a) (5, x)") else {
            Issue.record("not an aggregate")
            return
        }
        #expect(topk.without)
        #expect(topk.param.map(treeString) == "5")
        guard case .aggregate(let limit) = try PromQLParser.parse("limit_ratio(0.5, x)", options: .corpus) else {
            Issue.record("not an aggregate")
            return
        }
        #expect(limit.op == .limitRatio)
    }

    @Test func functionCallsAtExpressionLevel() throws {
        for input in ["step()", "range()", "start()", "end()", "min_of(1, 2)", "max_of(3, 5)", "time()", "pi()"] {
            let expr = try PromQLParser.parse(input, options: .corpus)
            guard case .call = expr else {
                Issue.record("not a call: \(input)")
                continue
            }
            #expect(expr.description == input)
        }
    }

    @Test func variadicFunctions() throws {
        _ = try PromQLParser.parse("round(x)")
        _ = try PromQLParser.parse("round(x, 5)")
        _ = try PromQLParser.parse(#"label_join(x, "a", ",", "b", "c", "d")"#)
        _ = try PromQLParser.parse(#"sort_by_label(x, "a", "b")"#, options: .corpus)
        _ = try PromQLParser.parse(#"histogram_quantiles(x, "q", 0.1, 0.5, 0.9)"#, options: .corpus)
        _ = try PromQLParser.parse(#"info(x, {k=~".+"})"#, options: .corpus)
        _ = try PromQLParser.parse("hour()")
        _ = try PromQLParser.parse("info(x)", options: .corpus)
    }

    // MARK: - match[] selectors

    @Test func metricSelectors() throws {
        let matchers = try PromQLParser.parseMetricSelector(#"up{job="a", instance=~"b.*"}"#)
        #expect(matchers.map(\.description) == [#"job="a""#, #"instance=~"b.*""#, #"__name__="up""#])
        let quoted = try PromQLParser.parseMetricSelector(#"{"my.metric"}"#)
        #expect(quoted.map(\.description) == [#"__name__="my.metric""#])
        #expect(try PromQLParser.parseMetricSelector("{}").isEmpty)
        #expect(throws: ParseError.self) { try PromQLParser.parseMetricSelector("up offset 5m") }
        #expect(throws: ParseError.self) { try PromQLParser.parseMetricSelector("rate(up[5m])") }
        let many = try PromQLParser.parseMetricSelectors(["a", "b{c=\"d\"}"])
        #expect(many.count == 2)
    }
}

extension Expr {
    fileprivate var callArguments: [Expr] {
        if case .call(let call) = self { return call.args }
        return []
    }
}
