import Alertmanager
import ArgusTesting
import Foundation
import Testing

/// amtool 0.25 against `argus alertmanager`, unchanged: alerts, silences
/// and routing through the API v2.
@Suite(.serialized) struct AmtoolInteropTests {
    static let config = teamRoutingConfig

    static func amtool(_ arguments: [String], url: String) async throws -> Peer.Result {
        guard let amtool = Peer.locate("amtool") else { throw PeerError(message: "amtool not found") }
        return try await Peer.run(amtool, arguments + ["--alertmanager.url=\(url)"])
    }

    @Test(.enabled(if: Peer.available("amtool"), "amtool (Debian prometheus-alertmanager) is not installed"))
    func alertsAndSilencesRoundTrip() async throws {
        try await withAlertmanager(config: Self.config) { am in
            var result = try await Self.amtool(
                ["alert", "add", "alertname=DiskFull", "team=db", "--annotation=summary=disk is full"], url: am.url)
            #expect(result.status == 0, "\(result.stderrString)")
            result = try await Self.amtool(["alert", "query", "-o", "extended"], url: am.url)
            #expect(result.status == 0, "\(result.stderrString)")
            #expect(result.stdoutString.contains("DiskFull"))
            #expect(result.stdoutString.contains("disk is full"))

            result = try await Self.amtool(
                ["silence", "add", "alertname=DiskFull", "-c", "maintenance", "-a", "ops", "-d", "1h"], url: am.url)
            #expect(result.status == 0, "\(result.stderrString)")
            let id = result.stdoutString.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(Silence.isValidAPIID(id))
            result = try await Self.amtool(["silence", "query", "-q"], url: am.url)
            #expect(result.stdoutString.trimmingCharacters(in: .whitespacesAndNewlines) == id)
            // Silenced alerts are hidden from the default query and shown with --silenced.
            result = try await Self.amtool(["alert", "query"], url: am.url)
            #expect(!result.stdoutString.contains("DiskFull"))
            result = try await Self.amtool(["alert", "query", "--silenced"], url: am.url)
            #expect(result.stdoutString.contains("DiskFull"))

            result = try await Self.amtool(["silence", "query", "-o", "json"], url: am.url)
            let exported = am.directory.appendingPathComponent("silences.json")
            try result.stdout.write(to: exported)
            result = try await Self.amtool(["silence", "expire", id], url: am.url)
            #expect(result.status == 0, "\(result.stderrString)")
            result = try await Self.amtool(["silence", "query", "-q"], url: am.url)
            #expect(result.stdoutString.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
            result = try await Self.amtool(["silence", "query", "--expired", "-q"], url: am.url)
            #expect(result.stdoutString.contains(id))

            // Import recreates the exported (active) silence under a new id.
            result = try await Self.amtool(["silence", "import", exported.path], url: am.url)
            #expect(result.status == 0, "\(result.stderrString)")
            result = try await Self.amtool(["silence", "query", "-q"], url: am.url)
            let imported = result.stdoutString.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(Silence.isValidAPIID(imported))
            #expect(imported != id)
        }
    }

    @Test(.enabled(if: Peer.available("amtool"), "amtool (Debian prometheus-alertmanager) is not installed"))
    func routesTestAndConfigShowReadTheServedConfig() async throws {
        try await withAlertmanager(config: Self.config) { am in
            var result = try await Self.amtool(["config", "routes", "test", "team=db"], url: am.url)
            #expect(result.status == 0, "\(result.stderrString)")
            #expect(result.stdoutString == "database\n")
            result = try await Self.amtool(["config", "routes", "test", "team=web"], url: am.url)
            #expect(result.stdoutString == "default\n")
            result = try await Self.amtool(["config", "show"], url: am.url)
            #expect(result.status == 0, "\(result.stderrString)")
            #expect(result.stdoutString.contains("receiver: database"))
        }
    }
}
