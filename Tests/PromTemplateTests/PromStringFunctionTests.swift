import GoTemplate
import PromTemplate
import Testing

/// The string functions, with `title` checked against `golang.org/x/text/cases` (outputs
/// recorded with x/text 0.7).
@Suite struct PromStringFunctionTests {
    static let titles: [(String, String)] = [
        ("aa bb CC", "Aa Bb CC"), ("hello-world", "Hello-World"), ("don't stop", "Don't Stop"),
        ("foo.bar baz_qux", "Foo.bar Baz_qux"), ("1st place", "1St Place"), ("x:y a'b", "X:y A'b"),
        ("élan vital", "Élan Vital"), ("ǆemal", "ǅemal"), ("ÿes", "Ÿes"), ("hello   world", "Hello   World"),
        ("ABC def", "ABC Def"), ("mcDonald o'neil", "McDonald O'neil"), ("a.b.c", "A.b.c"),
        ("über-cool", "Über-Cool"), ("e.g. this", "E.g. This"), ("3d printer", "3D Printer"),
        ("snake_case_name", "Snake_case_name"), ("tab\tsep", "Tab\tSep"), ("x1y z", "X1y Z"), ("ﬁne", "Fine"),
        ("ß", "Ss"), ("'quoted'", "'Quoted'"), ("a-b c--d", "A-B C--D"),
    ]

    /// `stripDomain` on addresses that exercise Go's `net.SplitHostPort` and `net.ParseIP`
    /// (outputs recorded with Go).
    static let domains: [(String, String)] = [
        ("01.2.3.4", "01"), ("1.2.3", "1"), ("256.1.1.1", "256"), ("1.2.3.4:80", "1.2.3.4:80"),
        ("::ffff:1.2.3.4", "::ffff:1.2.3.4"), ("[::1]:9090", "[::1]:9090"), ("[fe80::1%eth0]:80", "[fe80::1%eth0]:80"),
        ("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8"), ("1::2::3", "1::2::3"), ("a.b.c:", "a"), ("[a.b]:1", "a:1"),
        ("host:1:2", "host:1:2"), ("::", "::"), ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7::"),
        ("1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8:9"), ("[1.2.3.4]:5", "[1.2.3.4]:5"),
    ]

    func run(_ text: String, _ data: TemplateValue = .nil) throws -> String {
        let functions = PromTemplateFunctions.functions(timestampMilliseconds: 0, query: nil, externalURL: "")
        return try Template(name: "t", text: text, functions: functions).execute(data: data)
    }

    @Test(arguments: titles)
    func title(_ input: String, _ expected: String) throws {
        #expect(try run("{{ title . }}", .string(input)) == expected)
    }

    @Test(arguments: domains)
    func stripDomain(_ input: String, _ expected: String) throws {
        #expect(try run("{{ stripDomain . }}", .string(input)) == expected)
    }

    @Test func caseMapping() throws {
        // Outputs recorded with Go's strings.ToUpper and strings.ToLower.
        #expect(try run(#"{{ toUpper "straße ǆ ᾳ ŉ ﬁ ǰ" }}"#) == "STRAßE Ǆ ᾼ ŉ ﬁ ǰ")
        #expect(try run(#"{{ toLower "ÀB İ ǅ Σ ᾼ" }}"#) == "àb i ǆ σ ᾳ")
    }

    @Test func escapingAndLinks() throws {
        #expect(try run(#"{{ urlQueryEscape "a b&c=d/é" }}"#) == "a+b%26c%3Dd%2F%C3%A9")
        #expect(try run(#"{{ "<b>" | safeHtml }}"#) == "<b>")
        #expect(try run(#"{{ graphLink "rate(x[5m]) > 0" }}"#) == "/graph?g0.expr=rate%28x%5B5m%5D%29+%3E+0&g0.tab=0")
    }

    @Test func regexFunctions() throws {
        #expect(try run(#"{{ reReplaceAll "(\\w+)@(\\w+)" "$2 at $1" "bob@example" }}"#) == "example at bob")
        #expect(
            try run(#"{{ match "^a.c$" "abc" }} {{ match "b" "abc" }} {{ match "^b" "abc" }}"#) == "true true false")
        let error = #expect(throws: TemplateError.self) { try run(#"{{ match "(" "x" }}"#) }
        #expect(error?.message.hasSuffix("error calling match: error parsing regexp: missing closing ): `(`") == true)
    }

    @Test func sampleFunctionsOnNil() {
        let error = #expect(throws: TemplateError.self) { try run("{{ label \"a\" nil }}") }
        #expect(
            error?.message
                == #"template: t:1:3: executing "t" at <label "a" nil>: error calling label: runtime error: invalid memory address or nil pointer dereference"#
        )
        let first = #expect(throws: TemplateError.self) { try run("{{ first nil }}") }
        #expect(first?.message.hasSuffix("error calling first: first() called on vector with no elements") == true)
        let wrongType = #expect(throws: TemplateError.self) { try run(#"{{ first "x" }}"#) }
        #expect(
            wrongType?.message.hasSuffix(#"at <"x">: can't handle "x" for arg of type template.queryResult"#) == true)
    }

    @Test func conversionErrors() {
        let error = #expect(throws: TemplateError.self) { try run("{{ humanize true }}") }
        #expect(error?.message.hasSuffix("error calling humanize: can't convert bool to float") == true)
        let noQuery = #expect(throws: TemplateError.self) { try run(#"{{ query "up" }}"#) }
        #expect(noQuery?.message.hasSuffix("error calling query: no query function configured") == true)
    }
}
