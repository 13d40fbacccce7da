import ArgusCore
import Foundation
import HTTPTypes
import Rules
import Testing

@testable import MetricsServer

@Suite struct RulesAPITests {
    /// A harness with one rule file: a recording rule and an alert on `up`, evaluated at 300 s.
    func harness() async throws -> APITestHarness {
        var harness = try await APITestHarness.seeded()
        let file = harness.directory.appendingPathComponent("rules.yml").path
        try """
        groups:
          - name: api
            interval: 30s
            rules:
              - record: job:up:sum
                expr: sum by (job) (up)
              - alert: TooManyUp
                expr: up > 0
                for: 1m
                labels:
                  severity: page
                annotations:
                  summary: "{{ $labels.instance }} is up"
          - name: broken
            rules:
              - record: broken
                expr: vector(1) or label_replace(vector(1), "a", "b", "", "")
            limit: 1
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let manager = harness.server.makeRuleManager(db: harness.db, storage: harness.db)
        try manager.update(
            files: [file], interval: 60_000, externalLabels: Labels(), externalURL: "http://argus:9090")
        for group in manager.groups { group.evaluate(at: 300_000) }
        harness.rules = manager
        return harness
    }

    /// The body with wall-clock fields replaced by placeholders.
    func normalized(_ body: String) -> String {
        body.replacingOccurrences(
            of: #""lastEvaluation":"[^"]*""#, with: #""lastEvaluation":"T""#, options: .regularExpression
        ).replacingOccurrences(
            of: #""evaluationTime":[0-9.e+-]+"#, with: #""evaluationTime":0"#, options: .regularExpression)
    }

    @Test func listsGroupsWithRuleHealthAndAlerts() async throws {
        let harness = try await harness()
        let (status, body) = try await harness.get("/api/v1/rules")
        #expect(status == .ok)
        let file = harness.directory.appendingPathComponent("rules.yml").path
        let alert = { (instance: String) in
            #"{"labels":{"alertname":"TooManyUp","instance":"\#(instance)","job":"api","severity":"page"},"annotations":{"summary":"\#(instance) is up"},"state":"pending","activeAt":"1970-01-01T00:05:00Z","value":"1e+00"}"#
        }
        let expected =
            #"{"status":"success","data":{"groups":[{"name":"api","file":"\#(file)","rules":["#
            + #"{"name":"job:up:sum","query":"sum by (job) (up)","labels":{},"health":"ok","evaluationTime":0,"lastEvaluation":"T","type":"recording"},"#
            + #"{"state":"pending","name":"TooManyUp","query":"up \u003e 0","duration":60,"keepFiringFor":0,"labels":{"severity":"page"},"annotations":{"summary":"{{ $labels.instance }} is up"},"alerts":[\#(alert("a")),\#(alert("b"))],"health":"ok","evaluationTime":0,"lastEvaluation":"T","type":"alerting"}"#
            + #"],"interval":30,"limit":0,"evaluationTime":0,"lastEvaluation":"T"},"#
            + #"{"name":"broken","file":"\#(file)","rules":[{"name":"broken","query":"vector(1) or label_replace(vector(1), \"a\", \"b\", \"\", \"\")","labels":{},"health":"err","lastError":"exceeded limit of 1 with 2 series","evaluationTime":0,"lastEvaluation":"T","type":"recording"}],"interval":60,"limit":1,"evaluationTime":0,"lastEvaluation":"T"}]}}"#
        #expect(normalized(body) == expected)
    }

    @Test func filtersRules() async throws {
        let harness = try await harness()
        let (_, recording) = try await harness.get("/api/v1/rules?type=record")
        #expect(recording.contains("job:up:sum") && !recording.contains("TooManyUp"))
        let (_, byName) = try await harness.get("/api/v1/rules?rule_name[]=TooManyUp&exclude_alerts=true")
        #expect(byName.contains(#""alerts":null"#) && !byName.contains("job:up:sum"))
        let (_, byGroup) = try await harness.get("/api/v1/rules?rule_group[]=broken")
        #expect(!byGroup.contains("TooManyUp") && byGroup.contains(#""name":"broken""#))
        let (_, byMatch) = try await harness.get("/api/v1/rules?match[]=%7Bseverity%3D%22page%22%7D")
        #expect(byMatch.contains("TooManyUp") && !byMatch.contains("job:up:sum"))
        let (status, bad) = try await harness.get("/api/v1/rules?type=foo")
        #expect(status == .badRequest)
        #expect(bad.contains(#"invalid parameter \"type\": not supported value \"foo\""#))
    }

    @Test func listsActiveAlerts() async throws {
        let harness = try await harness()
        let (status, body) = try await harness.get("/api/v1/alerts")
        #expect(status == .ok)
        #expect(
            body.hasPrefix(#"{"status":"success","data":{"alerts":[{"labels":{"alertname":"TooManyUp","instance":"a""#))
        #expect(body.components(separatedBy: #""state":"pending""#).count == 3)
    }

    @Test func answersEmptyListsWithoutRules() async throws {
        let harness = try await APITestHarness.make()
        #expect(try await harness.get("/api/v1/rules").1 == #"{"status":"success","data":{"groups":[]}}"#)
        #expect(try await harness.get("/api/v1/alerts").1 == #"{"status":"success","data":{"alerts":[]}}"#)
    }
}
