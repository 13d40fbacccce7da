import ArgusTesting
import Foundation
import Testing

/// A running `argus metrics` (a real process on loopback) with its data
/// directory, configured by a `prometheus.yml` as a user configures it.
final class ArgusServer {
    let process: BackgroundProcess
    let port: Int
    let directory: URL
    var url: String { "http://127.0.0.1:\(port)" }

    /// Starts the server; `config` is given the port it will listen on.
    /// `before` may write files the configuration refers to (rule files) into the directory;
    /// `directory` reuses the data and files of an earlier server (a restart).
    init(
        config: (Int) -> String, extraFlags: [String] = [], directory: URL? = nil,
        before: (URL) throws -> Void = { _ in }
    ) async throws {
        let directory = try directory ?? Fixtures.temporaryDirectory("argus-e2e")
        try before(directory)
        let configURL = directory.appendingPathComponent("prometheus.yml")
        port = BackgroundProcess.freePort()
        try config(port).write(to: configURL, atomically: true, encoding: .utf8)
        self.directory = directory
        let binary = Bundle.main.bundleURL.appendingPathComponent("argus").path
        process = try BackgroundProcess.start(
            binary,
            [
                "metrics", "--config.file=\(configURL.path)", "--web.listen-address=127.0.0.1:\(port)",
                "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)", "--web.enable-lifecycle",
                "--web.enable-remote-write-receiver",
            ] + extraFlags,
            in: directory)
        try await process.waitForLog("Server is ready to receive web requests.")
    }

    func writeConfig(_ config: String) throws {
        try config.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
    }

    func get(_ path: String) async throws -> (status: Int, body: String) {
        try await Peer.http("GET", url + path)
    }

    /// Polls `path` until `condition` holds on the body (at most `timeout`).
    @discardableResult
    func waitFor(_ path: String, timeout: Duration = .seconds(300), _ condition: (String) -> Bool) async throws
        -> String
    {
        let deadline = ContinuousClock.now + timeout
        var last = ""
        while ContinuousClock.now < deadline {
            last = (try? await get(path).body) ?? ""
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw PeerError(message: "condition not met for \(path); last answer: \(last)\nlog:\n\(process.log)")
    }

    deinit { process.stop() }
}

@Suite(.serialized) struct MetricsServerEndToEndTests {
    static func selfScrapeConfig(port: Int) -> String {
        """
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
        scrape_configs:
          - job_name: argus
            static_configs:
              - targets: ["127.0.0.1:\(port)"]
        """
    }

