import ArgusCore
import PromQL
import Testing

struct PrinterTests {
    /// Upstream `printer_test.go` (`TestExprString`): input and canonical output.
    static let upstream: [(String, String)] = [
        ("sum by() (task:errors:rate10s{job=\"s\"})", "sum(task:errors:rate10s{job=\"s\"})"),
        ("sum by(code) (task:errors:rate10s{job=\"s\"})", "sum by (code) (task:errors:rate10s{job=\"s\"})"),
        ("sum without() (task:errors:rate10s{job=\"s\"})", "sum without () (task:errors:rate10s{job=\"s\"})"),
        (
            "sum without(instance) (task:errors:rate10s{job=\"s\"})",
            "sum without (instance) (task:errors:rate10s{job=\"s\"})"
        ),
        (
            "sum by(\"foo.bar\") (task:errors:rate10s{job=\"s\"})",
            "sum by (\"foo.bar\") (task:errors:rate10s{job=\"s\"})"
        ),
        (
            "sum without(\"foo.bar\") (task:errors:rate10s{job=\"s\"})",
            "sum without (\"foo.bar\") (task:errors:rate10s{job=\"s\"})"
        ),
        ("topk(5, task:errors:rate10s{job=\"s\"})", "topk(5, task:errors:rate10s{job=\"s\"})"),
        (
            "count_values(\"value\", task:errors:rate10s{job=\"s\"})",
            "count_values(\"value\", task:errors:rate10s{job=\"s\"})"
        ),
        ("a - on() c", "a - on () c"),
        ("a - on(b) c", "a - on (b) c"),
        ("a - on(b) group_left(x) c", "a - on (b) group_left (x) c"),
        ("a - on(b) group_left(x, y) c", "a - on (b) group_left (x, y) c"),
        ("a - on(b) group_left c", "a - on (b) group_left () c"),
        ("a - on(b) group_left() (c)", "a - on (b) group_left () (c)"),
        ("a - ignoring(b) c", "a - ignoring (b) c"),
        ("a - ignoring() c", "a - c"),
        ("a - ignoring() group_left c", "a - ignoring () group_left () c"),
        ("a + fill(-23) b", "a + fill (-23) b"),
        ("a + fill_left(-23) b", "a + fill_left (-23) b"),
        ("a + fill_right(42) b", "a + fill_right (42) b"),
        ("a + fill_left(-23) fill_right(42) b", "a + fill_left (-23) fill_right (42) b"),
        ("a + fill_left(5) fill_right(5) b", "a + fill (5) b"),
        ("a + on(b) group_left fill(-23) c", "a + on (b) group_left () fill (-23) c"),
        ("up > bool 0", "up > bool 0"),
        ("a offset 1m", "a offset 1m"),
        ("a offset -7m", "a offset -7m"),
        ("a{c=\"d\"}[5m] offset 1m", "a{c=\"d\"}[5m] offset 1m"),
        ("a[5m] offset 1m", "a[5m] offset 1m"),
        ("a[12m] offset -3m", "a[12m] offset -3m"),
        ("a[1h:5m] offset 1m", "a[1h:5m] offset 1m"),
        ("a anchored", "a anchored"),
        ("a[5m] anchored", "a[5m] anchored"),
        ("a{b=\"c\"}[5m] anchored", "a{b=\"c\"}[5m] anchored"),
        ("a{b=\"c\"}[5m] anchored offset 1m", "a{b=\"c\"}[5m] anchored offset 1m"),
        ("a{b=\"c\"}[5m] anchored @ start() offset 1m", "a{b=\"c\"}[5m] anchored @ start() offset 1m"),
        ("a smoothed", "a smoothed"),
        ("a[5m] smoothed", "a[5m] smoothed"),
        ("a{b=\"c\"}[5m] smoothed", "a{b=\"c\"}[5m] smoothed"),
        ("a{b=\"c\"}[5m] smoothed offset 1m", "a{b=\"c\"}[5m] smoothed offset 1m"),
        ("a{b=\"c\"}[5m] smoothed @ start() offset 1m", "a{b=\"c\"}[5m] smoothed @ start() offset 1m"),
        ("{__name__=\"a\"}", "{__name__=\"a\"}"),
        ("a{b!=\"c\"}[1m]", "a{b!=\"c\"}[1m]"),
        ("a{b=~\"c\"}[1m]", "a{b=~\"c\"}[1m]"),
        ("a{b!~\"c\"}[1m]", "a{b!~\"c\"}[1m]"),
        ("a @ 10", "a @ 10.000"),
        ("a[1m] @ 10", "a[1m] @ 10.000"),
        ("a @ start()", "a @ start()"),
        ("a @ end()", "a @ end()"),
        ("a[1m] @ start()", "a[1m] @ start()"),
        ("a[1m] @ end()", "a[1m] @ end()"),
        ("{__name__=\"\",a=\"x\"}", "{__name__=\"\",a=\"x\"}"),
        ("{\"a.b\"=\"c\"}", "{\"a.b\"=\"c\"}"),
        ("{\"0\"=\"1\"}", "{\"0\"=\"1\"}"),
        ("{\"_0\"=\"1\"}", "{_0=\"1\"}"),
        ("{\"\"=\"0\"}", "{\"\"=\"0\"}"),
        ("{``=\"0\"}", "{\"\"=\"0\"}"),
        ("1048576", "1048576"),
        ("foo[step()]", "foo[step()]"),
        ("foo[-step()]", "foo[-step()]"),
        ("foo[(step())]", "foo[(step())]"),
        ("foo[-(step())]", "foo[-(step())]"),
        ("foo offset step()", "foo offset step()"),
        ("foo offset -step()", "foo offset -step()"),
        ("foo offset (step())", "foo offset (step())"),
        ("foo offset -(step())", "foo offset -(step())"),
        ("foo offset +(5)", "foo offset (5)"),
        ("foo offset -(5)", "foo offset -(5)"),
        ("foo offset (5)", "foo offset (5)"),
        ("foo offset (5m)", "foo offset (5m)"),
        ("foo[(5s)]", "foo[(5s)]"),
        ("foo[(5m):(1m)]", "foo[(5m):(1m)]"),
        ("foo offset +min_of(10s, 20s)", "foo offset min_of(10s, 20s)"),
        ("foo offset -min_of(10s, 20s)", "foo offset -min_of(10s, 20s)"),
        ("foo offset -min_of(10s, +max_of(step() ^ 2, 2))", "foo offset -min_of(10s, max_of(step() ^ 2, 2))"),
        ("foo[200-min_of(-step()^+step(),1)]", "foo[200 - min_of(-step() ^ step(), 1)]"),
        (
            "foo[200 - min_of(step() + 10s, -max_of(step() ^ 2, 3))]",
            "foo[200 - min_of(step() + 10s, -max_of(step() ^ 2, 3))]"
        ),
        ("foo[range()]", "foo[range()]"),
        ("foo[-range()]", "foo[-range()]"),
        ("foo offset range()", "foo offset range()"),
        ("foo offset -range()", "foo offset -range()"),
        ("foo[max_of(range(), 5s)]", "foo[max_of(range(), 5s)]"),
        ("predict_linear(foo[1h], 3000)", "predict_linear(foo[1h], 3000)"),
        ("sum by(\"üüü\") (foo)", "sum by (\"üüü\") (foo)"),
        ("sum without(\"äää\") (foo)", "sum without (\"äää\") (foo)"),
        ("count by(\"ööö\", job) (foo)", "count by (\"ööö\", job) (foo)"),
    ]

