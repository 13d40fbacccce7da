import ArgusCore
import PromQL

/// A recording or alerting rule: an expression evaluated at a point in time.
public protocol Rule: AnyObject, Sendable {
    /// The recorded metric name or the alert name.
    var name: String { get }
    /// The labels the rule adds to its output.
    var labels: Labels { get }
    /// The rule's expression.
    var expression: Expr { get }
    /// The outcome of the latest evaluation.
    var status: RuleStatus { get }

    /// Evaluates the rule at `time` (queries at `time - queryOffset`) and returns the
    /// samples to store. `limit` (when positive) bounds the series or alerts produced.
    func evaluate(at time: Int64, queryOffset: Int64, context: RuleEvaluationContext, limit: Int) throws
        -> [VectorElement]

    /// Records the outcome of an evaluation.
    func setStatus(_ status: RuleStatus)
}

extension Rule {
    /// The name and labels: how a reloaded group matches its rules with the old ones.
    var identity: String { name + labels.description }
}

/// Whether a rule's latest evaluation succeeded.
public enum RuleHealth: String, Hashable, Sendable {
    case unknown
    case good = "ok"
    case bad = "err"
}

/// What is known about a rule's latest evaluation.
public struct RuleStatus: Hashable, Sendable {
    public var health: RuleHealth = .unknown
    public var lastError: String?
    /// Wall-clock start of the latest evaluation, in milliseconds; nil before the first.
    public var lastEvaluation: Int64?
    /// How long it took, in seconds.
    public var evaluationSeconds: Double = 0

    public init() {}
}

/// What rules need from their surroundings to evaluate.
public struct RuleEvaluationContext: Sendable {
    /// Evaluates an instant query.
    public var query: RuleQueryFunction
    /// `global.external_labels`, for alert templates.
    public var externalLabels: Labels
    /// `--web.external-url`, for alert templates and generator URLs.
    public var externalURL: String
    /// Told about every query a group's rules ran, once it finished (the
    /// metrics server's query log).
    public var onQuery: (@Sendable (RuleQueryRecord) -> Void)?

    public init(
        query: @escaping RuleQueryFunction, externalLabels: Labels = Labels(), externalURL: String = "",
        onQuery: (@Sendable (RuleQueryRecord) -> Void)? = nil
    ) {
        self.query = query
        self.externalLabels = externalLabels
        self.externalURL = externalURL
        self.onQuery = onQuery
    }
}

/// One query run for a rule group: where it came from, what it was, how
/// long it took and how it failed.
public struct RuleQueryRecord: Sendable {
    public var file: String
    public var group: String
    public var expr: Expr
    /// The evaluation time in milliseconds.
    public var time: Int64
    public var duration: Duration
    public var error: String?
}

/// Evaluates `expr` as an instant query at `time` (milliseconds) and returns its samples;
/// a scalar result is one sample without labels.
public typealias RuleQueryFunction = @Sendable (_ expr: Expr, _ time: Int64) throws -> [VectorElement]

/// Errors of a rule evaluation.
public struct RuleEvaluationError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
