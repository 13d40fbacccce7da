import ArgusCore
import ArgusTesting
import PromQL
import Testing

struct UpstreamErrorCase: Sendable, CustomTestStringConvertible {
    var input: String
    var message: String
    var start: Int?

    init(_ input: String, _ message: String, start: Int? = nil) {
        self.input = input
        self.message = message
        self.start = start
    }

    var testDescription: String { input }
}

/// The error cases of upstream `parse_test.go` (first error of each).
struct ParserErrorTests {
    static let upstream: [UpstreamErrorCase] = [
        UpstreamErrorCase("", "no expression found in input", start: 0),
        UpstreamErrorCase("# just a comment\n\n", "no expression found in input", start: 0),
        UpstreamErrorCase("1+", "unexpected end of input", start: 2),
        UpstreamErrorCase(".", "unexpected character: '.'", start: 0),
        UpstreamErrorCase("2.5.", "bad number or duration syntax: \"2.5.\"", start: 0),
        UpstreamErrorCase("100..4", "bad number or duration syntax: \"100..\"", start: 0),
        UpstreamErrorCase("0deadbeef", "bad number or duration syntax: \"0de\"", start: 0),
        UpstreamErrorCase("1 /", "unexpected end of input", start: 3),
        UpstreamErrorCase("*1", "unexpected <op:*>", start: 0),
        UpstreamErrorCase("(1))", "unexpected right parenthesis ')'", start: 4),
        UpstreamErrorCase("((1)", "unclosed left parenthesis", start: 4),
        UpstreamErrorCase(
            "999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999",
            "error parsing number: strconv.ParseFloat: parsing \"999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999\": value out of range",
            start: 0),
        UpstreamErrorCase("(", "unclosed left parenthesis", start: 1),
        UpstreamErrorCase("1 and 1", "set operator \"and\" not allowed in binary scalar expression", start: 0),
        UpstreamErrorCase("1 == 1", "comparisons between scalars must use BOOL modifier", start: 2),
        UpstreamErrorCase("1 or 1", "set operator \"or\" not allowed in binary scalar expression", start: 0),
        UpstreamErrorCase("1 unless 1", "set operator \"unless\" not allowed in binary scalar expression", start: 0),
        UpstreamErrorCase("1 !~ 1", "unexpected character after '!': '~'", start: 2),
        UpstreamErrorCase("1 =~ 1", "unexpected character after '=': '~'", start: 2),
        UpstreamErrorCase(
            "-\"string\"",
            "unary expression only allowed on expressions of type scalar or instant vector, got \"string\"", start: 0),
        UpstreamErrorCase(
            "-test[5m]",
            "unary expression only allowed on expressions of type scalar or instant vector, got \"range vector\"",
            start: 0),
        UpstreamErrorCase("*test", "unexpected <op:*>", start: 0),
        UpstreamErrorCase("@@", "unexpected <op:@>", start: 0),
        UpstreamErrorCase(
            "1 offset 1d",
            "offset modifier must be preceded by an instant vector selector or range vector selector or a subquery",
            start: 0),
        UpstreamErrorCase("foo offset 1s offset 2s", "offset may not be set multiple times", start: 0),
        UpstreamErrorCase("a - on(b) ignoring(c) d", "unexpected <ignoring>", start: 10),
        UpstreamErrorCase("foo and 1", "set operator \"and\" not allowed in binary scalar expression", start: 0),
        UpstreamErrorCase("1 and foo", "set operator \"and\" not allowed in binary scalar expression", start: 0),
        UpstreamErrorCase("foo or 1", "set operator \"or\" not allowed in binary scalar expression", start: 0),
        UpstreamErrorCase("1 or foo", "set operator \"or\" not allowed in binary scalar expression", start: 0),
        UpstreamErrorCase("foo unless 1", "set operator \"unless\" not allowed in binary scalar expression", start: 0),
        UpstreamErrorCase("1 unless foo", "set operator \"unless\" not allowed in binary scalar expression", start: 0),
        UpstreamErrorCase("1 or on(bar) foo", "vector matching only allowed between instant vectors", start: 0),
        UpstreamErrorCase("foo == on(bar) 10", "vector matching only allowed between instant vectors", start: 0),
        UpstreamErrorCase("foo + group_left(baz) bar", "unexpected <group_left>", start: 6),
        UpstreamErrorCase("foo and on(bar) group_left(baz) bar", "no grouping allowed for \"and\" operation", start: 0),
        UpstreamErrorCase(
            "foo and on(bar) group_right(baz) bar", "no grouping allowed for \"and\" operation", start: 0),
        UpstreamErrorCase("foo or on(bar) group_left(baz) bar", "no grouping allowed for \"or\" operation", start: 0),
        UpstreamErrorCase("foo or on(bar) group_right(baz) bar", "no grouping allowed for \"or\" operation", start: 0),
        UpstreamErrorCase(
            "foo unless on(bar) group_left(baz) bar", "no grouping allowed for \"unless\" operation", start: 0),
        UpstreamErrorCase(
            "foo unless on(bar) group_right(baz) bar", "no grouping allowed for \"unless\" operation", start: 0),
        UpstreamErrorCase(
            "http_requests{group=\"production\"} + on(instance) group_left(job,instance) cpu_count{type=\"smp\"}",
            "label \"instance\" must not occur in ON and GROUP clause at once", start: 34),
        UpstreamErrorCase("foo + bool bar", "bool modifier can only be used on comparison operators", start: 4),
        UpstreamErrorCase("foo + bool 10", "bool modifier can only be used on comparison operators", start: 4),
        UpstreamErrorCase("foo and bool 10", "bool modifier can only be used on comparison operators", start: 4),
        UpstreamErrorCase(
            "http_requests{group=\"production\"} + on(instance) group_left(job,instance) cpu_count{type=\"smp\"}",
            "label \"instance\" must not occur in ON and GROUP clause at once", start: 34),
        UpstreamErrorCase("foo @ +Inf", "timestamp out of bounds for @ modifier: +Inf", start: 0),
        UpstreamErrorCase("foo @ -Inf", "timestamp out of bounds for @ modifier: -Inf", start: 0),
        UpstreamErrorCase("foo @ NaN", "timestamp out of bounds for @ modifier: NaN", start: 0),
        UpstreamErrorCase("{", "unexpected end of input inside braces", start: 1),
        UpstreamErrorCase("}", "unexpected character: '}'", start: 0),
        UpstreamErrorCase("some{", "unexpected end of input inside braces", start: 5),
        UpstreamErrorCase("some}", "unexpected character: '}'", start: 4),
        UpstreamErrorCase(
            "some_metric{a=b}", "unexpected identifier \"b\" in label matching, expected string", start: 14),
        UpstreamErrorCase("some_metric{a:b=\"b\"}", "unexpected character inside braces: ':'", start: 13),
        UpstreamErrorCase("foo{a*\"b\"}", "unexpected character inside braces: '*'", start: 5),
        UpstreamErrorCase("foo{a>=\"b\"}", "unexpected character inside braces: '>'", start: 5),
        UpstreamErrorCase(
            "foo{gibberish}", "unexpected \"}\" in label matching, expected label matching operator", start: 13),
        UpstreamErrorCase("foo{1}", "unexpected character inside braces: '1'", start: 4),
        UpstreamErrorCase("{}", "vector selector must contain at least one non-empty matcher", start: 0),
        UpstreamErrorCase("{x=\"\"}", "vector selector must contain at least one non-empty matcher", start: 0),
        UpstreamErrorCase("{x=~\".*\"}", "vector selector must contain at least one non-empty matcher", start: 0),
        UpstreamErrorCase("{x!~\".+\"}", "vector selector must contain at least one non-empty matcher", start: 0),
        UpstreamErrorCase("{x!=\"a\"}", "vector selector must contain at least one non-empty matcher", start: 0),
        UpstreamErrorCase("foo{__name__=\"bar\"}", "metric name must not be set twice: \"foo\" or \"bar\"", start: 0),
        UpstreamErrorCase("foo{__name__= =}", "unexpected \"=\" in label matching, expected string", start: 14),
        UpstreamErrorCase("foo{,}", "unexpected \",\" in label matching, expected identifier or \"}\"", start: 4),
        UpstreamErrorCase("foo{__name__ == \"bar\"}", "unexpected \"=\" in label matching, expected string", start: 14),
        UpstreamErrorCase(
            "foo{__name__=\"bar\" lol}", "unexpected identifier \"lol\" in label matching, expected \",\" or \"}\"",
            start: 19),
        UpstreamErrorCase("foo{\"a\"=}", "unexpected \"}\" in label matching, expected string", start: 8),
        UpstreamErrorCase("foo[5mm]", "bad number or duration syntax: \"5mm\"", start: 4),
        UpstreamErrorCase("foo[5m1]", "bad number or duration syntax: \"5m1\"", start: 4),
        UpstreamErrorCase("foo[5m:1m1]", "bad number or duration syntax: \"1m1\"", start: 7),
        UpstreamErrorCase("foo[5y1hs]", "unknown unit \"hs\" in duration \"5y1hs\"", start: 4),
        UpstreamErrorCase("foo[5m1h]", "not a valid duration string: \"5m1h\"", start: 4),
        UpstreamErrorCase("foo[5m1m]", "not a valid duration string: \"5m1m\"", start: 4),
        UpstreamErrorCase("foo[0m]", "duration must be greater than 0", start: 4),
        UpstreamErrorCase("foo[\"5m\"]", "unexpected character in duration expression: '\"'", start: 4),
        UpstreamErrorCase(
            "foo[]", "unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()",
            start: 4),
        UpstreamErrorCase("foo[-1]", "duration must be greater than 0", start: 4),
        UpstreamErrorCase("some_metric[5m] OFFSET 1mm", "bad number or duration syntax: \"1mm\"", start: 23),
        UpstreamErrorCase(
            "some_metric[5m] OFFSET",
            "unexpected end of input in offset, expected number, duration, step(), or range()", start: 22),
        UpstreamErrorCase("some_metric OFFSET 1m[5m]", "no offset modifiers allowed before range", start: 21),
        UpstreamErrorCase("some_metric[5m] @", "unexpected end of input in @, expected timestamp", start: 17),
        UpstreamErrorCase("some_metric @ 1234 [5m]", "no @ modifiers allowed before range", start: 19),
        UpstreamErrorCase("some_metric @ start() [5m]", "no @ modifiers allowed before range", start: 22),
        UpstreamErrorCase("some_metric @ end()[5m]", "no @ modifiers allowed before range", start: 19),
        UpstreamErrorCase("some_metric offset step()[5m]", "no offset modifiers allowed before range", start: 25),
        UpstreamErrorCase("(foo + bar)[5m]", "ranges only allowed for vector selectors", start: 11),
        UpstreamErrorCase("sum by (\"foo)(some_metric{})", "unterminated quoted string", start: 8),
        UpstreamErrorCase(
            "sum without(==)(some_metric)", "unexpected <op:==> in grouping opts, expected label", start: 12),
        UpstreamErrorCase(
            "sum without(,)(some_metric)", "unexpected \",\" in grouping opts, expected label", start: 12),
        UpstreamErrorCase(
            "sum without(foo,,)(some_metric)", "unexpected \",\" in grouping opts, expected label", start: 16),
        UpstreamErrorCase("sum some_metric by (test)", "unexpected identifier \"some_metric\"", start: 4),
        UpstreamErrorCase(
            "sum (some_metric) by test", "unexpected identifier \"test\" in grouping opts, expected \"(\"", start: 21),
        UpstreamErrorCase("sum () by (test)", "no arguments for aggregate expression provided", start: 0),
        UpstreamErrorCase("MIN keep_common (some_metric)", "unexpected identifier \"keep_common\"", start: 4),
        UpstreamErrorCase("MIN (some_metric) keep_common", "unexpected identifier \"keep_common\"", start: 18),
        UpstreamErrorCase("sum (some_metric) without (test) by (test)", "unexpected <by>", start: 33),
        UpstreamErrorCase("sum without (test) (some_metric) by (test)", "unexpected <by>", start: 33),
        UpstreamErrorCase(
            "topk(some_metric)", "wrong number of arguments for aggregate expression provided, expected 2, got 1",
            start: 0),
        UpstreamErrorCase("topk(some_metric,)", "trailing commas not allowed in function call args", start: 16),
        UpstreamErrorCase(
            "topk(some_metric, other_metric)", "expected type scalar in aggregation parameter, got instant vector",
            start: 5),
        UpstreamErrorCase(
            "count_values(5, other_metric)", "expected type string in aggregation parameter, got scalar", start: 13),
        UpstreamErrorCase(
            "rate(some_metric[5m]) @ 1234",
            "@ modifier must be preceded by an instant vector selector or range vector selector or a subquery", start: 0
        ),
        UpstreamErrorCase("floor()", "expected 1 argument(s) in call to \"floor\", got 0", start: 0),
        UpstreamErrorCase(
            "floor(some_metric, other_metric)", "expected 1 argument(s) in call to \"floor\", got 2", start: 0),
        UpstreamErrorCase("floor(some_metric, 1)", "expected 1 argument(s) in call to \"floor\", got 2", start: 0),
        UpstreamErrorCase(
            "floor(1)", "expected type instant vector in call to function \"floor\", got scalar", start: 6),
        UpstreamErrorCase(
            "hour(some_metric, some_metric, some_metric)", "expected at most 1 argument(s) in call to \"hour\", got 3",
            start: 0),
        UpstreamErrorCase("time(some_metric)", "expected 0 argument(s) in call to \"time\", got 1", start: 0),
        UpstreamErrorCase(
            "non_existent_function_far_bar()", "unknown function with name \"non_existent_function_far_bar\"", start: 0),
        UpstreamErrorCase(
            "rate(some_metric)", "expected type range vector in call to function \"rate\", got instant vector", start: 5
        ),
        UpstreamErrorCase("*1", "unexpected <op:*>", start: 0),
        UpstreamErrorCase("-=", "unexpected \"=\"", start: 1),
        UpstreamErrorCase("++-++-+-+-<", "unexpected <op:<>", start: 10),
        UpstreamErrorCase("e-+=/(0)", "unexpected \"=\"", start: 3),
        UpstreamErrorCase("a>b()", "unknown function with name \"b\"", start: 2),
        UpstreamErrorCase(
            "rate(avg)", "expected type range vector in call to function \"rate\", got instant vector", start: 5),
        UpstreamErrorCase("`\\``", "unterminated raw string", start: 3),
        UpstreamErrorCase("\"\\", "escape sequence not terminated", start: 0),
        UpstreamErrorCase("\"\\c\"", "unknown escape sequence U+0063 'c'", start: 0),
        UpstreamErrorCase("\"\\x.\"", "illegal character U+002E '.' in escape sequence", start: 0),
        UpstreamErrorCase("foo{bar=\"baz\"}[", "unexpected end of input in duration expression", start: 15),
        UpstreamErrorCase(
            "test[5d] OFFSET 10s [10m:5s]", "subquery is only allowed on instant vector, got matrix instead", start: 0),
        UpstreamErrorCase(
            "(foo + bar{nm=\"val\"})[5m:][10m:5s]", "subquery is only allowed on instant vector, got matrix instead",
            start: 0),
        UpstreamErrorCase("rate(food[1m])[1h] offset 1h", "ranges only allowed for vector selectors", start: 14),
        UpstreamErrorCase("rate(food[1m])[1h] @ 100", "ranges only allowed for vector selectors", start: 14),
        UpstreamErrorCase(
            "info(rate(http_request_counter_total{}[5m]), target_info{foo=\"bar\"})",
            "expected label selectors only, got vector selector instead", start: 45),
        UpstreamErrorCase(
            "info(http_request_counter_total{namespace=\"zzz\"}, {foo=\"bar\"} == 1)", "expected label selectors only",
            start: 50),
        UpstreamErrorCase(
            "foo[step]",
            "unexpected \"]\" in subquery or range selector, expected number, duration, step(), or range()", start: 8),
        UpstreamErrorCase("foo[step()/0d]", "division by zero", start: 10),
        UpstreamErrorCase("foo[5s/0d]", "division by zero", start: 6),
        UpstreamErrorCase("foo offset (4d/0)", "division by zero", start: 14),
        UpstreamErrorCase("foo[5s%0d]", "modulo by zero", start: 6),
        UpstreamErrorCase("foo offset 9.5e10", "duration out of range", start: 11),
        UpstreamErrorCase("foo[9.5e10]", "duration out of range", start: 4),
        UpstreamErrorCase("sum(", "unclosed left parenthesis", start: 4),
        UpstreamErrorCase("sum(rate(", "unclosed left parenthesis", start: 9),
        UpstreamErrorCase("foo[5s x 5s]", "unexpected character: 'x', expected ':'", start: 7),
        UpstreamErrorCase("foo[5s s 5s]", "unexpected character: 's', expected ':'", start: 7),
        UpstreamErrorCase("1[5m] smoothed", "ranges only allowed for vector selectors", start: 1),
        UpstreamErrorCase("1[5m] anchored", "ranges only allowed for vector selectors", start: 1),
    ]

