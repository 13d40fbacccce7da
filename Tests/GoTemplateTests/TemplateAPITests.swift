import GoTemplate
import Testing

/// Alertmanager-like data: named map and slice types with methods, structs, and string slices.
private struct KV: TemplateObject {
    var pairs: [String: String]
    var typeName: String { "template.KV" }
    var underlying: TemplateValue? { .stringMap(pairs) }

    func method(_ name: String) -> TemplateFunc? {
        let pairs = self.pairs
        let keys = pairs.keys.sorted()
        switch name {
        case "Names": return TemplateFunc { _ in .object(StringSlice(values: keys)) }
        case "Values": return TemplateFunc { _ in .object(StringSlice(values: keys.map { pairs[$0] ?? "" })) }
        case "Remove":
            return TemplateFunc(parameters: [.named("[]string")]) { args in
                var copy = pairs
                if case .object(let object) = args[0], let names = object as? StringSlice {
                    for name in names.values { copy[name] = nil }
                }
                return .object(KV(pairs: copy))
            }
        default: return nil
        }
    }
}

private struct StringSlice: TemplateObject {
    var values: [String]
    var typeName: String { "[]string" }
    var underlying: TemplateValue? { .strings(values) }
}

private struct Alert: TemplateObject {
    var status: String
    var labels: [String: String]
    var typeName: String { "template.Alert" }

    func field(_ name: String) -> TemplateValue? {
        switch name {
        case "Status": return .string(status)
        case "Labels": return .object(KV(pairs: labels))
        default: return nil
        }
    }

    var printedFields: [(name: String, value: TemplateValue)] { [("Status", .string(status))] }
}

private struct Alerts: TemplateObject {
    var alerts: [Alert]
    var typeName: String { "template.Alerts" }
    var underlying: TemplateValue? { .list(alerts.map { .object($0) }) }

    func method(_ name: String) -> TemplateFunc? {
        let alerts = self.alerts
        switch name {
        case "Firing": return TemplateFunc { _ in .object(Alerts(alerts: alerts.filter { $0.status == "firing" })) }
        case "Resolved":
            return TemplateFunc { _ in .object(Alerts(alerts: alerts.filter { $0.status == "resolved" })) }
        default: return nil
        }
    }
}

private struct Greeter: TemplateObject {
    var typeName: String { "*main.Greeter" }
    var isPointer: Bool { true }
    var printedFields: [(name: String, value: TemplateValue)] { [("Name", "Ann"), ("Age", 3)] }

    func field(_ name: String) -> TemplateValue? { name == "Name" ? "Ann" : nil }

    func method(_ name: String) -> TemplateFunc? {
        switch name {
        case "Greet":
            return TemplateFunc(parameters: [.string, .int]) { args in
                .string("hello \(args[0].stringValue ?? "") x\(args[1])")
            }
        case "Fail": return TemplateFunc { _ in throw TemplateFunctionError("boom") }
        default: return nil
        }
    }
}

private struct NilPointer: TemplateObject {
    var typeName: String { "*main.T" }
    var isNilPointer: Bool { true }
}

@Suite struct TemplateAPITests {
    func run(_ text: String, _ data: TemplateValue = .nil, functions: [String: TemplateFunc] = [:]) throws -> String {
        try Template(name: "t", text: text, functions: functions).execute(data: data)
    }

    func failure(_ text: String, _ data: TemplateValue = .nil, functions: [String: TemplateFunc] = [:]) -> String? {
        do {
            _ = try run(text, data, functions: functions)
            return nil
        } catch let error as TemplateError {
            return error.message
        } catch {
            return "unexpected \(error)"
        }
    }

    // MARK: Template sets

