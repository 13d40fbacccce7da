import ArgusTesting
import Foundation
import Testing

@Suite struct CheckConfigCommandTests {
    static let examples: [String] = {
        let directory = Fixtures.packageRoot.appendingPathComponent("docs/examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yml") }.sorted().map { directory.appendingPathComponent($0).path }
    }()

    @Test func documentationExamplesExist() {
        #expect(Self.examples.count >= 2)
    }

    @Test(arguments: examples)
    func argusAcceptsTheDocumentationExamples(path: String) async throws {
        let result = try await runArgus(["check", "config", path])
        #expect(result.status == 0, "\(result.stderrString)")
        #expect(result.stdoutString == "Checking \(path)\n SUCCESS: \(path) is valid prometheus config file syntax\n\n")
    }

    @Test(.enabled(if: Peer.available("promtool"), "promtool is not installed"), arguments: examples)
    func promtoolAcceptsTheDocumentationExamples(path: String) async throws {
        let result = try await Peer.run(Peer.locate("promtool")!, ["check", "config", path])
        #expect(result.status == 0, "\(result.stdoutString)\(result.stderrString)")
    }

    @Test func reportsFileLineAndFieldOfABadConfig() async throws {
        let directory = try Fixtures.temporaryDirectory("check-config")
        let path = directory.appendingPathComponent("bad.yml").path
        try "scrape_configs:\n  - job_name: a\n    scrape_interval: 10s\n    scrape_timeout: 20s\n".write(
            toFile: path, atomically: true, encoding: .utf8)
        let result = try await runArgus(["check", "config", path])
        #expect(result.status == 1)
        #expect(result.stderrString.contains("bad.yml:4:21: scrape_configs[0].scrape_timeout: "))
        #expect(result.stderrString.contains("scrape timeout greater than scrape interval"))
    }

    @Test func refusesWhatArgusCannotRunYet() async throws {
        let directory = try Fixtures.temporaryDirectory("check-config")
        let path = directory.appendingPathComponent("tls.yml").path
        try """
        scrape_configs:
          - job_name: a
            tls_config: {server_name: 192.168.1.1}
            static_configs: [{targets: ["x:1"]}]
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let result = try await runArgus(["check", "config", path])
        #expect(result.status == 1)
        #expect(
            result.stderrString.contains(
                "scrape job a: tls_config: server_name 192.168.1.1: an IP address is not supported yet by Argus"))
    }
}

@Suite struct CheckConfigRuleFilesTests {
    /// A config naming two rule files, one valid and one with a bad expression.
    static func fixture() throws -> URL {
        let directory = try Fixtures.temporaryDirectory("check-config-rules")
        try "rule_files: [good.yml, 'bad*.yml']\n".write(
            to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        try "groups: [{name: g, rules: [{record: a, expr: up}, {alert: B, expr: up == 0}]}]\n".write(
            to: directory.appendingPathComponent("good.yml"), atomically: true, encoding: .utf8)
        try "groups: [{name: g, rules: [{record: a, expr: 'sum(up'}]}]\n".write(
            to: directory.appendingPathComponent("bad.yml"), atomically: true, encoding: .utf8)
        return directory
    }

    @Test func checksTheRuleFilesOfAConfig() async throws {
        let directory = try Self.fixture()
        let result = try await runArgus(["check", "config", "prometheus.yml"], currentDirectory: directory)
        #expect(result.status == 1)
        #expect(
            result.stdoutString == """
                Checking prometheus.yml
                  SUCCESS: 2 rule files found
                 SUCCESS: prometheus.yml is valid prometheus config file syntax

                Checking good.yml
                  SUCCESS: 2 rules found

                Checking bad.yml


                """)
        #expect(
            result.stderrString
                == "  FAILED:\n     bad.yml: 1:46: group \"g\", rule 1, \"a\": could not parse expression: 1:7: parse error: unclosed left parenthesis\n"
        )
    }

    @Test(.enabled(if: Peer.available("promtool"), "promtool is not installed"))
    func promtoolAgrees() async throws {
        let directory = try Self.fixture()
        let argus = try await runArgus(["check", "config", "prometheus.yml"], currentDirectory: directory)
        let promtool = try await Peer.run(
            try #require(Peer.locate("promtool")), ["check", "config", "prometheus.yml"], currentDirectory: directory)
        #expect(argus.status == promtool.status)
        #expect(argus.stdoutString == promtool.stdoutString)
        #expect(argus.stderrString == promtool.stderrString)
    }
}
