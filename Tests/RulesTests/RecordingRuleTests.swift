import ArgusCore
import PromQL
import Storage
import Testing

@testable import Rules

@Suite struct RecordingRuleTests {
    @Test func renamesAndLabelsTheResult() throws {
        let world = RuleWorld()
        try world.append(
            [
                (["__name__": "http_requests", "job": "api", "instance": "a"], 3),
                (["__name__": "http_requests", "job": "api", "instance": "b"], 4),
                (["__name__": "http_requests", "job": "db", "instance": "c"], 10),
            ], at: 0)
        let rule = RecordingRule(
            name: "job:http_requests:sum", expression: try expr("sum by (job) (http_requests)"),
            labels: ["team": "core"])
        let result = try rule.evaluate(at: minute, queryOffset: 0, context: world.options.context, limit: 0)
        #expect(
            result.sorted { $0.labels < $1.labels } == [
                VectorElement(
                    labels: ["__name__": "job:http_requests:sum", "job": "api", "team": "core"], timestamp: minute,
                    value: 7),
                VectorElement(
                    labels: ["__name__": "job:http_requests:sum", "job": "db", "team": "core"], timestamp: minute,
                    value: 10),
            ])
    }

    @Test func rejectsOutputThatCollidesAfterRelabeling() throws {
        let world = RuleWorld()
        try world.append([(["__name__": "a", "x": "1"], 1), (["__name__": "b", "x": "1"], 2)], at: 0)
        let rule = RecordingRule(name: "merged", expression: try expr(#"{__name__=~"a|b"}"#))
        #expect(throws: RuleEvaluationError.self) {
            try rule.evaluate(at: 0, queryOffset: 0, context: world.options.context, limit: 0)
        }
    }

    @Test func enforcesTheGroupLimit() throws {
        let world = RuleWorld()
        try world.append([(["__name__": "up", "i": "1"], 1), (["__name__": "up", "i": "2"], 1)], at: 0)
        let rule = RecordingRule(name: "copy", expression: try expr("up"))
        #expect(throws: RuleEvaluationError("exceeded limit of 1 with 2 series")) {
            try rule.evaluate(at: 0, queryOffset: 0, context: world.options.context, limit: 1)
        }
        #expect(try rule.evaluate(at: 0, queryOffset: 0, context: world.options.context, limit: 2).count == 2)
    }

    @Test func queriesAtTheOffsetTime() throws {
        let world = RuleWorld()
        try world.append([(["__name__": "v"], 1)], at: 0)
        try world.append([(["__name__": "v"], 2)], at: 2 * minute)
        let rule = RecordingRule(name: "w", expression: try expr("v"))
        let result = try rule.evaluate(at: 2 * minute, queryOffset: minute, context: world.options.context, limit: 0)
        #expect(result.map(\.value) == [1])
        #expect(result.map(\.timestamp) == [minute])
    }
}
