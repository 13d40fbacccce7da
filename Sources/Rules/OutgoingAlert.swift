import ArgusCore
import GoTemplate

/// An alert on its way to Alertmanager, as Prometheus' rule manager hands it to the notifier.
public struct OutgoingAlert: Hashable, Sendable {
    public var labels: Labels
    public var annotations: Labels
    /// When the alert started firing (milliseconds).
    public var startsAt: Int64?
    /// When it resolved, or until when it is valid if still firing (milliseconds).
    public var endsAt: Int64?
    /// A link to the rule's expression in the expression browser.
    public var generatorURL: String

    public init(labels: Labels, annotations: Labels, startsAt: Int64?, endsAt: Int64?, generatorURL: String) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
    }

    init(_ alert: ActiveAlert, expression: String, externalURL: String) {
        self.init(
            labels: alert.labels, annotations: alert.annotations, startsAt: alert.firedAt,
            endsAt: alert.resolvedAt ?? alert.validUntil,
            generatorURL: externalURL + TableLink.forExpression(expression))
    }
}

/// Links to the expression browser, as Prometheus builds them.
public enum TableLink {
    /// `/graph?g0.expr=EXPR&g0.tab=1`, with the expression query-escaped.
    public static func forExpression(_ expression: String) -> String {
        "/graph?g0.expr=\(GoEscaper.urlQuery(expression))&g0.tab=1"
    }
}
