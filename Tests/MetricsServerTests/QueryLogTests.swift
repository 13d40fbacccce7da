import ArgusConfig
import ArgusCore
import ArgusTesting
import Foundation
import Rules
import Storage
import TSDB
import Testing

@testable import MetricsServer

/// `global.query_log_file`: one JSON line per API query, in Prometheus'
/// shape, switched on, moved and off by reloads.
@Suite struct QueryLogTests {
    static func harness(logFile: String) async throws -> (APITestHarness, URL) {
        let directory = try Fixtures.temporaryDirectory("argus-querylog")
        let config = directory.appendingPathComponent("prometheus.yml")
        try "global:\n  query_log_file: \(logFile)\n".write(to: config, atomically: true, encoding: .utf8)
        let harness = try await APITestHarness.make(config: .file(config.path))
        return (harness, directory)
    }

    static func lines(_ file: URL) throws -> [String] {
        try String(contentsOf: file, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    @Test func everyQueryIsLoggedAsAJSONLine() async throws {
        let (harness, directory) = try await Self.harness(logFile: "queries.log")
        _ = try await harness.get("/api/v1/query?query=up&time=300")
        _ = try await harness.post(
            "/api/v1/query_range", body: Array("query=rate(x[5m])&start=0&end=600&step=30".utf8),
            contentType: "application/x-www-form-urlencoded")
        _ = try await harness.get("/api/v1/query?query=1%2Bfoo%7B&time=300")
        // Relative to the configuration file's directory, as Prometheus resolves it.
        let lines = try Self.lines(directory.appendingPathComponent("queries.log"))
        #expect(lines.count == 2)
        let instant = try #require(lines.first)
        #expect(
            instant.hasPrefix(
                #"{"httpRequest":{"clientIP":""#), "\(instant)")
        #expect(
            instant.contains(
                #""method":"GET","path":"/api/v1/query"},"params":{"end":"1970-01-01T00:05:00.000Z","query":"up","start":"1970-01-01T00:05:00.000Z","step":0},"stats":{"timings":{"evalTotalTime":"#
            ), "\(instant)")
        #expect(instant.contains(#"},"ts":""#) && instant.hasSuffix(#"Z"}"#))
        let range = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        let params = try #require(range["params"] as? [String: Any])
        #expect(params["query"] as? String == "rate(x[5m])")
        #expect(params["start"] as? String == "1970-01-01T00:00:00.000Z")
        #expect(params["end"] as? String == "1970-01-01T00:10:00.000Z")
        #expect(params["step"] as? Int == 30)
        #expect((range["httpRequest"] as? [String: String])?["method"] == "POST")
        let timings = try #require((range["stats"] as? [String: Any])?["timings"] as? [String: Double])
        #expect(Set(timings.keys) == ["evalTotalTime", "execQueueTime", "execTotalTime"])
        #expect(timings["execTotalTime"]! >= timings["evalTotalTime"]!)
    }

    @Test func failedQueriesCarryTheError() async throws {
        let (harness, directory) = try await Self.harness(logFile: "q.log")
        let appender = harness.db.appender()
        for instance in ["a", "b"] {
            try appender.append(["__name__": "up", "instance": instance], timestamp: 300_000, value: 1)
        }
        try appender.commit()
        _ = try await harness.get("/api/v1/query?query=max_over_time(up%5B1h%5D)%20*%20on()%20up&time=300")
        let line = try #require(try Self.lines(directory.appendingPathComponent("q.log")).last)
        #expect(line.hasPrefix(#"{"error":"#), "\(line)")
        #expect(line.contains("many-to-many matching not allowed"), "\(line)")
    }

    @Test func reloadsMoveAndStopTheLog() async throws {
        let (harness, directory) = try await Self.harness(logFile: "first.log")
        _ = try await harness.get("/api/v1/query?query=up&time=300")
        let config = directory.appendingPathComponent("prometheus.yml")
        // An unwritable path fails the reload; the old file stays in use.
        try "global:\n  query_log_file: /nonexistent/dir/q.log\n".write(to: config, atomically: true, encoding: .utf8)
        let failure = await harness.server.reloadConfig()
        #expect(failure?.message.contains("can't create json logger") == true, "\(String(describing: failure))")
        _ = try await harness.get("/api/v1/query?query=up&time=300")
        #expect(try Self.lines(directory.appendingPathComponent("first.log")).count == 2)

        let second = directory.appendingPathComponent("second.log").path
        try "global:\n  query_log_file: \(second)\n".write(to: config, atomically: true, encoding: .utf8)
        #expect(await harness.server.reloadConfig() == nil)
        _ = try await harness.get("/api/v1/query?query=up&time=300")
        #expect(try Self.lines(URL(fileURLWithPath: second)).count == 1)

        try "global: {}\n".write(to: config, atomically: true, encoding: .utf8)
        #expect(await harness.server.reloadConfig() == nil)
        _ = try await harness.get("/api/v1/query?query=up&time=300")
        #expect(try Self.lines(URL(fileURLWithPath: second)).count == 1)
        #expect(try Self.lines(directory.appendingPathComponent("first.log")).count == 2)
    }

    @Test func ruleEvaluationsAreLoggedWithTheirGroup() async throws {
        let (harness, directory) = try await Self.harness(logFile: "rules.log")
        let rules = directory.appendingPathComponent("rules.yml")
        let text = """
            groups:
              - name: slo
                rules:
                  - record: job:up:sum
                    expr: sum by (job) (up)
                  - alert: Broken
                    expr: up / on() group_left up
            """
        try text.write(to: rules, atomically: true, encoding: .utf8)
        let appender = harness.db.appender()
        for instance in ["a", "b"] {
            try appender.append(["__name__": "up", "instance": instance], timestamp: 300_000, value: 1)
        }
        try appender.commit()
        let manager = harness.server.makeRuleManager(db: harness.db, storage: harness.db)
        try manager.update(files: [rules.path], interval: 60_000, externalLabels: [:], externalURL: "")
        let group = try #require(manager.groups.first)
        group.evaluate(at: 300_000)
        let lines = try Self.lines(directory.appendingPathComponent("rules.log"))
        #expect(lines.count == 2)
        let origin = #","ruleGroup":{"file":"\#(rules.path)","name":"slo"},"stats":{"timings":{"evalTotalTime":"#
        #expect(
            lines.first?.hasPrefix(
                #"{"params":{"end":"1970-01-01T00:05:00.000Z","query":"sum by (job) (up)","start":"1970-01-01T00:05:00.000Z","step":0}"#
                    + origin) == true, "\(lines)")
        #expect(lines.last?.hasPrefix(#"{"error":""#) == true, "\(lines)")
        #expect(lines.last?.contains(origin) == true, "\(lines)")
    }

    @Test func datesHaveMillisecondsAlways() {
        #expect(QueryLog.formatDate(0) == "1970-01-01T00:00:00.000Z")
        #expect(QueryLog.formatDate(1_580_000_000_123) == "2020-01-26T00:53:20.123Z")
        #expect(QueryLog.formatDate(-1) == "1969-12-31T23:59:59.999Z")
    }
}
