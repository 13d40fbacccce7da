import Alertmanager
import ArgusTesting
import Foundation
import GoTemplate
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `argus alertmanager` killed without warning and started again on the
/// same `--storage.path`: silences and the notification log survive, so
/// nothing is lost and nothing is sent twice.
@Suite(.serialized) struct AlertmanagerRestartTests {
    static var argusBuilt: Bool { FileManager.default.isExecutableFile(atPath: AlertmanagerProcess.argusPath) }

    static func config(hookPort: Int) -> String {
        """
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 1s
          group_interval: 2s
          repeat_interval: 1h
        receivers:
          - name: hook
            webhook_configs:
              - url: http://127.0.0.1:\(hookPort)/hook
        """
    }

    static func alert(_ name: String, startsAt: GoTime) -> String {
        #"{"labels":{"alertname":"\#(name)","instance":"db1"},"startsAt":"\#(startsAt.rfc3339Milli)"}"#
    }

    static func groupNames(_ hook: NotifyTestServer) -> [String] {
        hook.requests.compactMap { request in
            let payload = try? JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any]
            return (payload?["groupLabels"] as? [String: String])?["alertname"]
        }
    }

    static func fileSize(_ url: URL) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? Int) ?? 0
    }

    @Test(.enabled(if: argusBuilt, "the argus binary is not built (swift build --build-tests)"))
    func silencesAndNotificationLogSurviveSIGKILL() async throws {
        let directory = try Fixtures.temporaryDirectory("am-restart")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await NotifyTestServer.run { hookPort, hook in
            let first = try await AlertmanagerProcess.start(
                .argus, config: Self.config(hookPort: hookPort), in: directory)
            let startsAt = GoTime.now()
            var reply = try await AlertmanagerHTTP.post(
                first.url + "/api/v2/alerts", json: "[\(Self.alert("DiskFull", startsAt: startsAt))]")
            #expect(reply.status == 200, "\(reply.body)")
            // Under load a slow webhook answer can be retried (as Alertmanager
            // retries after its timeout), so count what was sent before the crash.
            #expect(await eventually(timeout: .seconds(60)) { hook.requests.count >= 1 })

            reply = try await AlertmanagerHTTP.post(
                first.url + "/api/v2/silences",
                json: """
                    {"matchers":[{"name":"alertname","value":"Planned","isRegex":false}],
                     "startsAt":"\(startsAt.rfc3339Milli)","endsAt":"2100-01-01T00:00:00Z",
                     "createdBy":"ops","comment":"planned work"}
                    """)
            #expect(reply.status == 200, "\(reply.body)")
            let silenceID = (try reply.json() as? [String: Any])?["silenceID"] as? String ?? ""
            #expect(!silenceID.isEmpty)
            // Both stores reach disk shortly after they change (write-behind).
            let storage = first.storage
            #expect(
                await eventually(timeout: .seconds(30)) {
                    Self.fileSize(storage.appendingPathComponent("silences")) > 0
                        && Self.fileSize(storage.appendingPathComponent("nflog")) > 0
                })
            let sentBeforeCrash = hook.requests.count
            first.crash()
            #expect(first.background.process.terminationReason == .uncaughtSignal)

            let second = try await AlertmanagerProcess.start(
                .argus, configFile: first.configFile, storage: first.storage, in: directory)
            defer { second.stop() }
            reply = try await AlertmanagerHTTP.get(second.url + "/api/v2/silences")
            let silences = try reply.json() as? [[String: Any]] ?? []
            #expect(silences.map { $0["id"] as? String } == [silenceID], "\(reply.body)")
            #expect((silences.first?["status"] as? [String: Any])?["state"] as? String == "active")

            // The same alert again, plus one the silence covers and one new:
            // only the new one is sent.
            reply = try await AlertmanagerHTTP.post(
                second.url + "/api/v2/alerts",
                json: "[\(Self.alert("DiskFull", startsAt: startsAt)),\(Self.alert("Planned", startsAt: .now()))]")
            #expect(reply.status == 200, "\(reply.body)")
            reply = try await AlertmanagerHTTP.post(
                second.url + "/api/v2/alerts", json: "[\(Self.alert("CPUHot", startsAt: .now()))]")
            #expect(await eventually(timeout: .seconds(60)) { Self.groupNames(hook).contains("CPUHot") })
            // group_wait + 2 × group_interval, and a margin.
            try await Task.sleep(for: .seconds(6))
            #expect(Array(Self.groupNames(hook).dropFirst(sentBeforeCrash)) == ["CPUHot"])
            #expect(Set(Self.groupNames(hook).prefix(sentBeforeCrash)) == ["DiskFull"])

            reply = try await AlertmanagerHTTP.get(second.url + "/api/v2/alerts?active=false&silenced=true")
            let listed = try reply.json() as? [[String: Any]] ?? []
            let planned = listed.first { ($0["labels"] as? [String: String])?["alertname"] == "Planned" }
            #expect((planned?["status"] as? [String: Any])?["silencedBy"] as? [String] == [silenceID], "\(reply.body)")
        }
    }

    @Test(.enabled(if: argusBuilt, "the argus binary is not built (swift build --build-tests)"))
    func corruptSilencesSnapshotIsLoggedAndTheServerStarts() async throws {
        let directory = try Fixtures.temporaryDirectory("am-corrupt")
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = directory.appendingPathComponent("data")
        try FileManager.default.createDirectory(at: storage, withIntermediateDirectories: true)
        // A length prefix promising far more than follows, then garbage.
        let damaged = Data([0xFF, 0xFF, 0xFF, 0x0F, 0x0A, 0x03, 0x61, 0x62])
        try damaged.write(to: storage.appendingPathComponent("silences"))
        let configFile = directory.appendingPathComponent("alertmanager.yml")
        try "route:\n  receiver: default\nreceivers:\n  - name: default\n".write(
            to: configFile, atomically: true, encoding: .utf8)

        let server = try await AlertmanagerProcess.start(
            .argus, configFile: configFile, storage: storage, in: directory)
        defer { server.stop() }
        let log = server.background.log
        #expect(log.contains("Snapshot damaged"), "\(log)")
        #expect(log.contains(storage.appendingPathComponent("silences").path), "\(log)")
        let reply = try await AlertmanagerHTTP.get(server.url + "/api/v2/silences")
        #expect(reply.status == 200)
        #expect(reply.body.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
        // New silences are accepted and written over the damaged file.
        let created = try await AlertmanagerHTTP.post(
            server.url + "/api/v2/silences",
            json: """
                {"matchers":[{"name":"alertname","value":"X","isRegex":false}],"startsAt":"2000-01-01T00:00:00Z",
                 "endsAt":"2100-01-01T00:00:00Z","createdBy":"ops","comment":"after damage"}
                """)
        #expect(created.status == 200, "\(created.body)")
        // The damaged file is kept aside, not overwritten by the new snapshot.
        #expect(try Data(contentsOf: storage.appendingPathComponent("silences.damaged")) == damaged)
        #expect(
            await eventually(timeout: .seconds(30)) {
                Self.fileSize(storage.appendingPathComponent("silences")) > 8
            })
    }
}
