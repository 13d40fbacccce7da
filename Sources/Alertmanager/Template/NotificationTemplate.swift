import ArgusConfig
import ArgusCore
import Foundation
import GoTemplate

/// Alertmanager's notification templates: the default templates plus the
/// user's template files, run on a ``NotificationData`` as `text/template`
/// (``execute(_:data:)``) or, for e-mail bodies, with HTML escaping
/// (``executeHTML(_:data:)``).
///
/// ```swift
/// let template = try NotificationTemplate(files: ["/etc/alertmanager/*.tmpl"])
/// let subject = try template.execute(#"{{ template "email.default.subject" . }}"#, data: data)
/// ```
///
/// Missing map keys print as the empty string (`missingkey=zero`).
public struct NotificationTemplate: Sendable {
    private var text: Template
    private var html: Template

    /// The default templates only.
    public init() throws(NotificationTemplateError) {
        try self.init(files: [])
    }

    /// The default templates, then each file matching `files` (glob patterns;
    /// a pattern that matches nothing is skipped, as Alertmanager allows
    /// templates directories to be filled later). Each file is parsed as the
    /// template named by its base name, and its `define`s replace same-named
    /// ones loaded before.
    ///
    /// - Throws: ``NotificationTemplateError`` naming the file that cannot be
    ///   read or parsed.
    public init(files: [String]) throws(NotificationTemplateError) {
        text = Template(name: "", functions: Self.functions, missingKey: .zero)
        html = Template(name: "", functions: Self.functions.merging(Self.htmlEscapers) { a, _ in a }, missingKey: .zero)
        for (name, source) in DefaultTemplates.files {
            try add(source, name: name, path: name)
        }
        for pattern in files {
            for path in ConfigPaths.glob(pattern) where FileManager.default.fileExists(atPath: path) {
                let source: String
                do {
                    source = try String(contentsOfFile: path, encoding: .utf8)
                } catch {
                    throw NotificationTemplateError(
                        path: path, message: "cannot read template file: \(error.localizedDescription)")
                }
                try add(source, name: (path as NSString).lastPathComponent, path: path)
            }
        }
    }

    private mutating func add(_ source: String, name: String, path: String) throws(NotificationTemplateError) {
        do {
            try text.parse(source, as: name)
            try html.parse(HTMLContextEscaper.escape(source), as: name)
        } catch {
            throw NotificationTemplateError(path: path, message: error.message)
        }
    }

    /// Runs `text` as a `text/template` with the loaded templates available
    /// (Alertmanager's `ExecuteTextString`); empty text gives "".
    ///
    /// - Throws: ``TemplateError`` with Go's parse or execution message.
    public func execute(_ text: String, data: NotificationData) throws(TemplateError) -> String {
        try Self.run(text, in: self.text, data: data)
    }

    /// Runs `html` with HTML escaping of the values it prints
    /// (Alertmanager's `ExecuteHTMLString`); see ``HTMLContextEscaper`` for
    /// how closely it follows Go's `html/template`.
    public func executeHTML(_ html: String, data: NotificationData) throws(TemplateError) -> String {
        try Self.run(HTMLContextEscaper.escape(html), in: self.html, data: data)
    }

    private static func run(_ source: String, in base: Template, data: NotificationData) throws(TemplateError) -> String
    {
        if source.isEmpty { return "" }
        var template = base
        try template.parse(source, as: "")
        return try template.execute(templateNamed: "", data: .object(data))
    }

    /// Whether a template of that name is defined.
    public func hasTemplate(named name: String) -> Bool { text.hasTemplate(named: name) }
}
