import ArgusCore
import Logging
import PromQL
import Storage

/// What a rule group needs from the server: storage, queries, the notifier and
/// Prometheus' `--rules.*` settings. Times are in milliseconds.
public struct RuleGroupOptions: Sendable {
    /// Where recording rules and `ALERTS` series are written.
    public var appendable: any Appendable
    /// Where `ALERTS_FOR_STATE` is read back when restoring `for` state.
    public var queryable: any Queryable
    public var context: RuleEvaluationContext
    /// Receives the alerts due for sending after each evaluation of an alerting rule.
    public var notify: @Sendable (_ alerts: [OutgoingAlert]) -> Void
    /// `--rules.alert.resend-delay`: the minimum time between two sends of a firing alert.
    public var resendDelay: Int64 = 60_000
    /// `--rules.alert.for-outage-tolerance`: how long Prometheus may have been down for
    /// `for` state to be restored.
    public var outageTolerance: Int64 = 3_600_000
    /// `--rules.alert.for-grace-period`: the minimum time between restoring and firing.
    public var forGracePeriod: Int64 = 600_000
    /// `global.rule_query_offset`: the query offset of groups without their own, read at every
    /// evaluation so that a reload changes it for running groups too.
    public var defaultQueryOffset: @Sendable () -> Int64 = { 0 }
    public var logger: Logger
    public var metrics: RuleMetrics?
    /// The PromQL language features rule expressions may use (`--enable-feature`).
    public var parserOptions = ParserOptions.default

    public init(
        appendable: any Appendable, queryable: any Queryable, context: RuleEvaluationContext,
        notify: @escaping @Sendable ([OutgoingAlert]) -> Void = { _ in },
        logger: Logger = Logger(label: "argus.rules"), metrics: RuleMetrics? = nil
    ) {
        self.appendable = appendable
        self.queryable = queryable
        self.context = context
        self.notify = notify
        self.logger = logger
        self.metrics = metrics
    }
}
