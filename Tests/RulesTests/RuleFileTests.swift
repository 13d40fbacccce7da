import ArgusCore
import ArgusTesting
import Foundation
import Testing

@testable import Rules

@Suite struct RuleFileTests {
    @Test func parsesGroupsAndRules() throws {
        let file = try RuleFile.parse(
            """
            groups:
              - name: example
                interval: 30s
                limit: 10
                query_offset: 1m
                labels:
                  team: core
                rules:
                  - record: job:up:sum
                    expr: sum by (job) (up)
                  - alert: InstanceDown
                    expr: up == 0
                    for: 5m
                    keep_firing_for: 1m
                    labels:
                      severity: page
                    annotations:
                      summary: "{{ $labels.instance }} is down"
            """, file: "rules.yml")
        let group = try #require(file.groups.first)
        #expect(group.name == "example")
        #expect(group.interval == PromDuration(seconds: 30))
        #expect(group.queryOffset == PromDuration(seconds: 60))
        #expect(group.limit == 10)
        #expect(group.labels == ["team": "core"])
        #expect(group.rules.map(\.name) == ["job:up:sum", "InstanceDown"])
        #expect(group.rules[1].holdDuration == PromDuration(seconds: 300))
        #expect(group.rules[1].keepFiringFor == PromDuration(seconds: 60))
        #expect(group.rules[1].annotations["summary"] == "{{ $labels.instance }} is down")
    }

    func errors(_ yaml: String) -> [String] {
        do {
            _ = try RuleFile.parse(yaml, file: "r.yml")
            return []
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func reportsEveryProblemWithItsPosition() {
        let found = errors(
            """
            groups:
              - name: g
                rules:
                  - record: a
                    alert: b
                    expr: up
                  - expr: up
                  - record: bad-name
                    expr: sum(
                  - record: ok
                    expr: up
                    for: 5m
                    labels:
                      __name__: x
              - name: g
                rules: []
              - rules: []
            """)
        #expect(
            found == [
                "r.yml: 4:17: 5:16: group \"g\", rule 1, \"b\": only one of 'record' and 'alert' must be set",
                "r.yml: 0:0: group \"g\", rule 2, \"\": one of 'record' or 'alert' must be set",
                "r.yml: 9:15: group \"g\", rule 3, \"bad-name\": could not parse expression: 1:5: parse error: unclosed left parenthesis",
                "r.yml: 8:17: group \"g\", rule 3, \"bad-name\": invalid recording rule name: bad-name",
                "r.yml: 10:17: group \"g\", rule 4, \"ok\": invalid field 'for' in recording rule",
                "r.yml: group \"g\", rule 4, \"ok\": invalid label name: __name__",
                "r.yml: 15:5: groupname: \"g\" is repeated in the same file",
                "r.yml: 17:5: Groupname must not be empty",
            ])
    }

    @Test func rejectsUnknownFieldsWithTheirPosition() {
        let found = errors(
            """
            groups:
              - name: g
                rules:
                  - record: a
                    expr: up
                    labls: {}
            """)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("r.yml: 6:9:") == true)
        #expect(found.first?.contains("labls") == true)
    }

    @Test func missingFileIsAnError() {
        #expect(throws: RuleFileErrors.self) { try RuleFile.load(path: "/nonexistent/rules.yml") }
    }

    @Test func duplicateRulesAreFoundAcrossGroupsWithGroupLabels() throws {
        let directory = try ArgusTesting.Fixtures.temporaryDirectory("rule-check")
        let path = directory.appendingPathComponent("rules.yml").path
        try """
        groups:
          - name: a
            labels: {env: prod}
            rules: [{record: x, expr: up}]
          - name: b
            rules: [{record: x, expr: up, labels: {env: prod}}, {record: x, expr: up}]
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let check = RuleFileCheck(path: path, lintDuplicates: true)
        #expect(check.errors.isEmpty)
        #expect(check.ruleCount == 3)
        #expect(check.duplicates == [RuleFileCheck.Duplicate(metric: "x", labels: ["env": "prod"])])
        #expect(RuleFileCheck(path: path, lintDuplicates: false).duplicates.isEmpty)
    }
}
