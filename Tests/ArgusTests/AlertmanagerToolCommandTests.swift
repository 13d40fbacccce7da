import ArgusTesting
import Foundation
import Testing

/// `argus check alertmanager-config` and `argus test routes` on the
/// documented example, against what amtool 0.25 prints for it.
@Suite struct AlertmanagerToolCommandTests {
    static let example = Fixtures.packageRoot.appendingPathComponent("docs/examples/alertmanager/alertmanager.yml").path

    @Test func checkAlertmanagerConfigReportsTheExample() async throws {
        let result = try await runArgus(["check", "alertmanager-config", Self.example])
        #expect(result.status == 0, "\(result.stderrString)")
        #expect(
            result.stdoutString
                == "Checking '\(Self.example)'  SUCCESS\nFound:\n - global config\n - route\n - 1 inhibit rules\n - 3 receivers\n - 1 templates\n  SUCCESS\n\n"
        )
    }

    @Test(.enabled(if: Peer.available("amtool"), "amtool (Debian prometheus-alertmanager) is not installed"))
    func checkAlertmanagerConfigPrintsWhatAmtoolPrints() async throws {
        let amtool = try #require(Peer.locate("amtool"))
        let directory = try Fixtures.temporaryDirectory("am-check")
        let bad = directory.appendingPathComponent("bad.yml").path
        try "route:\n  receiver: nobody\nreceivers:\n  - name: web\n".write(
            toFile: bad, atomically: true, encoding: .utf8)
        for file in [Self.example, bad] {
            let ours = try await runArgus(["check", "alertmanager-config", file])
            let theirs = try await Peer.run(amtool, ["check-config", file])
            #expect(ours.status == theirs.status)
            #expect(ours.stdoutString == theirs.stdoutString)
            #expect(ours.stderrString == theirs.stderrString)
        }
    }

    @Test func testRoutesPrintsTheReceivers() async throws {
        var result = try await runArgus(["test", "routes", Self.example, "--labels", "severity=critical", "team=db"])
        #expect(result.status == 0, "\(result.stderrString)")
        #expect(result.stdoutString == "pager,team-db\n")
        result = try await runArgus(["test", "routes", Self.example, "--labels", "team=web"])
        #expect(result.stdoutString == "team-ops\n")
        result = try await runArgus([
            "test", "routes", Self.example, "--labels", "team=web", "--verify.receivers=team-db",
        ])
        #expect(result.status == 1)
    }
}
