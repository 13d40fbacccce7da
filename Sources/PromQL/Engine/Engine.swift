import ArgusCore
import Storage

/// The PromQL engine: evaluates parsed expressions against storage, as
/// Prometheus' instant and range queries do.
///
/// Each query evaluates every selector once over the whole query range and
/// steps through the result; nothing is re-selected per step.
public final class Engine: Sendable {
    public let options: EngineOptions

    public init(options: EngineOptions = EngineOptions()) {
        self.options = options
    }

    /// Evaluates `expr` at time `at` (milliseconds).
    public func instantQuery(_ queryable: any Queryable, _ expr: Expr, at time: Int64) throws(PromQLError)
        -> QueryResult
    {
        let evaluator = try makeEvaluator(queryable, expr, start: time, end: time, interval: 1, step: 0)
        let value = try evaluator.evaluateTop(expr)
        var annotations = evaluator.annotations
        annotations = Engine.deduplicated(annotations)
        switch value {
        case .string(let text):
            return QueryResult(value: .string(timestamp: time, value: text), annotations: annotations)
        case .series(let series):
            switch expr.type {
            case .scalar:
                let v = series.first?.points.first?.value ?? .nan
                return QueryResult(value: .scalar(timestamp: time, value: v), annotations: annotations)
            case .matrix:
                let matrix = series.map { RangeSeries(labels: $0.labels, points: $0.points) }.sorted {
                    $0.labels < $1.labels
                }
                return QueryResult(value: .matrix(matrix), annotations: annotations)
            default:
                let vector = series.compactMap { s -> VectorElement? in
                    guard let point = s.points.first else { return nil }
                    return VectorElement(labels: s.labels, timestamp: time, value: point.value)
                }
                return QueryResult(value: .vector(vector), annotations: annotations)
            }
        }
    }

    /// Evaluates `expr` at every `step` milliseconds from `start` to `end`.
    public func rangeQuery(_ queryable: any Queryable, _ expr: Expr, start: Int64, end: Int64, step: Int64)
        throws(PromQLError) -> QueryResult
    {
        guard step > 0 else {
            throw PromQLError(.badData, "zero or negative query resolution step widths are not accepted")
        }
        guard end >= start else {
            throw PromQLError(.badData, "end timestamp must not be before start time")
        }
        switch expr.type {
        case .scalar, .vector: break
        default:
            throw PromQLError(
                .badData,
                "invalid expression type \"\(expr.type.promDescription)\" for range query, must be Scalar or instant Vector"
            )
        }
        let evaluator = try makeEvaluator(queryable, expr, start: start, end: end, interval: step, step: step)
        let value = try evaluator.evaluateTop(expr)
        guard case .series(let series) = value else {
            throw PromQLError(.execution, "unexpected string result in range query")
        }
        let matrix = series.map { RangeSeries(labels: $0.labels, points: $0.points) }.sorted { $0.labels < $1.labels }
        return QueryResult(value: .matrix(matrix), annotations: Engine.deduplicated(evaluator.annotations))
    }

    private func makeEvaluator(
        _ queryable: any Queryable,
        _ expr: Expr,
        start: Int64,
        end: Int64,
        interval: Int64,
        step: Int64
    ) throws(PromQLError) -> Evaluator {
        let querier: any Querier
        do {
            querier = try queryable.querier()
        } catch {
            throw PromQLError(.storage, error.message)
        }
        let query = QueryContext(
            start: start,
            end: end,
            step: step,
            lookbackDelta: options.lookbackDelta,
            defaultSubqueryStep: options.defaultSubqueryStep,
            maxSamples: options.maxSamples,
            delayedNameRemoval: options.delayedNameRemoval,
            useStartTimestamps: options.useStartTimestamps,
            typeAndUnitLabels: options.typeAndUnitLabels,
            windowStartSlack: options.closedWindowStart ? 1 : 0,
            deadline: ContinuousClock.now.advanced(by: options.timeout),
            querier: querier
        )
        return Evaluator(query: query, start: start, end: end, interval: interval)
    }

    /// Annotations are a set in Prometheus: the same message at the same
    /// position is reported once.
    static func deduplicated(_ annotations: [Annotation]) -> [Annotation] {
        var seen: Set<Annotation> = []
        return annotations.filter { seen.insert($0).inserted }
    }
}

extension ValueType {
    /// The name Prometheus' error messages use for the type.
    var promDescription: String {
        switch self {
        case .scalar: return "scalar"
        case .vector: return "instant vector"
        case .matrix: return "range vector"
        case .string: return "string"
        case .none: return "none"
        }
    }
}
