/// Why a notification failed, and whether sending it again may help.
///
/// Integrations decide as Alertmanager 0.25 does: network errors and 5xx
/// responses are retried, other non-2xx responses are not (unless the
/// integration lists the status, such as PagerDuty's 429), and errors in the
/// configuration or templates are not.
public struct NotifyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Whether the pipeline should try the notification again.
    public var retryable: Bool
    /// What went wrong, as Alertmanager logs it.
    public var message: String
    /// The HTTP status the receiver answered with, when there was one.
    public var statusCode: Int?

    public init(retryable: Bool, message: String, statusCode: Int? = nil) {
        self.retryable = retryable
        self.message = message
        self.statusCode = statusCode
    }

    public var description: String { message }

    /// The error for a non-2xx HTTP status, or nil for 2xx: 5xx and
    /// `retryCodes` are retryable. `details` (usually the response body)
    /// follows the status in the message when not empty.
    static func check(status: Int, details: String, retryCodes: Set<Int> = []) -> NotifyError? {
        if status / 100 == 2 { return nil }
        var message = "unexpected status code \(status)"
        if !details.isEmpty { message += ": " + details }
        return NotifyError(
            retryable: status / 100 == 5 || retryCodes.contains(status), message: message, statusCode: status)
    }

    /// This error with `prefix: ` before its message.
    func wrapped(_ prefix: String) -> NotifyError {
        NotifyError(retryable: retryable, message: prefix + ": " + message, statusCode: statusCode)
    }
}
