import GoTemplate

/// The last successful notification of one group to one integration: which
/// alerts (by the hash the pipeline uses) were firing and resolved then.
public struct NotificationEntry: Hashable, Sendable {
    public var firingAlerts: Set<UInt64>
    public var resolvedAlerts: Set<UInt64>
    /// When the notification was sent.
    public var timestamp: GoTime
    /// When the entry may be forgotten.
    public var expiresAt: GoTime

    public init(firingAlerts: Set<UInt64>, resolvedAlerts: Set<UInt64>, timestamp: GoTime, expiresAt: GoTime) {
        self.firingAlerts = firingAlerts
        self.resolvedAlerts = resolvedAlerts
        self.timestamp = timestamp
        self.expiresAt = expiresAt
    }
}
