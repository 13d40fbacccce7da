import GoTemplate
import Testing

/// Hostile templates end in errors, never in crashes.
@Suite struct SafetyTests {
    @Test func deepParenthesesAreRejected() {
        let depth = 100_000
        let text = "{{" + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + "}}"
        #expect(throws: TemplateError.self) { try Template(name: "t", text: text) }
    }

    @Test func deepNestingWithinLimitWorks() throws {
        let depth = 200
        let text = "{{" + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth) + "}}"
        #expect(try Template(name: "t", text: text).execute(data: .nil) == "1")
        let ifs = String(repeating: "{{if true}}", count: depth) + "x" + String(repeating: "{{end}}", count: depth)
        #expect(try Template(name: "t", text: ifs).execute(data: .nil) == "x")
    }

    @Test func deepControlNestingIsRejected() {
        let depth = 50_000
        let text = String(repeating: "{{if true}}", count: depth) + String(repeating: "{{end}}", count: depth)
        let error = #expect(throws: TemplateError.self) { try Template(name: "t", text: text) }
        #expect(error?.message == "template: t:1: max expression depth exceeded")
    }

    @Test func infiniteRecursionStops() throws {
        let template = try Template(name: "t", text: #"{{define "r"}}{{template "r" .}}{{end}}{{template "r" .}}"#)
        let error = #expect(throws: TemplateError.self) { try template.execute(data: .nil) }
        #expect(
            error?.message
                == #"template: t:1:25: executing "r" at <{{template "r" .}}>: exceeded maximum template depth (1000)"#)
    }

    @Test func recursionWithinLimitWorks() throws {
        let template = try Template(
            name: "t",
            text: #"{{define "r"}}{{if .}}x{{template "r" (slice . 1)}}{{end}}{{end}}{{template "r" .}}"#)
        let list = TemplateValue.list(Array(repeating: .int(1), count: 200))
        #expect(try template.execute(data: list) == String(repeating: "x", count: 200))
    }

    @Test func deepNestingInsideRecursionStops() throws {
        let nested =
            String(repeating: "{{if true}}", count: 400) + "{{template \"r\" .}}"
            + String(repeating: "{{end}}", count: 400)
        let template = try Template(name: "t", text: "{{define \"r\"}}" + nested + "{{end}}{{template \"r\" .}}")
        let error = #expect(throws: TemplateError.self) { try template.execute(data: .nil) }
        #expect(error?.message.contains("exceeded maximum template depth") == true)
    }

    @Test func randomBytesNeverCrash() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("{{}}()|$.,:=-\"'`\\ \n\tabcdefifrangewithendelsedefinetemplate0123456789_".utf8)
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let bytes = (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }
            let text = String(decoding: bytes, as: UTF8.self)
            if let template = try? Template(name: "t", text: text) {
                _ = try? template.execute(data: ["a": 1, "l": [1, 2]])
            }
        }
    }
}
