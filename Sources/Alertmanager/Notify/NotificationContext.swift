import ArgusCore
import GoTemplate

/// What the notification pipeline knows about the notification being sent,
/// besides its alerts (the values Alertmanager passes in its context).
public struct NotificationContext: Sendable, Hashable {
    /// The aggregation group's key: `{route matchers}:{group labels}`.
    public var groupKey: String
    /// The labels the group was formed by.
    public var groupLabels: Labels
    /// The receiver's name, as configured.
    public var receiverName: String
    /// Alertmanager's external URL, for links in notifications.
    public var externalURL: String
    /// The time the notification is sent at; alerts ended by then are resolved.
    public var now: GoTime
    /// The route's `repeat_interval`.
    public var repeatInterval: GoDuration

    public init(
        groupKey: String, groupLabels: Labels, receiverName: String, externalURL: String, now: GoTime,
        repeatInterval: GoDuration
    ) {
        self.groupKey = groupKey
        self.groupLabels = groupLabels
        self.receiverName = receiverName
        self.externalURL = externalURL
        self.now = now
        self.repeatInterval = repeatInterval
    }

    /// The template data for `alerts` in this context.
    public func templateData(_ alerts: [Alert]) -> NotificationData {
        NotificationData(
            alerts: alerts, receiver: receiverName, groupLabels: groupLabels, externalURL: externalURL, now: now)
    }

    /// The group key's SHA-256 as hex: the key integrations deduplicate by.
    public var groupKeyHash: String { SHA256.hexDigest(of: Array(groupKey.utf8)) }
}
