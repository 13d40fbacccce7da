import Alertmanager
import ArgusTesting
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Configuration reloads through `POST /-/reload` and SIGHUP: a bad file is
/// refused with its position and the old configuration keeps running; a good
/// one takes effect at once.
@Suite(.serialized) struct AlertmanagerReloadTests {
    static let original = """
        route:
          receiver: default
          group_by: [alertname]
        receivers:
          - name: default
        """

    /// Line 4 misspells `group_by`.
    static let broken = """
        route:
          receiver: default
          group_by: [alertname]
          group_wiat: 1s
        receivers:
          - name: default
        """

    static let extended = teamRoutingConfig

    /// The value of an unlabelled sample of `/metrics`.
    static func metric(_ name: String, at url: String) async throws -> Double? {
        let text = try await AlertmanagerHTTP.get(url + "/metrics").body
        return text.split(separator: "\n").first { $0.hasPrefix(name + " ") }.flatMap {
            Double($0.dropFirst(name.count + 1))
        }
    }

    /// The receivers `GET /api/v2/alerts` reports for an alert of team db.
    static func databaseAlertReceivers(at url: String) async throws -> [String] {
        let posted = try await AlertmanagerHTTP.post(
            url + "/api/v2/alerts", json: #"[{"labels":{"alertname":"Lag","team":"db"}}]"#)
        #expect(posted.status == 200, "\(posted.body)")
        let listed = try await AlertmanagerHTTP.get(url + "/api/v2/alerts?filter=alertname%3D%22Lag%22").json()
        let alert = (listed as? [[String: Any]])?.first
        return (alert?["receivers"] as? [[String: String]] ?? []).compactMap { $0["name"] }
    }

    /// `config.original` of `/api/v2/status` (0.25 shows the configuration
    /// re-marshalled, so tests look for what it names, not for exact text).
    static func configuredText(at url: String) async throws -> String {
        let status = try await AlertmanagerHTTP.get(url + "/api/v2/status").json() as? [String: Any]
        return (status?["config"] as? [String: Any])?["original"] as? String ?? ""
    }

    @Test func reloadEndpointRefusesABadFileThenAppliesAGoodOne() async throws {
        try await withAlertmanager(config: Self.original) { am in
            let configFile = am.directory.appendingPathComponent("alertmanager.yml")
            #expect(try await Self.metric("alertmanager_config_last_reload_successful", at: am.url) == 1)

            try Self.broken.write(to: configFile, atomically: true, encoding: .utf8)
            var reply = try await AlertmanagerHTTP.post(am.url + "/-/reload")
            #expect(reply.status == 500)
            #expect(reply.body.hasPrefix("failed to reload config: "), "\(reply.body)")
            #expect(reply.body.contains("\(configFile.path):4:"), "\(reply.body)")
            #expect(reply.body.contains("group_wiat"), "\(reply.body)")
            #expect(try await Self.metric("alertmanager_config_last_reload_successful", at: am.url) == 0)
            #expect(try await !Self.configuredText(at: am.url).contains("database"))
            #expect(try await Self.databaseAlertReceivers(at: am.url) == ["default"])

            try Self.extended.write(to: configFile, atomically: true, encoding: .utf8)
            reply = try await AlertmanagerHTTP.post(am.url + "/-/reload")
            #expect(reply.status == 200, "\(reply.body)")
            #expect(try await Self.metric("alertmanager_config_last_reload_successful", at: am.url) == 1)
            #expect(try await Self.configuredText(at: am.url).contains("receiver: database"))
            #expect(try await Self.databaseAlertReceivers(at: am.url) == ["database"])
        }
    }

    @Test(
        .enabled(if: AlertmanagerRestartTests.argusBuilt, "the argus binary is not built (swift build --build-tests)"))
    func sighupReloadsTheBinary() async throws {
        let directory = try Fixtures.temporaryDirectory("am-sighup")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try await AlertmanagerProcess.start(.argus, config: Self.original, in: directory)
        defer { server.stop() }

        try Self.broken.write(to: server.configFile, atomically: true, encoding: .utf8)
        server.signal(SIGHUP)
        #expect(
            await eventually(timeout: .seconds(30)) {
                (try? await Self.metric("alertmanager_config_last_reload_successful", at: server.url)) == 0
            })
        #expect(server.background.log.contains("\(server.configFile.path):4:"), "\(server.background.log)")
        #expect(server.background.process.isRunning)
        #expect(try await !Self.configuredText(at: server.url).contains("database"))

        try Self.extended.write(to: server.configFile, atomically: true, encoding: .utf8)
        server.signal(SIGHUP)
        #expect(
            await eventually(timeout: .seconds(30)) {
                (try? await Self.configuredText(at: server.url))?.contains("receiver: database") == true
            })
        #expect(try await Self.metric("alertmanager_config_last_reload_successful", at: server.url) == 1)
        #expect(try await Self.databaseAlertReceivers(at: server.url) == ["database"])
    }
}
