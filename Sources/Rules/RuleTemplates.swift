import ArgusCore
import GoTemplate
import Logging
import PromQL
import PromTemplate

/// Expansion of one alerting rule's templates at one evaluation, with Prometheus' functions:
/// the external labels and the `query` function are prepared once for all alerts.
struct RuleTemplates {
    let alert: String
    let externalLabels: [String: String]
    let externalURL: String
    let time: Int64
    let query: TemplateQueryFunction
    let logger: Logger

    init(alert: String, context: RuleEvaluationContext, time: Int64, logger: Logger) {
        self.alert = alert
        self.externalLabels = Self.dictionary(context.externalLabels)
        self.externalURL = context.externalURL
        self.time = time
        self.logger = logger
        let ruleQuery = context.query
        self.query = { text in
            let expr = try PromQLParser.parse(text)
            return try ruleQuery(expr, time).map { TemplateSample(labels: Self.dictionary($0.labels), value: $0.value) }
        }
    }

    /// What the templates of the alert for one sample see: `$labels`, `$externalLabels`,
    /// `$externalURL` and `$value`.
    func data(labels: Labels, value: Double) -> TemplateValue {
        PromTemplate.AlertTemplate.data(
            labels: Self.dictionary(labels), externalLabels: externalLabels, externalURL: externalURL, value: value)
    }

    /// Expands `text`. A failing template gives `<error expanding template: …>`, as in
    /// Prometheus, and a warning in the log.
    func expand(_ text: String, data: TemplateValue) -> String {
        let result = PromTemplate.AlertTemplate.expand(
            text, alertName: alert, data: data, timestampMilliseconds: time, query: query, externalURL: externalURL)
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
