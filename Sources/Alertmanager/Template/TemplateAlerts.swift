import GoTemplate

/// A notification's alerts as templates see them (Alertmanager's
/// `template.Alerts`): a list with `Firing` and `Resolved`.
public struct TemplateAlerts: Sendable, Hashable {
    public var alerts: [TemplateAlert]

    public init(_ alerts: [TemplateAlert]) { self.alerts = alerts }
}

extension TemplateAlerts: TemplateObject {
    public var typeName: String { "template.Alerts" }
    public var underlying: TemplateValue? { Self.list(alerts) }

    public func method(_ name: String) -> TemplateFunc? {
        switch name {
        // Upstream returns plain `[]Alert` here, without the methods.
        case "Firing": return TemplateFunc { _ in Self.list(alerts.filter { $0.status == TemplateAlert.firing }) }
        case "Resolved": return TemplateFunc { _ in Self.list(alerts.filter { $0.status == TemplateAlert.resolved }) }
        default: return nil
        }
    }

    private static func list(_ alerts: [TemplateAlert]) -> TemplateValue { .list(alerts.map { .object($0) }) }
}
