import ArgusCore
import GoTemplate
import Logging
import PromQL
import PromTemplate

/// What an alert's label and annotation templates see: `$labels`, `$externalLabels`,
/// `$externalURL` and `$value`.
struct AlertTemplateData: Sendable {
    var labels: Labels
    var externalLabels: Labels
    var externalURL: String
    var value: Double
}

/// Expansion of alerting-rule templates with Prometheus' functions.
enum RuleTemplates {
    /// Expands `text` for one alert of rule `alert` evaluated at `time`. A failing template
    /// gives `<error expanding template: …>`, as in Prometheus, and a warning in the log.
    static func expand(
        _ text: String, alert: String, data: AlertTemplateData, time: Int64, query: @escaping RuleQueryFunction,
        logger: Logger
    ) -> String {
        // Most labels and annotations are plain text: skip the template machinery.
        guard text.contains("{{") else { return text }
        let value = PromTemplate.AlertTemplate.data(
            labels: dictionary(data.labels), externalLabels: dictionary(data.externalLabels),
            externalURL: data.externalURL, value: data.value)
        let templateQuery: TemplateQueryFunction = { text in
            let expr = try PromQLParser.parse(text)
            return try query(expr, time).map { TemplateSample(labels: dictionary($0.labels), value: $0.value) }
        }
        let result = PromTemplate.AlertTemplate.expand(
            text, alertName: alert, data: value, timestampMilliseconds: time, query: templateQuery,
            externalURL: data.externalURL)
        if result.hasPrefix("<error expanding template: ") {
            logger.warning("Expanding alert template failed", metadata: ["alertname": "\(alert)", "err": "\(result)"])
        }
        return result
    }

    /// The parse error of `text` as an alert template of rule `alert`, if it has one.
    static func parseError(_ text: String, alert: String) -> String? {
        let expander = PromTemplateExpander(
            text: PromTemplate.AlertTemplate.preamble + text, name: "__alert_" + alert,
            data: PromTemplate.AlertTemplate.data(labels: [:], externalLabels: [:], externalURL: "", value: 0),
            timestampMilliseconds: 0, query: nil, externalURL: "")
        do {
            try expander.parseTest()
            return nil
        } catch {
            return error.message
        }
    }

    static func dictionary(_ labels: Labels) -> [String: String] {
        Dictionary(labels.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
    }
}
