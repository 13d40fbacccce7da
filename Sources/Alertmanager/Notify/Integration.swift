/// One integration of a receiver: a notifier with its kind, its position
/// among the receiver's integrations of that kind, and whether it is told
/// about resolved alerts.
public struct Integration: Sendable {
    /// The kind: `webhook`, `slack`, `email`, `pagerduty`.
    public var name: String
    /// The position among the receiver's integrations of the same kind.
    public var index: Int
    /// What sends the notifications.
    public var notifier: any Notifier
    /// Whether notifications of resolved alerts are sent (`send_resolved`).
    public var sendResolved: Bool

    public init(name: String, index: Int, notifier: any Notifier, sendResolved: Bool) {
        self.name = name
        self.index = index
        self.notifier = notifier
        self.sendResolved = sendResolved
    }

    /// Sends `alerts` through the notifier.
    public func notify(_ alerts: [Alert], context: NotificationContext) async throws(NotifyError) {
        try await notifier.notify(alerts, context: context)
    }
}

extension Integration: CustomStringConvertible {
    /// `name[index]`, as Alertmanager names integrations in logs and metrics.
    public var description: String { "\(name)[\(index)]" }
}
