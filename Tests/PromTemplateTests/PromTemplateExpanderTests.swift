import GoTemplate
import PromTemplate
import Testing

/// The expansion cases of Prometheus' `template/template_test.go`, re-expressed.
@Suite struct PromTemplateExpanderTests {
    static let externalURL = "http://testhost:9090/path/prefix"
    static let timestamp: Int64 = 1_353_755_652_000

    func expand(
        _ text: String,
        data: TemplateValue = .nil,
        samples: [TemplateSample] = [],
        missingKey: Template.MissingKey = .zero
    ) -> Result<String, PromTemplateError> {
        let expander = PromTemplateExpander(
            text: text, name: "test", data: data, timestampMilliseconds: Self.timestamp,
            query: { _ in samples }, externalURL: Self.externalURL, missingKey: missingKey)
        do {
            return .success(try expander.expand())
        } catch {
            return .failure(error)
        }
    }

    func output(_ text: String, data: TemplateValue = .nil, samples: [TemplateSample] = []) -> String {
        switch expand(text, data: data, samples: samples) {
        case .success(let output): return output
        case .failure(let error): return "ERROR: \(error.message)"
        }
    }

    func failure(_ text: String, data: TemplateValue = .nil, missingKey: Template.MissingKey = .zero) -> String? {
        if case .failure(let error) = expand(text, data: data, missingKey: missingKey) { return error.message }
        return nil
    }

    static func floats(_ values: [Double]) -> TemplateValue { .list(values.map { .float($0) }) }
    static func ints(_ values: [Int64]) -> TemplateValue { .list(values.map { .int($0) }) }

    let instanceA = TemplateSample(labels: ["__name__": "metric", "instance": "a"], value: 11)

