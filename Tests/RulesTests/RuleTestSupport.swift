import ArgusCore
import PromQL
import Storage
import Synchronization

@testable import Rules

/// An in-memory world for rule tests: storage with some series, an engine, and the
/// alerts sent to the notifier.
final class RuleWorld: Sendable {
    let storage = MemoryStorage()
    let sent = Mutex<[OutgoingAlert]>([])

    var options: RuleGroupOptions {
        let context = RuleEvaluationContext(
            query: Engine().ruleQueryFunction(storage), externalLabels: ["cluster": "eu1"],
            externalURL: "http://argus:9090")
        return RuleGroupOptions(
            appendable: storage, queryable: storage, context: context,
            notify: { [self] alerts in self.sent.withLock { $0 += alerts } })
    }

    /// Appends one sample per series at `time` (milliseconds).
    func append(_ samples: [(Labels, Double)], at time: Int64) throws {
        let appender = storage.appender()
        for (labels, value) in samples { try appender.append(labels, timestamp: time, value: value) }
        try appender.commit()
    }

    /// The samples of every series matching `name`.
    func series(_ name: String) throws -> [Labels: [Sample]] {
        let matcher = try LabelMatcher(.equal, Labels.metricName, name)
        var result: [Labels: [Sample]] = [:]
        for series in try storage.querier().select([matcher], mint: .min, maxt: .max) {
            result[series.labels] = series.samples
        }
        return result
    }
}

func expr(_ text: String) throws -> Expr { try PromQLParser.parse(text) }

let minute: Int64 = 60_000
