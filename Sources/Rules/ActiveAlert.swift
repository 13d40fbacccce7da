import ArgusCore

/// One alert of an alerting rule: a label set the expression returned, and its state.
/// Times are milliseconds since the epoch; nil stands for Go's zero time.
public struct ActiveAlert: Hashable, Sendable {
    public var labels: Labels
    public var annotations: Labels
    public var state: AlertState
    /// The expression's latest value for this alert.
    public var value: Double
    public var activeAt: Int64
    public var firedAt: Int64?
    public var resolvedAt: Int64?
    public var lastSentAt: Int64?
    public var validUntil: Int64?
    public var keepFiringSince: Int64?

    public init(labels: Labels, annotations: Labels, state: AlertState, value: Double, activeAt: Int64) {
        self.labels = labels
        self.annotations = annotations
        self.state = state
        self.value = value
        self.activeAt = activeAt
    }

    /// Whether the alert is due to be (re)sent to Alertmanager at `time`.
    func needsSending(at time: Int64, resendDelay: Int64) -> Bool {
        if state == .pending { return false }
        if let resolvedAt, resolvedAt > (lastSentAt ?? Int64.min) { return true }
        guard let lastSentAt else { return true }
        let (due, overflow) = lastSentAt.addingReportingOverflow(resendDelay)
        return !overflow && due < time
    }
}
