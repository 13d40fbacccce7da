/// One integration of a receiver, as the notification log tells them apart:
/// the receiver's name, the integration's name (`webhook`, `email`, …) and
/// its position among the receiver's integrations of that kind.
public struct NotificationReceiver: Hashable, Sendable, CustomStringConvertible {
    /// The configured receiver name.
    public var groupName: String
    /// The integration's name, such as `webhook`.
    public var integration: String
    /// The index among the receiver's integrations of this kind.
    public var index: UInt32

    public init(groupName: String, integration: String, index: UInt32) {
        self.groupName = groupName
        self.integration = integration
        self.index = index
    }

    /// `team-x/webhook/0`, as Alertmanager prints a receiver key.
    public var description: String { "\(groupName)/\(integration)/\(index)" }
}
