/// Something that delivers a group's alerts to one integration of a
/// receiver (a webhook, a Slack channel, a mailbox, …).
public protocol Notifier: Sendable {
    /// Sends one notification for `alerts`.
    ///
    /// - Throws: ``NotifyError``, whose ``NotifyError/retryable`` says whether
    ///   the same notification may succeed if sent again.
    func notify(_ alerts: [Alert], context: NotificationContext) async throws(NotifyError)
}
