import ArgusCore
import ArgusHTTP
import Hummingbird
import PromQL
import Rules

extension MetricsAPI {
    /// `GET /api/v1/rules`: the rule groups with their rules' health and alerts, filtered by
    /// `type`, `rule_name[]`, `rule_group[]`, `file[]`, `match[]` and `exclude_alerts`.
    func rules(_ form: FormParameters) throws(APIError) -> Response {
        let type = form.value("type").lowercased()
        if !["", "alert", "record"].contains(type) {
            throw APIError.invalidParameter("type", "not supported value \(GoString.quote(type))")
        }
        let text = form.value("exclude_alerts")
        guard let excludeAlerts = text.isEmpty ? false : APIParameters.goBool(text) else {
            throw APIError.invalidParameter(
                "exclude_alerts", "strconv.ParseBool: parsing \(GoString.quote(text)): invalid syntax")
        }
        let names = Set(form.values("rule_name[]"))
        let groupNames = Set(form.values("rule_group[]"))
        let files = Set(form.values("file[]"))
        let selectors = form.values("match[]")
        let matcherSets = selectors.isEmpty ? [] : try APIParameters.matcherSets(selectors)
        let groups = ruleManager?.groups ?? []
        return APIResponse.success { json in
            json.raw("{\"groups\":[")
            var firstGroup = true
            for group in groups {
                if !groupNames.isEmpty && !groupNames.contains(group.name) { continue }
                if !files.isEmpty && !files.contains(group.file) { continue }
                let rules = group.rules.filter { rule in
                    if !names.isEmpty && !names.contains(rule.name) { return false }
                    if !matcherSets.isEmpty && !matcherSets.contains(where: { rule.labels.matches($0) }) {
                        return false
                    }
                    return rule is AlertingRule ? type != "record" : type != "alert"
                }
                if rules.isEmpty { continue }
                if !firstGroup { json.byte(UInt8(ascii: ",")) }
                firstGroup = false
                json.raw("{\"name\":")
                json.string(group.name)
                json.raw(",\"file\":")
                json.string(group.file)
                json.raw(",\"rules\":[")
                for (index, rule) in rules.enumerated() {
                    if index > 0 { json.byte(UInt8(ascii: ",")) }
                    Self.writeRule(rule, excludeAlerts: excludeAlerts, to: &json)
                }
                json.raw("],\"interval\":")
                json.number(Double(group.interval) / 1000)
                json.raw(",\"limit\":")
                json.int(Int64(group.limit))
                json.raw(",\"evaluationTime\":")
                json.number(group.evaluationSeconds)
                json.raw(",\"lastEvaluation\":")
                json.string(Self.goTime(group.lastEvaluation))
                json.byte(UInt8(ascii: "}"))
            }
            json.raw("]}")
        }
    }

    /// `GET /api/v1/alerts`: every pending and firing alert.
    func alerts() -> Response {
        let alerts = (ruleManager?.groups ?? []).flatMap { $0.alertingRules.flatMap(\.activeAlerts) }
        return APIResponse.success { json in
            json.raw("{\"alerts\":")
            Self.writeAlerts(alerts, to: &json)
            json.byte(UInt8(ascii: "}"))
        }
    }

    private static func writeRule(_ rule: any Rule, excludeAlerts: Bool, to json: inout JSONWriter) {
        let status = rule.status
        if let alerting = rule as? AlertingRule {
            json.raw("{\"state\":")
            json.string(alerting.ruleState.rawValue)
            json.raw(",\"name\":")
            json.string(rule.name)
            json.raw(",\"query\":")
            json.string(rule.expression.description)
            json.raw(",\"duration\":")
            json.number(Double(alerting.holdDuration) / 1000)
            json.raw(",\"keepFiringFor\":")
            json.number(Double(alerting.keepFiringFor) / 1000)
            json.raw(",\"labels\":")
            json.labels(rule.labels)
            json.raw(",\"annotations\":")
            json.labels(alerting.annotations)
            json.raw(",\"alerts\":")
            if excludeAlerts {
                json.raw("null")
            } else {
                writeAlerts(alerting.activeAlerts, to: &json)
            }
        } else {
            json.raw("{\"name\":")
            json.string(rule.name)
            json.raw(",\"query\":")
            json.string(rule.expression.description)
            json.raw(",\"labels\":")
            json.labels(rule.labels)
        }
        json.raw(",\"health\":")
        json.string(status.health.rawValue)
        if let lastError = status.lastError, !lastError.isEmpty {
            json.raw(",\"lastError\":")
            json.string(lastError)
        }
        json.raw(",\"evaluationTime\":")
        json.number(status.evaluationSeconds)
        json.raw(",\"lastEvaluation\":")
        json.string(goTime(status.lastEvaluation))
        json.raw(",\"type\":")
        json.string(rule is AlertingRule ? "alerting" : "recording")
        json.byte(UInt8(ascii: "}"))
    }

    private static func writeAlerts(_ alerts: [ActiveAlert], to json: inout JSONWriter) {
        json.byte(UInt8(ascii: "["))
        for (index, alert) in alerts.enumerated() {
            if index > 0 { json.byte(UInt8(ascii: ",")) }
            json.raw("{\"labels\":")
            json.labels(alert.labels)
            json.raw(",\"annotations\":")
            json.labels(alert.annotations)
            json.raw(",\"state\":")
            json.string(alert.state.rawValue)
            json.raw(",\"activeAt\":")
            json.string(goTime(alert.activeAt))
            if let since = alert.keepFiringSince {
                json.raw(",\"keepFiringSince\":")
                json.string(goTime(since))
            }
            json.raw(",\"value\":")
            json.string(GoFloat.formatE(alert.value))
            json.byte(UInt8(ascii: "}"))
        }
        json.byte(UInt8(ascii: "]"))
    }

    /// A time as Go's JSON encoding writes it (RFC 3339, fraction without trailing zeros);
    /// nil is Go's zero time.
    static func goTime(_ milliseconds: Int64?) -> String {
        guard let milliseconds else { return "0001-01-01T00:00:00Z" }
        var text = Timestamp.formatRFC3339(milliseconds)
        if text.contains(".") {
            text.removeLast()
            while text.hasSuffix("0") { text.removeLast() }
            text += "Z"
        }
        return text
    }
}
