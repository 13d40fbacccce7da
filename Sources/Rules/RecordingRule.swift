import ArgusCore
import PromQL

/// A rule that stores the result of its expression under a new metric name.
public final class RecordingRule: Rule {
    public let name: String
    public let labels: Labels
    public let expression: Expr
    private let statusBox = RuleStatusBox()

    public init(name: String, expression: Expr, labels: Labels = Labels()) {
        self.name = name
        self.expression = expression
        self.labels = labels
    }

    public var status: RuleStatus { statusBox.status }

    public func setStatus(_ status: RuleStatus) { statusBox.set(status) }

    public func evaluate(at time: Int64, queryOffset: Int64, context: RuleEvaluationContext, limit: Int) throws
        -> [VectorElement]
    {
        var vector = try context.query(expression, time - queryOffset)
        var seen = Set<Labels>()
        for index in vector.indices {
            var builder = Labels.Builder(vector[index].labels)
            builder.set(Labels.metricName, name)
            for label in labels { builder.set(label.name, label.value) }
            vector[index].labels = builder.labels
            if !seen.insert(vector[index].labels).inserted {
                throw RuleEvaluationError(
                    "vector contains metrics with the same labelset after applying rule labels")
            }
        }
        if limit > 0 && vector.count > limit {
            throw RuleEvaluationError("exceeded limit of \(limit) with \(vector.count) series")
        }
        return vector
    }
}
