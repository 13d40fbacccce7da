import ArgusCore

/// A set of named templates in Go's `text/template` language, parsed and ready to execute.
///
/// ```swift
/// var t = try Template(name: "alert", text: #"{{define "x"}}[{{.}}]{{end}}{{template "x" .severity}}"#)
/// try t.execute(data: ["severity": "page"])                        // "[page]"
/// try t.parse(#"{{define "y"}}{{len .}}{{end}}"#)                   // add more definitions
/// try t.execute(templateNamed: "y", data: .list([1, 2]))            // "2"
/// ```
///
/// Parsing and execution follow Go: the same output, the same error messages
/// (`template: alert:1:12: executing "alert" at <.Foo>: …`), the same builtins (`and or not len
/// index slice print printf println eq ne lt le gt ge html js urlquery call`). Functions are
/// added with ``TemplateFunc`` values. Execution is pure and safe on any input: template calls
/// nest at most ``maxExecutionDepth`` deep.
public struct Template: Sendable {
    /// What a missing map key evaluates to: Go's `Option("missingkey=…")`.
    public enum MissingKey: Sendable, Hashable {
        /// `missingkey=default`: no value, printed as `<no value>`.
        case `default`
        /// `missingkey=zero`: the zero value of the map's element type (`""` for a
        /// ``TemplateValue/stringMap(_:)``).
        case zero
        /// `missingkey=error`: execution stops with "map has no entry for key".
        case error
    }

    /// How deeply `{{template}}` calls may nest before execution fails with "exceeded maximum
    /// template depth". Go allows 100000; this keeps recursion within a thread's stack.
    public static let maxExecutionDepth = 1000

    /// The name of the main template, which ``execute(data:)`` runs.
    public let name: String
    /// What missing map keys evaluate to.
    public var missingKey: MissingKey
    /// The functions templates can call, besides the builtins (which they may replace).
    public private(set) var functions: [String: TemplateFunc]
    var trees: [String: TemplateTree] = [:]

    /// An empty template set; add templates with ``parse(_:)``.
    public init(name: String, functions: [String: TemplateFunc] = [:], missingKey: MissingKey = .default) {
        self.name = name
        self.functions = functions
        self.missingKey = missingKey
    }

    /// Parses `text` as the template `name`, with the given functions available.
    ///
    /// - Throws: ``TemplateError`` with Go's parse error, such as
    ///   `template: name:1: function "foo" not defined`.
    public init(
        name: String,
        text: String,
        functions: [String: TemplateFunc] = [:],
        missingKey: MissingKey = .default
    ) throws(TemplateError) {
        self.init(name: name, functions: functions, missingKey: missingKey)
        try parse(text)
    }

    /// Makes more functions available (Go's `Funcs`); later parses and executions see them.
    public mutating func addFunctions(_ functions: [String: TemplateFunc]) {
        self.functions.merge(functions) { _, new in new }
    }

    /// Parses `text` into this set (Go's `Parse`): its `define`s and `block`s are added or
    /// replace same-named templates, and a non-empty body replaces the main template's.
    public mutating func parse(_ text: String) throws(TemplateError) {
        try parse(text, as: name)
    }

    /// Parses `text` as the template called `templateName` (Go's `t.New(name).Parse(text)`);
    /// parse errors name it.
    public mutating func parse(_ text: String, as templateName: String) throws(TemplateError) {
        let functions = self.functions
        let parsed = try TemplateParser.parse(name: templateName, text: text) { name in
            functions[name] != nil || Builtin(rawValue: name) != nil
        }
        for (treeName, tree) in parsed {
            // Go keeps an existing definition when the new one is empty.
            if let existing = trees[treeName], tree.isEmpty, !existing.isEmpty { continue }
            trees[treeName] = tree
        }
    }

    /// The names of all templates in the set, sorted.
    public var templateNames: [String] {
        trees.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// Whether a template of that name has been parsed.
    public func hasTemplate(named templateName: String) -> Bool { trees[templateName] != nil }

    /// Go's `DefinedTemplates()`: `; defined templates are: "a", "b"`, or empty when there are
    /// none. (Names are sorted here; Go's order is random.)
    public var definedTemplates: String {
        let names = templateNames
        guard !names.isEmpty else { return "" }
        return "; defined templates are: " + names.map { GoString.quote($0) }.joined(separator: ", ")
    }

    /// Runs the main template on `data`.
    ///
    /// - Throws: ``TemplateError`` with Go's execution error, such as
    ///   `template: x:1:2: executing "x" at <index .list 5>: error calling index: index out of range: 5`.
    public func execute(data: TemplateValue) throws(TemplateError) -> String {
        try execute(templateNamed: name, data: data, whenMissing: .incomplete)
    }

    /// Runs the template called `templateName` on `data` (Go's `ExecuteTemplate`).
    public func execute(templateNamed templateName: String, data: TemplateValue) throws(TemplateError) -> String {
        try execute(templateNamed: templateName, data: data, whenMissing: .notAssociated)
    }

    private enum MissingTemplateMessage { case incomplete, notAssociated }

    private func execute(
        templateNamed templateName: String,
        data: TemplateValue,
        whenMissing: MissingTemplateMessage
    ) throws(TemplateError) -> String {
        guard let tree = trees[templateName] else {
            switch whenMissing {
            case .incomplete:
                let quoted = GoString.quote(templateName)
                throw TemplateError(
                    .execution, "template: \(templateName): \(quoted) is an incomplete or empty template")
            case .notAssociated:
                throw TemplateError(
                    .execution,
                    "template: no template \(GoString.quote(templateName)) associated with template \(GoString.quote(name))"
                )
            }
        }
        var executor = TemplateExecutor(template: self, name: templateName, tree: tree)
        return try executor.run(data: data)
    }
}
