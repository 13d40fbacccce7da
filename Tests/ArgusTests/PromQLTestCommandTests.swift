import ArgusTesting
import Foundation
import Testing

@Suite struct PromQLTestCommandTests {
    @Test func reportsFailuresWithFileAndLineAndSummarises() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("sample.test")
        try """
        load 1m
          http_requests_total{job="api"} 0+10x10

        eval instant at 5m sum(http_requests_total)
          {} 50

        eval instant at 5m sum(http_requests_total)
          {} 51

        load 1m
          hist {{schema:0 sum:1 count:1 buckets:[1]}}

        eval instant at 0m hist
          {} {{schema:0 sum:1 count:1 buckets:[1]}}

        """.write(to: script, atomically: true, encoding: .utf8)

        let result = try await runArgus(["promql", "test", script.path])
        #expect(result.status == 1)
        let lines = result.stdoutString.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("\(script.path):7: eval failed:") == true)
        #expect(lines.last == "1 passed, 1 failed, 1 skipped (native histograms: 1)")
    }

    @Test func passingFilesExitZero() async throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = directory.appendingPathComponent("ok.test")
        try "load 1m\n  up 1\n\neval instant at 0m up\n  up 1\n".write(to: script, atomically: true, encoding: .utf8)
        let result = try await runArgus(["promql", "test", script.path])
        #expect(result.status == 0)
        #expect(result.stdoutString == "1 passed, 0 failed, 0 skipped\n")
    }

    @Test func unreadableFileIsAFailure() async throws {
        let result = try await runArgus(["promql", "test", "/nonexistent/x.test"])
        #expect(result.status == 1)
        #expect(result.stdoutString.hasPrefix("/nonexistent/x.test: cannot read file:"))
    }
}