    /// Upstream parses these test inputs with every experimental feature on.
    static let upstreamOptions = ParserOptions.corpus

    @Test(arguments: upstream)
    func upstreamErrorMessage(_ testCase: UpstreamErrorCase) {
        do {
            let expr = try PromQLParser.parse(testCase.input, options: Self.upstreamOptions)
            Issue.record("expected an error, parsed \(expr)")
        } catch {
            #expect(error.message == testCase.message)
            if let start = testCase.start { #expect(error.position.start == start) }
        }
    }

    // MARK: - Our own cases

    /// Messages in the contexts yacc's error recovery adds, and other checks.
    static let ours: [(String, String, ParserOptions)] = [
        ("sum(1 +)", #"unexpected ")" in aggregation"#, .default),
        ("rate(sum(foo +))", #"unexpected ")" in aggregation"#, .default),
        ("sum by (a) foo", #"unexpected identifier "foo" in aggregation"#, .default),
        ("sum(x) by (a b)", #"unexpected identifier "b" in grouping opts, expected "," or ")""#, .default),
        ("sum(x) by (\"\")", #"invalid label name for grouping: """#, .default),
        ("sum without (without) (x)", #"unexpected <without> in grouping opts, expected label"#, .default),
        ("rate(1 +)", #"unexpected ")""#, .default),
        ("foo offset", "unexpected end of input in offset, expected number, duration, step(), or range()", .default),
        ("foo offset (5m +)", #"unexpected ")" in offset, expected number, duration, step(), or range()"#, .corpus),
        ("foo @ start", "unexpected end of input in @, expected timestamp", .default),
        ("foo @ bar", #"unexpected identifier "bar" in @, expected timestamp"#, .default),
        ("foo[5m 5m]", #"unexpected duration "5m" in subquery or range, expected ":" or "]""#, .default),
        ("foo[5m:1m 1m]", #"unexpected duration "1m" in subquery selector, expected "]""#, .default),
        ("foo[5m:0s]", "duration must be greater than 0", .default),
        ("foo[:5m]", "unexpected colon before duration in duration expression", .default),
        ("foo[5m::]", "unexpected colon ':'", .default),
        ("foo[::]", "unexpected colon before duration in duration expression", .default),
        ("foo[5m", "unclosed left bracket", .default),
        ("foo]", "unexpected right bracket ']'", .default),
        ("foo[5m][5m]", "ranges only allowed for vector selectors", .default),
        ("foo @ 1 @ 2", "@ <timestamp> may not be set multiple times", .default),
        ("foo[5m] @ 1 [1m:]", "subquery is only allowed on instant vector, got matrix instead", .default),
        ("1 + foo[5m]", "binary expression must contain only scalar and instant vector types", .default),
        ("foo + on(a) 1", "vector matching only allowed between instant vectors", .default),
        ("foo + fill(1) 1", "filling in missing series only allowed between instant vectors", .corpus),
        ("foo and fill(1) bar", "filling in missing series not allowed for set operators", .corpus),
        ("foo + fill(x) bar", #"unexpected identifier "x""#, .corpus),
        ("quantile(\"a\", x)", "expected type scalar in aggregation parameter, got string", .default),
        ("sum(x[5m])", "expected type instant vector in aggregation expression, got range vector", .default),
        ("label_join(x)", #"expected at least 3 argument(s) in call to "label_join", got 1"#, .default),
        (
            "histogram_quantiles(x, \"q\", 1,2,3,4,5,6,7,8,9,10,11)",
            #"expected at most 12 argument(s) in call to "histogram_quantiles", got 13"#, .corpus
        ),
        ("rate(x[5m], 1)", #"expected 1 argument(s) in call to "rate", got 2"#, .default),
        ("vector(\"a\")", #"expected type scalar in call to function "vector", got string"#, .default),
        ("holt_winters(x[5m], 0.5, 0.5)", #"unknown function with name "holt_winters""#, .corpus),
        ("RATE(x[5m])", #"unknown function with name "RATE""#, .default),
        ("-{}", "vector selector must contain at least one non-empty matcher", .default),
        ("1e400", #"error parsing number: strconv.ParseFloat: parsing "1e400": value out of range"#, .default),
        ("foo[1.5m]", #"unknown unit "." in duration "1.5m""#, .default),
        ("foo offset 1d1y", #"bad number or duration syntax: "1d1""#, .default),
        ("0x", #"error parsing number: strconv.ParseFloat: parsing "0x": invalid syntax"#, .default),
        ("1_", #"bad number or duration syntax: "1_""#, .default),
        ("'abc\n'", "unterminated quoted string", .default),
        ("\"\\ud800\"", "escape sequence is an invalid Unicode code point", .default),
        ("foo{a=\"b\"} {", #"unexpected "{""#, .default),
        ("{a!b}", "unexpected character after '!' inside braces: 'b'", .default),
        ("foo ` ", "unterminated raw string", .default),
        ("1 2", #"unexpected number "2""#, .default),
        ("foo(,)", #"unexpected ",""#, .default),
        ("1 \"aaaaaaaaaaaaaaaa\"", #"unexpected string "\"aaaaaaaaa"..."#, .default),
    ]

    /// The error parsing `input` throws, or nil when it parses.
    static func parseError(_ input: String, _ options: ParserOptions = .default) -> ParseError? {
        do {
            _ = try PromQLParser.parse(input, options: options)
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: ours)
    func ourErrorMessage(_ input: String, _ message: String, _ options: ParserOptions) {
        #expect(Self.parseError(input, options)?.message == message)
    }

    /// With Prometheus 3 defaults, experimental syntax is refused with upstream's messages.
    static let gated: [(String, String)] = [
        (
            "limitk(1, x)",
            "limitk() is experimental and must be enabled with --enable-feature=promql-experimental-functions"
        ),
        (
            "limit_ratio(0.5, x)",
            "limit_ratio() is experimental and must be enabled with --enable-feature=promql-experimental-functions"
        ),
        ("info(x)", #"function "info" is not enabled"#),
        ("mad_over_time(x[5m])", #"function "mad_over_time" is not enabled"#),
        ("step()", #"function "step" is not enabled"#),
        ("x anchored", "anchored modifier is experimental and not enabled"),
        ("x[5m] smoothed", "smoothed modifier is experimental and not enabled"),
        ("a + fill(1) b", "binop fill modifiers are experimental and not enabled"),
        ("x[5m + 1m]", "experimental duration expression is not enabled"),
        ("x[step()]", "experimental duration expression is not enabled"),
        ("x offset (5m)", "experimental duration expression is not enabled"),
        ("x[min_of(1m, 2m)]", "experimental duration expression is not enabled"),
    ]

    @Test(arguments: gated)
    func experimentalSyntaxNeedsItsFeature(_ input: String, _ message: String) throws {
        do {
            _ = try PromQLParser.parse(input)
            Issue.record("parsed without the feature: \(input)")
        } catch {
            #expect(error.message == message)
        }
        _ = try PromQLParser.parse(input, options: .corpus)
    }

    @Test func badRegexIsAParseError() {
        let error = Self.parseError(#"{a=~"("}"#)
        #expect(error?.message.hasPrefix("error parsing regexp: missing closing )") == true)
        #expect(error?.position == PositionRange(start: 1, end: 7))
    }

    @Test func stableWithDefaults() throws {
        for input in ["x[100]", "x offset -5m", "x offset -(5)", "sort_desc(x)", "x @ 10", "histogram_avg(x)"] {
            _ = try PromQLParser.parse(input)
        }
    }

    // MARK: - Error format

    @Test func descriptionHasLineAndColumn() {
        let multiline = Self.parseError("sum(x)\n  + on(a) group_left b +")
        #expect(multiline?.description == "2:25: parse error: unexpected end of input")
        #expect(multiline?.query == "sum(x)\n  + on(a) group_left b +")
        #expect(Self.parseError("")?.description == "unknown position: parse error: no expression found in input")
        #expect(Self.parseError("foo +")?.description == "1:6: parse error: unexpected end of input")
        #expect(
            Self.parseError("1 == 1")?.description
                == "1:3: parse error: comparisons between scalars must use BOOL modifier")
        #expect(Self.parseError("foo{a=~\"é(\"}")?.location == "1:5")
    }
}

/// Random and truncated inputs: the parser returns a tree or an error with a
/// valid position, and never crashes.
struct ParserFuzzTests {
    static let fragments: [String] = [
        "sum", "rate", "(", ")", "[", "]", "{", "}", ",", ":", "5m", "1", "0x1F", "1e3", "Inf", "NaN", "\"a\"",
        "'b'", "`c`", "foo", "bar:baz", "=", "!=", "=~", "!~", "+", "-", "*", "/", "%", "^", "==", ">", "<=",
        "</", ">/", "and", "or", "unless", "atan2", "by", "without", "on", "ignoring", "group_left", "group_right",
        "bool", "offset", "@", "start()", "end()", "step()", "range()", "min_of", "max_of", "anchored", "smoothed",
        "fill", "fill_left", "fill_right", "topk", "count_values", "limitk", " ", "\n", "#c\n", "_", ".", "\\",
        "\"", "é", "label_replace", "histogram_quantile", "info", "-5m", "__name__",
    ]

    static func checkOutcome(_ input: String) {
        do {
            let expr = try PromQLParser.parse(input, options: .corpus)
            let printed = expr.description
            let again = try PromQLParser.parse(printed, options: .corpus)
            #expect(again.description == printed, "\(input)")
        } catch {
            let length = input.utf8.count
            #expect(error.position.start >= 0 && error.position.start <= length, "\(input)")
            #expect(!error.description.contains("invalid position"), "\(input)")
            #expect(error.query == input)
        }
    }

    @Test func randomTokenSoup() {
        var generator = SeededGenerator(seed: 0x5EED_0001)
        for _ in 0..<4000 {
            let count = Int.random(in: 1...12, using: &generator)
            var input = ""
            for _ in 0..<count {
                input += Self.fragments.randomElement(using: &generator)!
                if Bool.random(using: &generator) { input += " " }
            }
            Self.checkOutcome(input)
        }
    }

    @Test func randomBytes() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<2000 {
            let bytes = generator.bytes(Int.random(in: 0...24, using: &generator))
            Self.checkOutcome(String(decoding: bytes, as: UTF8.self))
        }
    }

    @Test func truncatedCorpusExpressions() async throws {
        for row in try CorpusParseTests.rows() {
            // Seconds of parsing: let servers of concurrent tests run in between.
            await Task.yield()
            var prefix = ""
            for character in row.expr {
                prefix.append(character)
                Self.checkOutcome(prefix)
            }
        }
    }
}
