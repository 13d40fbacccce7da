import GoTemplate

/// An error from ``PromTemplateExpander/expand()``, worded as Prometheus words it:
/// `error parsing template NAME: template: NAME:1: …` or
/// `error executing template NAME: template: NAME:1:5: executing "NAME" at <…>: …`.
public struct PromTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Prometheus' message.
    public var message: String
    /// The template error it wraps.
    public var underlying: TemplateError

    public var description: String { message }
}

/// Expands one template in text mode with Prometheus' functions: Prometheus'
/// `template.Expander` (`NewTemplateExpander(...).Expand()`).
///
/// ```swift
/// let expander = PromTemplateExpander(
///     text: "{{ $labels.instance }} is at {{ $value | humanize }}",
///     name: "__alert_HighLoad",
///     data: AlertTemplate.data(labels: ["instance": "a:9100"], externalLabels: [:],
///                              externalURL: "http://prom:9090", value: 1234.5),
///     timestampMilliseconds: 1_700_000_000_000, query: nil, externalURL: "http://prom:9090")
/// ```
public struct PromTemplateExpander: Sendable {
    public var text: String
    public var name: String
    public var data: TemplateValue
    /// What missing map keys give. Prometheus passes no options, which means `missingkey=zero`.
    public var missingKey: Template.MissingKey
    /// The functions templates can call (Prometheus' function map plus any added).
    public private(set) var functions: [String: TemplateFunc]

    public init(
        text: String,
        name: String,
        data: TemplateValue,
        timestampMilliseconds: Int64,
        query: TemplateQueryFunction?,
        externalURL: String,
        missingKey: Template.MissingKey = .zero
    ) {
        self.text = text
        self.name = name
        self.data = data
        self.missingKey = missingKey
        self.functions = PromTemplateFunctions.functions(
            timestampMilliseconds: timestampMilliseconds, query: query, externalURL: externalURL)
    }

    /// Adds functions, replacing same-named ones (Prometheus' `Expander.Funcs`).
    public mutating func addFunctions(_ functions: [String: TemplateFunc]) {
        self.functions.merge(functions) { _, new in new }
    }

    /// Parses and executes the template (Prometheus' `Expand`).
    public func expand() throws(PromTemplateError) -> String {
        let template: Template
        do {
            template = try Template(name: name, text: text, functions: functions, missingKey: missingKey)
        } catch {
            throw PromTemplateError(message: "error parsing template \(name): \(error.message)", underlying: error)
        }
        do {
            return try template.execute(data: data)
        } catch {
            throw PromTemplateError(message: "error executing template \(name): \(error.message)", underlying: error)
        }
    }

    /// Only parses the template, as `promtool check rules` does (Prometheus' `ParseTest`).
    public func parseTest() throws(TemplateError) {
        _ = try Template(name: name, text: text, functions: functions, missingKey: .zero)
    }
}
