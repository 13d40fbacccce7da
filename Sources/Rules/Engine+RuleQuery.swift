import ArgusCore
import PromQL
import Storage

extension Engine {
    /// The query function rules use: an instant query on `queryable`, whose result must
    /// be a vector or a scalar (which becomes one sample without labels).
    public func ruleQueryFunction(_ queryable: any Queryable) -> RuleQueryFunction {
        { [self] expr, time in
            let result = try instantQuery(queryable, expr, at: time)
            switch result.value {
            case .vector(let vector):
                return vector
            case .scalar(let timestamp, let value):
                return [VectorElement(labels: Labels(), timestamp: timestamp, value: value)]
            default:
                throw RuleEvaluationError("rule result is not a vector or scalar")
            }
        }
    }
}
