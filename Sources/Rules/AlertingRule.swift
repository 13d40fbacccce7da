import ArgusCore
import GoTemplate
import Logging
import PromQL
import Synchronization

/// A rule that turns every sample of its expression into an alert, pending for
/// `holdDuration`, then firing until the sample disappears (and `keepFiringFor` passes).
public final class AlertingRule: Rule {
    public let name: String
    public let labels: Labels
    public let annotations: Labels
    public let expression: Expr
    /// The `for` duration in milliseconds.
    public let holdDuration: Int64
    /// The `keep_firing_for` duration in milliseconds.
    public let keepFiringFor: Int64
    let logger: Logger

    private struct State {
        var active: [UInt64: ActiveAlert] = [:]
        var restored: Bool
    }

    private let statusBox = RuleStatusBox()
    private let state: Mutex<State>

    /// How long a resolved alert is still sent to Alertmanager.
    static let resolvedRetention: Int64 = 15 * 60 * 1000

    public init(
        name: String, expression: Expr, holdDuration: Int64 = 0, keepFiringFor: Int64 = 0,
        labels: Labels = Labels(), annotations: Labels = Labels(), restored: Bool = true,
        logger: Logger = Logger(label: "argus.rules")
    ) {
        self.name = name
        self.expression = expression
        self.holdDuration = holdDuration
        self.keepFiringFor = keepFiringFor
        self.labels = labels
        self.annotations = annotations
        self.logger = logger
        self.state = Mutex(State(restored: restored))
    }

    public var status: RuleStatus { statusBox.status }

    public func setStatus(_ status: RuleStatus) { statusBox.set(status) }

    /// The alerts that are pending or firing (and recently resolved ones), ordered by labels.
    public var activeAlerts: [ActiveAlert] {
        state.withLock { $0.active.values.filter { $0.state != .inactive } }.sorted { $0.labels < $1.labels }
    }

    /// Every alert the rule tracks, including resolved ones kept for resending.
    var trackedAlerts: [ActiveAlert] {
        state.withLock { Array($0.active.values) }.sorted { $0.labels < $1.labels }
    }

    /// The most severe state among the rule's alerts.
    public var ruleState: AlertState {
        state.withLock { $0.active.values.map(\.state).max() ?? .inactive }
    }

    /// Whether `for` state restoration has run (or was not needed).
    public var isRestored: Bool {
        get { state.withLock { $0.restored } }
        set { state.withLock { $0.restored = newValue } }
    }

    public func evaluate(at time: Int64, queryOffset: Int64, context: RuleEvaluationContext, limit: Int) throws
        -> [VectorElement]
    {
        let queryTime = time - queryOffset
        let result = try context.query(expression, queryTime)
        var fresh: [UInt64: ActiveAlert] = [:]
        let templates = RuleTemplates(alert: name, context: context, time: time, logger: logger)
        for sample in result {
            var data: TemplateValue?
            let expand = { (text: String) -> String in
                // Most labels and annotations are plain text: no template data is built for them.
                guard text.contains("{{") else { return text }
                let sampleData = data ?? templates.data(labels: sample.labels, value: sample.value)
                data = sampleData
                return templates.expand(text, data: sampleData)
            }
            var builder = Labels.Builder(sample.labels)
            builder.delete(Labels.metricName)
            for label in labels { builder.set(label.name, expand(label.value)) }
            builder.set("alertname", name)
            let alertLabels = builder.labels
            let expanded = Labels(annotations.map { Label($0.name, expand($0.value)) })
            let fingerprint = alertLabels.fingerprint
            if fresh[fingerprint] != nil {
                throw RuleEvaluationError("vector contains metrics with the same labelset after applying alert labels")
            }
            fresh[fingerprint] = ActiveAlert(
                labels: alertLabels, annotations: expanded, state: .pending, value: sample.value, activeAt: time)
        }

        return try state.withLock { (state: inout State) throws -> [VectorElement] in
            for (fingerprint, alert) in fresh {
                if var existing = state.active[fingerprint], existing.state != .inactive {
                    existing.value = alert.value
                    existing.annotations = alert.annotations
                    state.active[fingerprint] = existing
                } else {
                    state.active[fingerprint] = alert
                }
            }
            var output: [VectorElement] = []
            var activeCount = 0
            for fingerprint in state.active.keys.sorted() {
                guard var alert = state.active[fingerprint] else { continue }
                if fresh[fingerprint] == nil {
                    var keepFiring = false
                    if alert.state == .firing && keepFiringFor > 0 {
                        let since = alert.keepFiringSince ?? time
                        alert.keepFiringSince = since
                        keepFiring = time - since < keepFiringFor
                    }
                    if alert.state == .pending
                        || (alert.resolvedAt.map { time - $0 > Self.resolvedRetention } ?? false)
                    {
                        state.active[fingerprint] = nil
                    }
                    if alert.state != .inactive && !keepFiring {
                        alert.state = .inactive
                        alert.resolvedAt = time
                    }
                    if !keepFiring {
                        if state.active[fingerprint] != nil { state.active[fingerprint] = alert }
                        continue
                    }
                } else {
                    alert.keepFiringSince = nil
                }
                activeCount += 1
                if alert.state == .pending && time - alert.activeAt >= holdDuration {
                    alert.state = .firing
                    alert.firedAt = time
                }
                if alert.state == .firing && time - alert.activeAt < holdDuration {
                    alert.state = .pending
                    alert.firedAt = nil
                    alert.lastSentAt = nil
                    alert.keepFiringSince = nil
                }
                state.active[fingerprint] = alert
                if state.restored {
                    output.append(alertSample(alert, at: queryTime))
                    output.append(forStateSample(alert.labels, at: queryTime, value: Double(alert.activeAt / 1000)))
                }
            }
            if limit > 0 && activeCount > limit {
                state.active = [:]
                throw RuleEvaluationError("exceeded limit of \(limit) with \(activeCount) alerts")
            }
            return output
        }
    }