    @Test func scrapesItselfAndAnswersQueries() async throws {
        let server = try await ArgusServer(config: Self.selfScrapeConfig)
        try await server.waitFor("/api/v1/query?query=up") { $0.contains(#""value":["#) && $0.contains(#","1"]"#) }
        let targets = try await server.get("/api/v1/targets").body
        #expect(targets.contains(#""health":"up""#))
        #expect(targets.contains(#""scrapePool":"argus""#))
        let metrics = try await server.get("/metrics").body
        #expect(metrics.contains("prometheus_http_requests_total"))
        #expect(metrics.contains("prometheus_tsdb_head_series"))
    }

    @Test func rejectsABadConfigOnStartWithFileAndLine() async throws {
        let directory = try Fixtures.temporaryDirectory("argus-e2e")
        let configURL = directory.appendingPathComponent("bad.yml")
        try "global:\n  scrape_interval: 15x\n".write(to: configURL, atomically: true, encoding: .utf8)
        let result = try await runArgus([
            "metrics", "--config.file=\(configURL.path)", "--web.listen-address=127.0.0.1:0",
            "--storage.tsdb.path=\(directory.appendingPathComponent("data").path)",
        ])
        #expect(result.status != 0)
        #expect(result.stderrString.contains("bad.yml:2:20"))
        #expect(result.stderrString.contains("global.scrape_interval"))
    }

    @Test func unsupportedPrometheusFlagIsExplained() async throws {
        let result = try await runArgus(["metrics", "--storage.tsdb.wal-compression"])
        #expect(result.status != 0)
        #expect(
            result.stderrString.contains(
                "--storage.tsdb.wal-compression is a Prometheus flag that Argus does not support"))
    }

    @Test func blockDurationFlagsAreAcceptedAndChecked() async throws {
        let server = try await ArgusServer(
            config: { _ in "global:\n  scrape_interval: 1s\n" },
            extraFlags: ["--storage.tsdb.min-block-duration=30m", "--storage.tsdb.max-block-duration=6h"])
        let flags = try await server.get("/api/v1/status/flags").body
        #expect(flags.contains(#""storage.tsdb.min-block-duration":"30m""#), "\(flags)")
        #expect(flags.contains(#""storage.tsdb.max-block-duration":"6h""#), "\(flags)")

        let zero = try await runArgus(["metrics", "--storage.tsdb.min-block-duration=0s"])
        #expect(zero.status != 0)
        #expect(zero.stderrString.contains("--storage.tsdb.min-block-duration must be positive"))
        let bad = try await runArgus(["metrics", "--storage.tsdb.max-block-duration=2x"])
        #expect(bad.status != 0)
        #expect(bad.stderrString.contains("storage.tsdb.max-block-duration"))
    }

    @Test func remoteReadFlagsAreAcceptedAndChecked() async throws {
        let server = try await ArgusServer(
            config: { _ in "global:\n  scrape_interval: 1s\n" },
            extraFlags: [
                "--storage.remote.read-sample-limit=5e7", "--storage.remote.read-concurrent-limit=2",
                "--storage.remote.read-max-bytes-in-frame=65536",
            ])
        let flags = try await server.get("/api/v1/status/flags").body
        #expect(flags.contains(#""storage.remote.read-sample-limit":"5e7""#), "\(flags)")
        #expect(flags.contains(#""storage.remote.read-concurrent-limit":"2""#), "\(flags)")
        #expect(flags.contains(#""storage.remote.read-max-bytes-in-frame":"65536""#), "\(flags)")
        let metrics = try await server.get("/metrics").body
        #expect(metrics.contains("prometheus_api_remote_read_queries 0"), "\(metrics)")

        let bad = try await runArgus(["metrics", "--storage.remote.read-sample-limit=1.5"])
        #expect(bad.status != 0)
        #expect(
            bad.stderrString.contains(
                #"invalid value "1.5" for --storage.remote.read-sample-limit: expected a non-negative integer"#))
        let frame = try await runArgus(["metrics", "--storage.remote.read-max-bytes-in-frame=0"])
        #expect(frame.status != 0)
        #expect(frame.stderrString.contains("--storage.remote.read-max-bytes-in-frame must be positive"))
    }

    @Test func unsupportedPrometheusFeatureIsExplained() async throws {
        let result = try await runArgus(["metrics", "--enable-feature=promql-experimental-functions,native-histograms"])
        #expect(result.status != 0)
        #expect(
            result.stderrString.contains(
                "--enable-feature=native-histograms is a Prometheus feature that Argus does not support"))
    }

    @Test func badReloadKeepsTheOldConfig() async throws {
        let server = try await ArgusServer(config: { _ in "global:\n  scrape_interval: 1s\n" })
        try server.writeConfig("scrape_configs:\n  - job_name: x\n    bogus: 1\n")
        let reload = try await Peer.http("POST", server.url + "/-/reload")
        #expect(reload.status == 500)
        #expect(reload.body.contains("field bogus not found"))
        let runtime = try await server.get("/api/v1/status/runtimeinfo").body
        #expect(runtime.contains(#""reloadConfigSuccess":false"#))
        await #expect(try server.get("/api/v1/status/config").body.contains("scrape_interval: 1s"))
        await #expect(try server.get("/-/healthy").status == 200)
        await #expect(try server.get("/metrics").body.contains("argus_config_reload_failures_total 1"))

        try server.writeConfig("global:\n  scrape_interval: 2s\n")
        await #expect(try Peer.http("POST", server.url + "/-/reload").status == 200)
        await #expect(try server.get("/api/v1/status/runtimeinfo").body.contains(#""reloadConfigSuccess":true"#))
    }

    @Test func survivesAHostileQuery() async throws {
        let server = try await ArgusServer(config: { _ in "global:\n  scrape_interval: 1s\n" })
        let (status, body) = try await server.get(
            "/api/v1/query?query=" + "sum(".addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(status == 400)
        #expect(body.contains("bad_data"))
        let (status2, _) = try await server.get("/api/v1/query_range?query=1&start=0&end=1e12&step=1")
        #expect(status2 == 400)
        await #expect(try server.get("/-/healthy").status == 200)
    }
}

/// The README's run command: `argus` with no arguments.
@Suite struct DefaultRunTests {
    /// Polls `url` until `condition` holds on its body, for at most five
    /// minutes; returns the last body either way.
    static func poll(_ url: String, until condition: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + .seconds(300)
        var body = ""
        while ContinuousClock.now < deadline {
            body = await (try? Peer.http("GET", url).body) ?? ""
            if condition(body) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        return body
    }

    static func portIsFree(_ port: Int) -> Bool {
        (try? Peer.http("GET", "http://127.0.0.1:\(port)/")) == nil
    }

    @Test(
        .enabled(
            if: portIsFree(9090) && portIsFree(9100) && portIsFree(9091) && portIsFree(9093),
            "port 9090, 9100, 9091 or 9093 is in use, so the default run cannot be tried"))
    func noArgumentsRunsTheWholeStack() async throws {
        let directory = try Fixtures.temporaryDirectory("argus-default")
        let process = try BackgroundProcess.start(
            Bundle.main.bundleURL.appendingPathComponent("argus").path, [], in: directory)
        defer { process.stop() }
        try await process.waitForLog("Server is ready to receive web requests.")
        let pushed = try await Peer.http(
            "PUT", "http://127.0.0.1:9091/metrics/job/nightly", body: Array("backup_bytes 1234\n".utf8))
        #expect(pushed.status == 200, "\(pushed.body)")
        let answer = try await Self.poll("http://127.0.0.1:9090/api/v1/query?query=up") { answer in
            answer.contains(#""job":"argus""#) && answer.contains(#""job":"node""#)
                && answer.contains(#""job":"pushgateway""#) && answer.contains(#""job":"alertmanager""#)
                && !answer.contains(#","0"]"#)
        }
        #expect(answer.contains(#""instance":"localhost:9090""#), "\(answer)\n\(process.log)")
        #expect(answer.contains(#""instance":"localhost:9100""#), "\(answer)\n\(process.log)")
        #expect(!answer.contains(#","0"]"#), "\(answer)")
        let load = try await Peer.http("GET", "http://127.0.0.1:9090/api/v1/query?query=node_load1").body
        #expect(load.contains(#""job":"node""#), "\(load)")
        // Pushed series keep their own job label (honor_labels); they arrive
        // with the first gateway scrape after the push.
        let backup = try await Self.poll("http://127.0.0.1:9090/api/v1/query?query=backup_bytes") {
            $0.contains(#""job":"nightly""#)
        }
        #expect(backup.contains(#""job":"nightly""#) && backup.contains(#""1234"]"#), "\(backup)")
        // The metrics server knows the embedded Alertmanager, which takes alerts.
        let alertmanagers = try await Peer.http("GET", "http://127.0.0.1:9090/api/v1/alertmanagers").body
        #expect(alertmanagers.contains("http://localhost:9093/api/v2/alerts"), "\(alertmanagers)")
        let posted = try await Peer.http(
            "POST", "http://127.0.0.1:9093/api/v2/alerts", body: Array(#"[{"labels":{"alertname":"Smoke"}}]"#.utf8),
            contentType: "application/json")
        #expect(posted.status == 200, "\(posted.body)")
        let groups = try await Self.poll("http://127.0.0.1:9093/api/v2/alerts/groups") { $0.contains("Smoke") }
        #expect(groups.contains(#""receiver":{"name":"default"}"#), "\(groups)")
        #expect(process.stop() == 0)
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/wal").path))
        #expect(
            FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/alertmanager/silences").path))
        #expect(process.log.contains("See you next time!"))
    }
}