    @Test(arguments: upstream)
    func upstreamGolden(_ input: String, _ output: String) throws {
        let expr = try PromQLParser.parse(input, options: .corpus)
        #expect(expr.description == output)
    }

    /// Our own cases: numbers, strings, durations, modifiers and matchers.
    static let more: [(String, String)] = [
        ("1048576", "1048576"),
        ("1e21", "1000000000000000000000"),
        ("0.000001", "0.000001"),
        ("-Inf", "-Inf"),
        ("+Inf", "+Inf"),
        ("nan", "NaN"),
        ("0x10", "16"),
        ("5m", "5m"),
        ("90s", "1m30s"),
        ("-1h", "-1h"),
        ("1w", "1w"),
        ("8d", "8d"),
        ("'single'", #""single""#),
        ("`raw\\n`", #""raw\\n""#),
        (#""tab\there""#, #""tab\there""#),
        (#""é😀""#, #""é😀""#),
        (#"foo{b="2", a="1"}"#, #"foo{a="1",b="2"}"#),
        (#"{__name__="foo"}"#, #"{__name__="foo"}"#),
        (#"{"my.metric", job="x"}"#, #"{__name__="my.metric",job="x"}"#),
        (#"foo{a=~"x\\.y"}"#, #"foo{a=~"x\\.y"}"#),
        ("foo[100]", "foo[1m40s]"),
        ("foo offset 50", "foo offset 50s"),
        ("foo offset 0s", "foo"),
        ("foo @ 1609746000", "foo @ 1609746000.000"),
        ("foo @ -1.5", "foo @ -1.500"),
        ("foo @ 100s", "foo @ 100.000"),
        ("foo offset 5m @ 10", "foo @ 10.000 offset 5m"),
        ("foo[5m] offset 1m @ start()", "foo[5m] @ start() offset 1m"),
        ("foo @ end() anchored offset 1m", "foo @ end() anchored offset 1m"),
        ("rate(foo[5m])[1h:5m] @ 100 offset 3m", "rate(foo[5m])[1h:5m] @ 100.000 offset 3m"),
        ("foo[1h:]", "foo[1h:]"),
        ("foo[5m+1m]", "foo[5m + 1m]"),
        ("foo[5m*2]", "foo[5m * 2]"),
        ("foo[(5m+1m)*2]", "foo[(5m + 1m) * 2]"),
        ("foo[((5m))]", "foo[(5m)]"),
        ("foo[-(-5m)]", "foo[-(-5m)]"),
        ("foo offset -(1m*2)", "foo offset -(1m * 2)"),
        ("foo offset (5m) + 1", "foo offset (5m) + 1"),
        ("sum without () (x)", "sum without () (x)"),
        ("sum by () (x)", "sum(x)"),
        ("count_values(\"v\", x) by (a)", "count_values by (a) (\"v\", x)"),
        ("quantile(0.9, x)", "quantile(0.9, x)"),
        ("a and on() b", "a and on () b"),
        ("a or ignoring() b", "a or b"),
        ("a > bool on(x) group_right b", "a > bool on (x) group_right () b"),
        ("a + fill(NaN) b", "a + fill_left (NaN) fill_right (NaN) b"),
        ("a + fill(1e6) b", "a + fill (1e+06) b"),
        ("a + fill_right(-Inf) b", "a + fill_right (-Inf) b"),
        ("-(1)", "-(1)"),
        ("- -foo", "--foo"),
        ("a atan2 b", "a atan2 b"),
        ("a </ b", "a </ b"),
        ("min_of(1, 2)", "min_of(1, 2)"),
        ("sum by (\"ü\", a:b) (x)", "sum by (\"ü\", \"a:b\") (x)"),
        ("x{\"\"=\"0\"}", "x{\"\"=\"0\"}"),
    ]

    @Test(arguments: more)
    func canonicalForms(_ input: String, _ output: String) throws {
        let expr = try PromQLParser.parse(input, options: .corpus)
        #expect(expr.description == output)
        let again = try PromQLParser.parse(output, options: .corpus)
        #expect(again.description == output)
    }

    @Test func printsTreesBuiltByHand() {
        let selector = VectorSelector(
            name: "up",
            matchers: [.equal("job", "a"), .equal("__name__", "up")],
            at: .timestamp(12_345),
            position: .init(start: 0, end: 0)
        )
        #expect(Expr.vectorSelector(selector).description == #"up{job="a"} @ 12.345"#)
        let subquery = SubqueryExpr(
            expr: .vectorSelector(selector),
            range: .milliseconds(600_000),
            step: .literal(milliseconds: 5000, isNumber: true),
            at: .timestamp(-1),
            position: .init(start: 0, end: 0)
        )
        #expect(Expr.subquery(subquery).description == #"up{job="a"} @ 12.345[10m:5s] @ -0.001"#)
    }
}