    @Test func parseAddsDefinitions() throws {
        var template = try Template(name: "main", text: #"[{{template "item" .}}]"#)
        try template.parse(#"{{define "item"}}{{.}}!{{end}}"#)
        #expect(try template.execute(data: "x") == "[x!]")
        #expect(try template.execute(templateNamed: "item", data: 1) == "1!")
        #expect(template.templateNames == ["item", "main"])
        #expect(template.definedTemplates == #"; defined templates are: "item", "main""#)
        #expect(template.hasTemplate(named: "item"))
    }

    @Test func laterParseReplacesDefinitions() throws {
        var template = try Template(name: "t", text: #"{{define "a"}}1{{end}}{{template "a"}}"#)
        try template.parse(#"{{define "a"}}2{{end}}"#)
        #expect(try template.execute(data: .nil) == "2")
        try template.parse(#"{{define "a"}} {{end}}"#)
        #expect(try template.execute(data: .nil) == "2")
    }

    @Test func parseUnderAnotherName() throws {
        var template = Template(name: "root")
        let error = #expect(throws: TemplateError.self) { try template.parse("{{", as: "file.tmpl") }
        #expect(error?.message == "template: file.tmpl:1: unclosed action")
        #expect(error?.kind == .parse)
        try template.parse(#"{{define "root"}}ok{{end}}"#, as: "file.tmpl")
        #expect(try template.execute(data: .nil) == "ok")
    }

    @Test func missingTemplates() throws {
        let empty = Template(name: "x")
        let incomplete = #expect(throws: TemplateError.self) { try empty.execute(data: .nil) }
        #expect(incomplete?.message == #"template: x: "x" is an incomplete or empty template"#)
        #expect(incomplete?.kind == .execution)
        let template = try Template(name: "x", text: "a")
        let unknown = #expect(throws: TemplateError.self) { try template.execute(templateNamed: "y", data: .nil) }
        #expect(unknown?.message == #"template: no template "y" associated with template "x""#)
    }

    // MARK: Functions

    @Test func typedFunctions() throws {
        let functions: [String: TemplateFunc] = [
            "repeat": TemplateFunc(parameters: [.string, .int]) { args in
                guard case .string(let s) = args[0], case .int(let n) = args[1] else { return .nil }
                return .string(String(repeating: s, count: Int(n)))
            },
            "join": TemplateFunc(parameters: [.string], variadic: .any) { args in
                .string(args.dropFirst().map(\.description).joined(separator: args[0].stringValue ?? ""))
            },
            "fail": TemplateFunc(arity: 0) { _ in throw TemplateFunctionError("it broke") },
        ]
        #expect(
            try run(
                #"{{repeat "ab" 3}} {{join "," 1 "x" 2.5}} {{2 | repeat "y" | printf "%s."}}"#, functions: functions)
                == "ababab 1,x,2.5 yy.")
        #expect(
            failure(#"{{repeat "a"}}"#, functions: functions)
                == #"template: t:1:2: executing "t" at <repeat>: wrong number of args for repeat: want 2 got 1"#)
        #expect(
            failure(#"{{repeat 1 2}}"#, functions: functions)
                == #"template: t:1:9: executing "t" at <1>: expected string; found 1"#)
        #expect(
            failure(#"{{repeat .s 2}}"#, ["s": 5], functions: functions)
                == #"template: t:1:9: executing "t" at <.s>: wrong type for value; expected string; got int"#)
        #expect(
            failure(#"{{repeat "a" 1.5}}"#, functions: functions)
                == #"template: t:1:13: executing "t" at <1.5>: expected integer; found 1.5"#)
        #expect(
            failure("{{fail}}", functions: functions)
                == #"template: t:1:2: executing "t" at <fail>: error calling fail: it broke"#)
        #expect(failure("{{join}}", functions: functions)?.hasSuffix("want at least 1 got 0") == true)
    }

    @Test func functionsReplaceBuiltins() throws {
        let functions = ["len": TemplateFunc(arity: 1) { _ in 42 }]
        #expect(try run(#"{{len "abc"}}"#, functions: functions) == "42")
    }

    @Test func functionNamedBreakShadowsKeyword() throws {
        let functions = ["break": TemplateFunc(arity: 0) { _ in "b" }]
        #expect(try run("{{range .}}{{break}}{{end}}", [1, 2], functions: functions) == "bb")
    }

    @Test func callBuiltin() throws {
        let add = TemplateFunc(parameters: [.int, .int]) { args in
            guard case .int(let a) = args[0], case .int(let b) = args[1] else { return .nil }
            return .int(a + b)
        }
        let data: TemplateValue = ["add": .function(add)]
        #expect(try run("{{call .add 1 2}}", data) == "3")
        #expect(
            failure("{{call .add 1}}", data)
                == #"template: t:1:2: executing "t" at <call .add 1>: error calling call: wrong number of args: got 1 want 2"#
        )
        #expect(
            failure(#"{{call .add 1 "x"}}"#, data)
                == #"template: t:1:2: executing "t" at <call .add 1 "x">: error calling call: arg 1: value has type string; should be int"#
        )
        #expect(
            failure("{{.add}}", data)?.hasSuffix("can't print {{.add}} of type func(int, int) interface {}") == true)
    }

    // MARK: Objects

    @Test func methodsAndFields() throws {
        let data: TemplateValue = ["g": .object(Greeter())]
        #expect(try run(#"{{.g.Name}} {{.g.Greet "bob" 2}}"#, data) == "Ann hello bob x2")
        #expect(try run("{{.g}} {{print .g}} {{printf \"%+v\" .g}}", data) == "{Ann 3} &{Ann 3} &{Name:Ann Age:3}")
        #expect(
            failure("{{.g.Greet 1}}", data)
                == #"template: t:1:4: executing "t" at <.g.Greet>: wrong number of args for Greet: want 2 got 1"#)
        #expect(
            failure("{{.g.Name 1}}", data)
                == #"template: t:1:4: executing "t" at <.g.Name>: Name has arguments but cannot be invoked as function"#
        )
        #expect(
            failure("{{.g.Fail}}", data)
                == #"template: t:1:4: executing "t" at <.g.Fail>: error calling Fail: boom"#)
        #expect(
            failure("{{.g.Nope}}", data)
                == #"template: t:1:4: executing "t" at <.g.Nope>: can't evaluate field Nope in type interface {}"#)
        #expect(
            failure("{{$g := .g}}{{$g.Nope}}", data)
                == #"template: t:1:16: executing "t" at <$g.Nope>: can't evaluate field Nope in type *main.Greeter"#)
    }

    @Test func nilPointers() throws {
        let data: TemplateValue = ["p": .object(NilPointer())]
        #expect(try run("{{if .p}}yes{{else}}no{{end}} {{print .p}}", data) == "no <nil>")
        #expect(
            failure("{{$p := .p}}{{$p.X}}", data)
                == #"template: t:1:16: executing "t" at <$p.X>: nil pointer evaluating *main.T.X"#)
    }

    @Test func alertmanagerStyleData() throws {
        let alerts = Alerts(alerts: [
            Alert(status: "firing", labels: ["alertname": "Down", "instance": "a"]),
            Alert(status: "resolved", labels: ["alertname": "Down", "instance": "b"]),
            Alert(status: "firing", labels: ["alertname": "Down", "instance": "c"]),
        ])
        let data: TemplateValue = [
            "Alerts": .object(alerts),
            "CommonLabels": .object(KV(pairs: ["alertname": "Down", "severity": "page"])),
            "GroupLabels": .object(KV(pairs: ["alertname": "Down"])),
        ]
        let text = """
            {{ len .Alerts.Firing }} firing:{{ range .Alerts.Firing }} {{ .Labels.instance }}{{ end }}
            {{ .CommonLabels.severity }} {{ .CommonLabels.Names }} {{ (.CommonLabels.Remove .GroupLabels.Names).Names }}
            {{ range $k, $v := .CommonLabels }}{{ $k }}={{ $v }};{{ end }} {{ index .CommonLabels "alertname" }}
            {{ .Alerts }} {{ with index .Alerts 1 }}{{ .Status }}{{ end }}
            """
        let expected = """
            2 firing: a c
            page [alertname severity] [severity]
            alertname=Down;severity=page; Down
            [{firing} {resolved} {firing}] resolved
            """
        #expect(try run(text, data) == expected)
        #expect(
            failure("{{ .CommonLabels.Remove 1 }}", data)
                == #"template: t:1:24: executing "t" at <1>: can't handle 1 for arg of type []string"#)
    }

    // MARK: Newer Go

    @Test func elseWith() throws {
        let text = "{{with .a}}a={{.}}{{else with .b}}b={{.}}{{else}}none{{end}}"
        #expect(try run(text, ["a": 1]) == "a=1")
        #expect(try run(text, ["b": 2]) == "b=2")
        #expect(try run(text, [:]) == "none")
    }

    @Test func rangeOverInt() throws {
        #expect(try run("{{range 3}}{{.}}{{end}}") == "012")
        #expect(try run("{{range $i := 2}}[{{$i}}]{{end}}") == "[0][1]")
        #expect(try run("{{range 0}}x{{else}}empty{{end}}") == "empty")
        #expect(
            failure("{{range $i, $e := 3}}{{end}}")
                == #"template: t:1:18: executing "t" at <3>: can't use 3 to iterate over more than one variable"#)
    }

    // MARK: Options and values

    @Test func missingKeyOptions() throws {
        let data: TemplateValue = ["labels": .labels(["a": "1"]), "map": ["a": 1]]
        let zero = try Template(name: "t", text: "[{{.labels.b}}][{{.map.b}}]", missingKey: .zero)
        #expect(try zero.execute(data: data) == "[][<no value>]")
        let standard = try Template(name: "t", text: "[{{.labels.b}}][{{.map.b}}]")
        #expect(try standard.execute(data: data) == "[<no value>][<no value>]")
        let strict = try Template(name: "t", text: "{{.labels.b}}", missingKey: .error)
        let error = #expect(throws: TemplateError.self) { try strict.execute(data: data) }
        #expect(error?.message == #"template: t:1:9: executing "t" at <.labels.b>: map has no entry for key "b""#)
    }

    @Test func valueDescriptions() {
        let value: TemplateValue = ["b": [1, 2.5, "x", true], "a": .nil]
        #expect(value.description == "map[a:<nil> b:[1 2.5 x true]]")
        #expect(TemplateValue.float(1e6).description == "1e+06")
        #expect(TemplateValue.labels(["x": "y"]).typeName == "map[string]string")
        #expect(!TemplateValue.list([]).isTruthy && TemplateValue.string("0").isTruthy)
        #expect(GoFormatter.sprintf("%-6s|%06.2f|%x", ["ab", 3.14159, 255]) == "ab    |003.14|ff")
    }
}
