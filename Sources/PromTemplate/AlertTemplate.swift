import GoTemplate

/// How Prometheus' rule manager expands an alerting rule's labels and annotations.
public enum AlertTemplate {
    /// Prepended to every label and annotation template, so templates can use `$labels`,
    /// `$externalLabels`, `$externalURL` and `$value`.
    public static let preamble =
        "{{$labels := .Labels}}{{$externalLabels := .ExternalLabels}}{{$externalURL := .ExternalURL}}{{$value := .Value}}"

    /// The data alert templates run on (Prometheus' `AlertTemplateData`): a struct with
    /// `Labels`, `ExternalLabels` (both `map[string]string`), `ExternalURL` and `Value` (the
    /// sample value, a `float64`).
    public static func data(
        labels: [String: String],
        externalLabels: [String: String],
        externalURL: String,
        value: Double
    ) -> TemplateValue {
        .object(
            AlertTemplateData(labels: labels, externalLabels: externalLabels, externalURL: externalURL, value: value))
    }

    /// Expands one label value or annotation of alerting rule `alertName` for one alert. As in
    /// Prometheus, a failure does not throw: the result is `<error expanding template: …>`.
    public static func expand(
        _ text: String,
        alertName: String,
        data: TemplateValue,
        timestampMilliseconds: Int64,
        query: TemplateQueryFunction?,
        externalURL: String
    ) -> String {
        let expander = PromTemplateExpander(
            text: preamble + text, name: "__alert_" + alertName, data: data,
            timestampMilliseconds: timestampMilliseconds, query: query, externalURL: externalURL)
        do {
            return try expander.expand()
        } catch {
            return "<error expanding template: \(error.message)>"
        }
    }
}

/// The anonymous struct of Prometheus' `AlertTemplateData`.
struct AlertTemplateData: TemplateObject {
    let labels: [String: String]
    let externalLabels: [String: String]
    let externalURL: String
    let value: Double

    var typeName: String {
        "struct { Labels map[string]string; ExternalLabels map[string]string; ExternalURL string; Value interface {} }"
    }

    func field(_ name: String) -> TemplateValue? {
        switch name {
        case "Labels": return .stringMap(labels)
        case "ExternalLabels": return .stringMap(externalLabels)
        case "ExternalURL": return .string(externalURL)
        case "Value": return .float(value)
        default: return nil
        }
    }

    var printedFields: [(name: String, value: TemplateValue)] {
        [
            ("Labels", .stringMap(labels)), ("ExternalLabels", .stringMap(externalLabels)),
            ("ExternalURL", .string(externalURL)), ("Value", .float(value)),
        ]
    }
}
