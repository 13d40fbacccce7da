import ArgusTesting
import Foundation
import Testing

@testable import Alertmanager

/// Compares the amtool-style reports with the real amtool 0.25 on the config fixtures.
@Suite struct AmtoolParityTests {
    static let directory = AlertmanagerFileTests.directory

    static func amtool(_ arguments: [String]) async throws -> AlertmanagerToolOutput? {
        guard let path = Peer.locate("amtool") else {
            if Peer.isCI { throw PeerError(message: "amtool missing under CI") }
            print("skipping amtool comparison: amtool not found")
            return nil
        }
        let result = try await Peer.run(path, arguments, currentDirectory: directory)
        let warning = "Warning: --config.file flag overrides the --alertmanager.url.\n"
        return AlertmanagerToolOutput(
            standardOutput: result.stdoutString,
            standardError: result.stderrString.replacingOccurrences(of: warning, with: ""),
            exitCode: result.status)
    }

    static let checkedFiles: [[String]] = [
        ["good.yml"], ["undefined-receiver.bad.yml"], ["unknown-field.bad.yml", "good.yml"], ["empty.bad.yml"],
        ["bad-location.bad.yml"], ["missing.yml"], ["broken-template.yml"],
    ]

    @Test(arguments: checkedFiles)
    func checkConfigMatchesAmtool(_ files: [String]) async throws {
        let paths = files.map { Self.directory.appendingPathComponent($0).path }
        guard let expected = try await Self.amtool(["check-config"] + paths) else { return }
        let ours = AlertmanagerFile.checkReport(files: paths)
        #expect(ours == expected)
    }

    @Test func routesShowMatchesAmtool() async throws {
        let path = Self.directory.appendingPathComponent("good.yml").path
        guard let expected = try await Self.amtool(["config", "routes", "show", "--config.file", path]) else { return }
        #expect(AlertmanagerFile.routesShowReport(file: path) == expected)
    }

    static let routeTests: [[String]] = [
        ["service=db", "severity=critical", "env=prod"],
        ["--tree", "service=db", "severity=critical", "env=prod"],
        ["--tree", "team=frontend", "severity=page"],
        ["--verify.receivers=team-db-pager", "service=db", "severity=critical"],
        ["--verify.receivers=team-db-pager,team-db", "service=db", "severity=critical"],
        ["team=frontend", "env=dev"],
        ["a=~b"],
        [],
    ]

    @Test(arguments: routeTests)
    func routesTestMatchesAmtool(_ arguments: [String]) async throws {
        guard
            let expected = try await Self.amtool(["config", "routes", "test", "--config.file", "good.yml"] + arguments)
        else { return }
        let tree = arguments.contains("--tree")
        let verify = arguments.first { $0.hasPrefix("--verify.receivers=") }.map {
            String($0.dropFirst("--verify.receivers=".count))
        }
        let labels = arguments.filter { !$0.hasPrefix("--") }
        let ours = AlertmanagerFile.routesTestReport(
            file: Self.directory.appendingPathComponent("good.yml").path, labels: labels, verifyReceivers: verify,
            tree: tree)
        #expect(ours == expected)
    }
}
