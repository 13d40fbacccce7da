/// What the notification log keeps one entry for.
struct NotificationLogKey: Hashable, Sendable {
    var groupKey: String
    var receiver: NotificationReceiver
}