    @Test func basics() {
        #expect(output("plain text") == "plain text")
        #expect(output("{{ 1 }}") == "1")
        #expect(output(#"{{ "<b>" }}"#) == "<b>")
        #expect(
            failure("{{\u{A0}}}")
                == "error parsing template test: template: test:1: unrecognized character in action: U+00A0")
        #expect(failure("{{") == "error parsing template test: template: test:1: unclosed action")
    }

    @Test func args() {
        #expect(output(#"{{define "x"}}{{.arg0}} {{.arg1}}{{end}}{{template "x" (args 1 "2")}}"#) == "1 2")
    }

    @Test func query() {
        #expect(
            output(#"{{ query "1.5" | first | value }}"#, samples: [TemplateSample(labels: [:], value: 1.5)]) == "1.5")
        #expect(output(#"{{ query "metric{instance='a'}" | first | value }}"#, samples: [instanceA]) == "11")
        #expect(output(#"{{ query "metric{instance='a'}" | first | label "instance" }}"#, samples: [instanceA]) == "a")
        let valueLabel = TemplateSample(labels: ["__name__": "metric", "__value__": "a"], value: 11)
        #expect(output(#"{{ query "metric{__value__='a'}" | first | strvalue }}"#, samples: [valueLabel]) == "a")
        #expect(output(#"{{ query "metric{instance='a'}" | first | label "foo" }}"#, samples: [instanceA]).isEmpty)
        #expect(output(#"{{ $x := query "metric" | first }}{{ $x.Labels.foo }}"#, samples: [instanceA]).isEmpty)
        let b = TemplateSample(labels: ["__name__": "metric", "instance": "b"], value: 21)
        #expect(
            output(
                #"{{ range query "metric" | sortByLabel "instance" }}{{.Labels.instance}}:{{.Value}}: {{end}}"#,
                samples: [b, instanceA]) == "a:11: b:21: ")
    }

    @Test func queryErrors() {
        #expect(
            failure(#"{{ query "missing" | first }}"#)
                == #"error executing template test: template: test:1:21: executing "test" at <first>: error calling first: first() called on vector with no elements"#
        )
        #expect(
            failure(#"{{ (query "missing").banana }}"#)
                == #"error executing template test: template: test:1:10: executing "test" at <"missing">: can't evaluate field banana in type template.queryResult"#
        )
    }

    @Test func stripPort() {
        #expect(output(#"{{ "foo.example.com" | stripPort }}"#) == "foo.example.com")
        #expect(output(#"{{ "foo.example.com:12345" | stripPort }}"#) == "foo.example.com")
        #expect(output(#"{{ "192.0.2.1" | stripPort }}"#) == "192.0.2.1")
        #expect(output(#"{{ "192.0.2.1:12345" | stripPort }}"#) == "192.0.2.1")
        #expect(output(#"{{ "2001:0DB8::1" | stripPort }}"#) == "2001:0DB8::1")
        #expect(output(#"{{ "[2001:0DB8::1]:12345" | stripPort }}"#) == "2001:0DB8::1")
        #expect(output(#"{{ "[2001:0DB8::1]::12345" | stripPort }}"#) == "[2001:0DB8::1]::12345")
    }

    @Test func stripDomain() {
        #expect(output(#"{{ "foo.example.com" | stripDomain }}"#) == "foo")
        #expect(output(#"{{ "foo.example.com:12345" | stripDomain }}"#) == "foo:12345")
        #expect(output(#"{{ "192.0.2.1" | stripDomain }}"#) == "192.0.2.1")
        #expect(output(#"{{ "192.0.2.1:12345" | stripDomain }}"#) == "192.0.2.1:12345")
        #expect(output(#"{{ "2001:0DB8::1" | stripDomain }}"#) == "2001:0DB8::1")
        #expect(output(#"{{ "[2001:0DB8::1]:12345" | stripDomain }}"#) == "[2001:0DB8::1]:12345")
        #expect(output(#"{{ "[2001:0DB8::1]::12345" | stripDomain }}"#) == "[2001:0DB8::1]::12345")
    }

    @Test func missingKeys() {
        #expect(output("{{ .Foo }}") == "<no value>")
        #expect(expand("{{ .Foo }}", missingKey: .default) == .success("<no value>"))
        #expect(
            failure("{{ .Foo }}", missingKey: .error)
                == #"error executing template test: template: test:1:3: executing "test" at <.Foo>: nil data; no entry for key "Foo""#
        )
    }

    @Test func reReplaceAll() {
        #expect(output(#"{{ reReplaceAll "(a)b" "x$1" "ab" }}"#) == "xa")
        #expect(
            failure(#"{{ reReplaceAll "(" "x" "ab" }}"#)
                == "error executing template test: template: test:1:3: executing \"test\" at <reReplaceAll \"(\" \"x\" \"ab\">: error calling reReplaceAll: regexp: Compile(`(`): error parsing regexp: missing closing ): `(`"
        )
    }

    @Test func humanize() {
        let text = "{{ range . }}{{ humanize . }}:{{ end }}"
        #expect(output(text, data: Self.floats([0, 1, 1_234_567, 0.12])) == "0:1:1.235M:120m:")
        #expect(output(text, data: .strings(["0.0", "1.0", "1234567.0", ".12"])) == "0:1:1.235M:120m:")
        #expect(output(text, data: Self.ints([0, -1, 1, 1_234_567, Int64.max])) == "0:-1:1:1.235M:9.223E:")
        #expect(
            failure(#"{{ humanize "one" }}"#)
                == #"error executing template test: template: test:1:3: executing "test" at <humanize "one">: error calling humanize: strconv.ParseFloat: parsing "one": invalid syntax"#
        )
    }

    @Test func humanize1024() {
        let text = "{{ range . }}{{ humanize1024 . }}:{{ end }}"
        #expect(output(text, data: Self.floats([0, 1, 1_048_576, 0.12])) == "0:1:1Mi:0.12:")
        #expect(output(text, data: .strings(["0.0", "1.0", "1048576.0", ".12"])) == "0:1:1Mi:0.12:")
        #expect(output(text, data: Self.ints([0, -1, 1, 1_234_567, Int64.max])) == "0:-1:1:1.177Mi:8Ei:")
        #expect(
            failure(#"{{ humanize1024 "one" }}"#)
                == #"error executing template test: template: test:1:3: executing "test" at <humanize1024 "one">: error calling humanize1024: strconv.ParseFloat: parsing "one": invalid syntax"#
        )
    }

    @Test func humanizeDuration() {
        let text = "{{ range . }}{{ humanizeDuration . }}:{{ end }}"
        let seconds: [Double] = [0, 1, 60, 3600, 86400, 86400 + 3600, -(86400 * 2 + 3600 * 3 + 60 * 4 + 5), 899.99]
        #expect(
            output(text, data: Self.floats(seconds))
                == "0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:1d 1h 0m 0s:-2d 3h 4m 5s:14m 59s:")
        #expect(
            output(text, data: .strings(["0", "1", "60", "3600", "86400"])) == "0s:1s:1m 0s:1h 0m 0s:1d 0h 0m 0s:")
        let fractions = [0.1, 0.0001, 0.12345, 60.1, 60.5, 1.2345, 12.345]
        #expect(
            output(text, data: Self.floats(fractions)) == "100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:")
        #expect(
            output(text, data: .strings([".1", ".0001", ".12345", "60.1", "60.5", "1.2345", "12.345"]))
                == "100ms:100us:123.5ms:1m 0s:1m 0s:1.234s:12.35s:")
        #expect(output(text, data: Self.ints([0, -1, 1, 1_234_567])) == "0s:-1s:1s:14d 6h 56m 7s:")
        #expect(
            failure(#"{{ humanizeDuration "one" }}"#)
                == #"error executing template test: template: test:1:3: executing "test" at <humanizeDuration "one">: error calling humanizeDuration: strconv.ParseFloat: parsing "one": invalid syntax"#
        )
    }

    @Test func humanizeInfinitiesAndNaN() {
        let text =
            "{{ range . }}{{ humanize . }}:{{ humanize1024 . }}:{{ humanizeDuration . }}:{{humanizeTimestamp .}}:{{ end }}"
        let expected = "+Inf:+Inf:+Inf:+Inf:-Inf:-Inf:-Inf:-Inf:NaN:NaN:NaN:NaN:"
        #expect(output(text, data: Self.floats([.infinity, -.infinity, .nan])) == expected)
        #expect(output(text, data: .strings(["+Inf", "-Inf", "NaN"])) == expected)
    }

    @Test func humanizePercentage() {
        #expect(
            output(
                "{{ -0.22222 | humanizePercentage }}:{{ 0.0 | humanizePercentage }}:{{ 0.1234567 | humanizePercentage }}:{{ 1.23456 | humanizePercentage }}"
            ) == "-22.22%:0%:12.35%:123.5%")
        #expect(
            output(
                "{{ range . }}{{ humanizePercentage . }}:{{ end }}", data: Self.ints([0, -1, 1, 1_234_567, Int64.max]))
                == "0%:-100%:100%:1.235e+08%:9.223e+20%:")
        #expect(
            output(
                #"{{ "-0.22222" | humanizePercentage }}:{{ "0.0" | humanizePercentage }}:{{ "0.1234567" | humanizePercentage }}:{{ "1.23456" | humanizePercentage }}"#
            ) == "-22.22%:0%:12.35%:123.5%")
        #expect(
            failure(#"{{ "one" | humanizePercentage }}"#)
                == #"error executing template test: template: test:1:11: executing "test" at <humanizePercentage>: error calling humanizePercentage: strconv.ParseFloat: parsing "one": invalid syntax"#
        )
    }

    @Test func humanizeTimestamp() {
        let text = "{{ range . }}{{ humanizeTimestamp . }}:{{ end }}"
        #expect(
            output(text, data: Self.ints([0, -1, 1, 1_234_567, 9_223_372_036]))
                == "1970-01-01 00:00:00 +0000 UTC:1969-12-31 23:59:59 +0000 UTC:1970-01-01 00:00:01 +0000 UTC:1970-01-15 06:56:07 +0000 UTC:2262-04-11 23:47:16 +0000 UTC:"
        )
        #expect(
            failure(text, data: Self.ints([Int64.min, Int64.max]))
                == #"error executing template test: template: test:1:16: executing "test" at <humanizeTimestamp .>: error calling humanizeTimestamp: -9.223372036854776e+18 cannot be represented as a nanoseconds timestamp since it overflows int64"#
        )
        #expect(output("{{ 1435065584.128 | humanizeTimestamp }}") == "2015-06-23 13:19:44.128 +0000 UTC")
        #expect(output(#"{{ "1435065584.128" | humanizeTimestamp }}"#) == "2015-06-23 13:19:44.128 +0000 UTC")
    }

    @Test func timeAndDuration() {
        #expect(output(#"{{ (1435065584.128 | toTime).Format "2006" }}"#) == "2015")
        #expect(output(#"{{ ("1435065584.128" | toTime).Format "2006" }}"#) == "2015")
        #expect(output("{{ (1800 | toDuration).String }}") == "30m0s")
        #expect(output(#"{{ ("1800" | toDuration).String }}"#) == "30m0s")
        #expect(output("{{ now }}") == "1.353755652e+09")
        #expect(output(#"{{ (now | toTime).Format "Mon Jan 2 15:04:05 2006" }}"#) == "Sat Nov 24 11:14:12 2012")
        #expect(
            output(#"{{ ("-30m" | parseDuration | toDuration | (now | toTime).Add).UnixMilli }}"#) == "1353753852000")
        #expect(output(#"{{ printf "%0.2f" (parseDuration "1h2m10ms") }}"#) == "3720.01")
        #expect(output(#"{{ printf "%0.2f" (parseDuration "-1h2m10ms") }}"#) == "-3720.01")
    }

    @Test func strings() {
        #expect(output(#"{{ "aa bb CC" | title }}"#) == "Aa Bb CC")
        #expect(output(#"{{ "aa bb CC" | toUpper }}"#) == "AA BB CC")
        #expect(output(#"{{ "aA bB CC" | toLower }}"#) == "aa bb cc")
        #expect(output(#"{{ match "a+" "aa" }} {{ match "a+" "b" }}"#) == "true false")
        #expect(output(#"{{ graphLink "up" }}"#) == "/graph?g0.expr=up&g0.tab=0")
        #expect(output(#"{{ tableLink "up" }}"#) == "/graph?g0.expr=up&g0.tab=1")
        #expect(output("{{ pathPrefix }}") == "/path/prefix")
        #expect(output("{{ externalURL }}") == "http://testhost:9090/path/prefix")
    }
}
