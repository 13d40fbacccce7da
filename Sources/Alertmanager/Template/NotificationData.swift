import ArgusCore
import GoTemplate

/// What notification templates see as `.` (Alertmanager's `template.Data`):
/// the receiver, the group's status, its alerts, and the labels and
/// annotations they share.
///
/// ```swift
/// let data = NotificationData(
///     alerts: alerts, receiver: "team-x", groupLabels: ["alertname": "Down"],
///     externalURL: "http://am:9093", now: .now())
/// try template.execute(#"{{ template "__subject" . }}"#, data: data)  // "[FIRING:2] Down …"
/// ```
public struct NotificationData: Sendable, Hashable {
    /// The receiver's name with regular-expression metacharacters escaped,
    /// as Alertmanager passes it (`regexp.QuoteMeta`).
    public var receiver: String
    /// `firing` when any alert is firing, else `resolved`.
    public var status: String
    /// The alerts, in the order given.
    public var alerts: [TemplateAlert]
    /// The labels the group was formed by.
    public var groupLabels: TemplateKV
    /// The labels all alerts have with the same value.
    public var commonLabels: TemplateKV
    /// The annotations all alerts have with the same value.
    public var commonAnnotations: TemplateKV
    /// Alertmanager's external URL.
    public var externalURL: String

    /// The data of one notification, built as Alertmanager's `Template.Data`
    /// builds it: each alert's status is judged at `now`, and common labels and
    /// annotations are those of the first alert that every other alert repeats.
    public init(alerts: [Alert], receiver: String, groupLabels: Labels, externalURL: String, now: GoTime) {
        self.receiver = RE2.quoteMeta(receiver)
        self.alerts = alerts.map { TemplateAlert($0, now: now) }
        let anyFiring = self.alerts.contains { $0.status == TemplateAlert.firing }
        status = anyFiring ? TemplateAlert.firing : TemplateAlert.resolved
        self.groupLabels = TemplateKV(groupLabels)
        self.externalURL = externalURL
        var labels = alerts.first.map { TemplateKV($0.labels).entries } ?? [:]
        var annotations = alerts.first.map { TemplateKV($0.annotations).entries } ?? [:]
        for alert in alerts.dropFirst() {
            if labels.isEmpty && annotations.isEmpty { break }
            labels = labels.filter { alert.labels[$0.key] == $0.value }
            annotations = annotations.filter { alert.annotations[$0.key] == $0.value }
        }
        commonLabels = TemplateKV(labels)
        commonAnnotations = TemplateKV(annotations)
    }

    /// Data with every field given, for tests and callers that build it themselves.
    public init(
        receiver: String, status: String, alerts: [TemplateAlert], groupLabels: TemplateKV, commonLabels: TemplateKV,
        commonAnnotations: TemplateKV, externalURL: String
    ) {
        self.receiver = receiver
        self.status = status
        self.alerts = alerts
        self.groupLabels = groupLabels
        self.commonLabels = commonLabels
        self.commonAnnotations = commonAnnotations
        self.externalURL = externalURL
    }

    /// The alerts that are firing.
    public var firing: [TemplateAlert] { alerts.filter { $0.status == TemplateAlert.firing } }
    /// The alerts that are resolved.
    public var resolved: [TemplateAlert] { alerts.filter { $0.status == TemplateAlert.resolved } }
}

extension NotificationData: TemplateObject {
    public var typeName: String { "*template.Data" }
    public var isPointer: Bool { true }

    public func field(_ name: String) -> TemplateValue? {
        switch name {
        case "Receiver": return .string(receiver)
        case "Status": return .string(status)
        case "Alerts": return .object(TemplateAlerts(alerts))
        case "GroupLabels": return .object(groupLabels)
        case "CommonLabels": return .object(commonLabels)
        case "CommonAnnotations": return .object(commonAnnotations)
        case "ExternalURL": return .string(externalURL)
        default: return nil
        }
    }

    public var printedFields: [(name: String, value: TemplateValue)] {
        ["Receiver", "Status", "Alerts", "GroupLabels", "CommonLabels", "CommonAnnotations", "ExternalURL"].map {
            ($0, field($0) ?? .nil)
        }
    }
}
