import ArgusTesting
import Foundation
import Testing

/// `argus pushgateway` as a process: pushes survive a restart through the
/// persistence file, written on graceful shutdown.
@Suite(.serialized) struct PushgatewayEndToEndTests {
    static func start(directory: URL, port: Int, extraFlags: [String] = []) async throws -> BackgroundProcess {
        let binary = Bundle.main.bundleURL.appendingPathComponent("argus").path
        let process = try BackgroundProcess.start(
            binary,
            [
                "pushgateway", "--web.listen-address=127.0.0.1:\(port)",
                "--persistence.file=\(directory.appendingPathComponent("pg.data").path)",
                "--persistence.interval=1h", "--web.enable-lifecycle",
            ] + extraFlags,
            in: directory)
        try await process.waitForLog("msg=Listening")
        return process
    }

    @Test func pushedGroupsSurviveARestart() async throws {
        let directory = try Fixtures.temporaryDirectory("pushgateway-e2e")
        defer { try? FileManager.default.removeItem(at: directory) }
        let port = BackgroundProcess.freePort()
        let url = "http://127.0.0.1:\(port)"
        let first = try await Self.start(directory: directory, port: port)
        let put = try await Peer.http(
            "PUT", url + "/metrics/job/backup/instance/db1", body: Array("last_success 1.7e9\n".utf8))
        #expect(put.status == 200)
        let post = try await Peer.http(
            "POST", url + "/metrics/job@base64/L3Zhci90bXA", body: Array("# TYPE files gauge\nfiles 12\n".utf8))
        #expect(post.status == 200)
        #expect(first.stop() == 0)
        #expect(first.log.contains("msg=\"Metrics persisted\""))

        let second = try await Self.start(directory: directory, port: port)
        defer { second.stop() }
        #expect(second.log.contains("msg=\"Metrics restored\""))
        let metrics = try await Peer.http("GET", url + "/metrics").body
        #expect(metrics.contains("last_success{instance=\"db1\",job=\"backup\"} 1.7e+09"))
        #expect(metrics.contains("# TYPE files gauge\nfiles{instance=\"\",job=\"/var/tmp\"} 12"))
        #expect(metrics.contains("push_time_seconds{instance=\"db1\",job=\"backup\"} 1."))

        // /-/quit with the lifecycle API enabled shuts down gracefully, persisting again.
        await #expect(try Peer.http("DELETE", url + "/metrics/job/backup/instance/db1").status == 202)
        await #expect(try Peer.http("POST", url + "/-/quit").status == 200)
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 0)

        let third = try await Self.start(directory: directory, port: port)
        defer { third.stop() }
        let after = try await Peer.http("GET", url + "/metrics").body
        #expect(!after.contains("job=\"backup\""))
        #expect(after.contains("files{instance=\"\",job=\"/var/tmp\"} 12"))
    }

    @Test func aCorruptPersistenceFileIsReportedWithItsOffset() async throws {
        let directory = try Fixtures.temporaryDirectory("pushgateway-e2e")
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data("ARGUSPG\u{1}\u{5}\0\0\0\0\0\0\0abcde".utf8).write(to: directory.appendingPathComponent("pg.data"))
        let process = try await Self.start(directory: directory, port: BackgroundProcess.freePort())
        defer { process.stop() }
        #expect(process.log.contains("Could not load persisted metrics"))
        #expect(process.log.contains("pg.data: bad checksum in record 1 at byte offset 8"))
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("pg.data.corrupt").path))
    }

    @Test func badFlagsAreRejected() async throws {
        let result = try await runArgus(["pushgateway", "--persistence.interval=soon"])
        #expect(result.status != 0)
        #expect(result.stderrString.contains("--persistence.interval"))
    }
}