    /// The `ALERTS` sample for `alert`.
    func alertSample(_ alert: ActiveAlert, at time: Int64) -> VectorElement {
        var builder = Labels.Builder(labels)
        for label in alert.labels { builder.set(label.name, label.value) }
        builder.set(Labels.metricName, "ALERTS")
        builder.set("alertname", name)
        builder.set("alertstate", alert.state.rawValue)
        return VectorElement(labels: builder.labels, timestamp: time, value: 1)
    }

    /// The `ALERTS_FOR_STATE` sample: when the alert became active, in seconds.
    func forStateSample(_ alertLabels: Labels, at time: Int64, value: Double) -> VectorElement {
        var builder = Labels.Builder(labels)
        for label in alertLabels { builder.set(label.name, label.value) }
        builder.set(Labels.metricName, "ALERTS_FOR_STATE")
        builder.set("alertname", name)
        return VectorElement(labels: builder.labels, timestamp: time, value: value)
    }

    /// The matchers that select this rule's `ALERTS_FOR_STATE` series; labels whose value is
    /// a template cannot be matched and are left out.
    var forStateMatchers: [LabelMatcher] {
        forStateSample(Labels(), at: 0, value: 0).labels.compactMap { label in
            label.value.contains("{{") ? nil : try? LabelMatcher(.equal, label.name, label.value)
        }
    }

    /// Marks the alerts due for (re)sending at `time` as sent and returns them.
    func alertsToSend(at time: Int64, resendDelay: Int64, interval: Int64) -> [ActiveAlert] {
        state.withLock { state in
            var due: [ActiveAlert] = []
            for fingerprint in state.active.keys.sorted() {
                guard var alert = state.active[fingerprint], alert.needsSending(at: time, resendDelay: resendDelay)
                else { continue }
                alert.lastSentAt = time
                let (span, spanOverflow) = max(interval, resendDelay).multipliedReportingOverflow(by: 4)
                let (until, overflow) = time.addingReportingOverflow(span)
                alert.validUntil = spanOverflow || overflow ? Int64.max : until
                state.active[fingerprint] = alert
                due.append(alert)
            }
            return due
        }
    }

    /// Sets when alerts became active: `update` gives the new time for an alert, or nil to keep it.
    func restoreActiveAt(_ update: (ActiveAlert) -> Int64?) {
        state.withLock { state in
            for (fingerprint, alert) in state.active {
                if let activeAt = update(alert) { state.active[fingerprint]?.activeAt = activeAt }
            }
        }
    }

    /// Takes over the alerts of the rule this one replaces on reload.
    func copyAlerts(from other: AlertingRule) {
        let alerts = other.state.withLock { $0.active }
        state.withLock { state in state.active.merge(alerts) { _, new in new } }
    }
}
