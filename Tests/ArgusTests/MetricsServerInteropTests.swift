import ArgusTesting
import Foundation
import Testing

/// `argus metrics` against the real upstream programs: node-exporter as a
/// scrape target, promtool as an API client, Prometheus as a remote-write
/// sender.
@Suite(.serialized) struct MetricsServerInteropTests {
    @Test(.enabled(if: Peer.available("prometheus-node-exporter"), "prometheus-node-exporter is not installed"))
    func scrapesARealNodeExporter() async throws {
        let exporterPort = BackgroundProcess.freePort()
        let directory = try Fixtures.temporaryDirectory("node-exporter")
        let exporter = try BackgroundProcess.start(
            Peer.locate("prometheus-node-exporter")!, ["--web.listen-address=127.0.0.1:\(exporterPort)"],
            in: directory)
        defer { exporter.stop() }
        try await exporter.waitForLog("Listening on")
        let server = try await ArgusServer(config: { _ in
            """
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: node
                static_configs:
                  - targets: ["127.0.0.1:\(exporterPort)"]
                    labels: {env: test}
            """
        })
        try await server.waitFor("/api/v1/query?query=up%7Bjob%3D%22node%22%7D") { $0.contains(#","1"]"#) }
        let count = try await server.waitFor("/api/v1/query?query=count(%7Bjob%3D%22node%22%7D)") {
            guard let range = $0.range(of: #","(\d+)"\]"#, options: .regularExpression) else { return false }
            return Int($0[range].dropFirst(2).dropLast(2)) ?? 0 > 100
        }
        #expect(count.contains(#""resultType":"vector""#))
        let cpu = try await server.get("/api/v1/series?match%5B%5D=node_cpu_seconds_total").body
        #expect(cpu.contains(#""env":"test""#))
        #expect(cpu.contains(#""mode":"idle""#))
        let synthetic = try await server.get("/api/v1/query?query=scrape_samples_scraped%7Bjob%3D%22node%22%7D").body
        #expect(synthetic.contains(#""instance":"127.0.0.1:\#(exporterPort)""#))
    }

    @Test(.enabled(if: Peer.available("promtool"), "promtool is not installed"))
    func promtoolQueriesWorkUnchanged() async throws {
        let server = try await ArgusServer(config: MetricsServerEndToEndTests.selfScrapeConfig)
        try await server.waitFor("/api/v1/query?query=up") { $0.contains(#","1"]"#) }
        let promtool = Peer.locate("promtool")!

        let instant = try await Peer.run(promtool, ["query", "instant", server.url, "up"])
        #expect(instant.status == 0, "\(instant.stderrString)")
        #expect(instant.stdoutString.contains("up{instance=\"127.0.0.1:\(server.port)\", job=\"argus\"} => 1 @["))

        let now = Int(Date().timeIntervalSince1970)
        let range = try await Peer.run(
            promtool,
            ["query", "range", "--start=\(now - 60)", "--end=\(now + 2)", "--step=1s", server.url, "up"])
        #expect(range.status == 0, "\(range.stderrString)")
        #expect(range.stdoutString.contains("up{instance=\"127.0.0.1:\(server.port)\", job=\"argus\"} =>"))

        let series = try await Peer.run(promtool, ["query", "series", "--match=up", server.url])
        #expect(series.status == 0, "\(series.stderrString)")
        #expect(series.stdoutString.contains("{__name__=\"up\", instance=\"127.0.0.1:\(server.port)\", job=\"argus\"}"))

        let labels = try await Peer.run(promtool, ["query", "labels", server.url, "job"])
        #expect(labels.status == 0, "\(labels.stderrString)")
        #expect(labels.stdoutString == "argus\n")

        let bad = try await Peer.run(promtool, ["query", "instant", server.url, "sum("])
        #expect(bad.status != 0)
        #expect(bad.stderrString.contains("bad_data"))
    }

    @Test(.enabled(if: Peer.available("prometheus"), "prometheus (Debian 2.42) is not installed"))
    func prometheusRemoteWritesToArgusWithoutLoss() async throws {
        let server = try await ArgusServer(config: { _ in "global:\n  scrape_interval: 1m\n" })
        let promPort = BackgroundProcess.freePort()
        let directory = try Fixtures.temporaryDirectory("prometheus-rw")
        let config = """
            global:
              scrape_interval: 1s
              external_labels: {sender: prom}
            scrape_configs:
              - job_name: prom
                static_configs:
                  - targets: ["127.0.0.1:\(promPort)"]
            remote_write:
              - url: \(server.url)/api/v1/write
                queue_config: {batch_send_deadline: 1s}
            """
        try config.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let prometheus = try BackgroundProcess.start(
            Peer.locate("prometheus")!,
            [
                "--config.file=prometheus.yml", "--storage.tsdb.path=data",
                "--web.listen-address=127.0.0.1:\(promPort)",
            ],
            in: directory)
        defer { prometheus.stop() }
        try await prometheus.waitForLog("Server is ready to receive web requests.")
        try await server.waitFor("/api/v1/query?query=up%7Bsender%3D%22prom%22%7D") {
            $0.contains(#","1"]"#)
        }
        // Let a few more scrapes flow, then stop Prometheus so its queue drains.
        try await Task.sleep(for: .seconds(8))
        // Samples Prometheus appended in its last moments may still be in a WAL
        // segment its remote-write reader has not reached when it stops: they are
        // not sent, by Prometheus' design. Compare what both hold up to a cutoff
        // safely before the stop.
        let cutoff = Int64(Date().timeIntervalSince1970 * 1000) - 3000
        prometheus.stop()

        await #expect(try server.get("/metrics").body.contains("argus_remote_write_samples_received_total"))
        // Every sample of `up` that Prometheus stored and sent is in Argus: compare
        // the sample counts Prometheus' own TSDB holds with what Argus holds.
        let promtool = Peer.locate("promtool")!
        let dump = try await Peer.run(
            promtool, ["tsdb", "dump", "--match=up", directory.appendingPathComponent("data").path])
        let promSamples = dump.stdoutString.split(separator: "\n").filter { line in
            guard line.hasPrefix("{__name__=\"up\""), let stamp = line.split(separator: " ").last.flatMap({ Int64($0) })
            else { return false }
            return stamp <= cutoff
        }.count
        #expect(promSamples > 3, "\(dump.stderrString)")
        let argus = try await server.get(
            "/api/v1/query?query=count_over_time(up%7Bsender%3D%22prom%22%7D%5B10m%5D)&time=\(Double(cutoff) / 1000)"
        ).body
        #expect(
            argus.contains(#","\#(promSamples)"]"#), "Prometheus stored \(promSamples) samples of up; Argus: \(argus)")
    }
}

/// Scraping over HTTPS with `tls_config`, against a Python HTTPS server with
/// a self-signed certificate made by openssl.
@Suite struct MetricsServerTLSTests {
    @Test(.enabled(if: Peer.available("openssl") && Peer.available("python3"), "openssl or python3 is missing"))
    func scrapesHTTPSTargetsWithTLSConfig() async throws {
        let https = try await TLSTestServer.start(subjectAltName: "IP:127.0.0.1")
        defer { https.stop() }
        let port = https.port
        let argus = try await ArgusServer(config: { _ in
            """
            global: {scrape_interval: 1s, scrape_timeout: 1s}
            scrape_configs:
              - job_name: with-ca
                scheme: https
                tls_config: {ca_file: \(https.caFile)}
                static_configs: [{targets: ["127.0.0.1:\(port)"]}]
              - job_name: insecure
                scheme: https
                tls_config: {insecure_skip_verify: true}
                static_configs: [{targets: ["127.0.0.1:\(port)"]}]
              - job_name: untrusted
                scheme: https
                static_configs: [{targets: ["127.0.0.1:\(port)"]}]
            """
        })
        let answer = try await argus.waitFor("/api/v1/query?query=tls_test_request") {
            $0.contains(#""job":"with-ca""#) && $0.contains(#""job":"insecure""#)
        }
        #expect(answer.contains(#","1"]"#))
        let untrusted = try await argus.waitFor("/api/v1/targets?scrapePool=untrusted") {
            $0.contains(#""health":"down""#)
        }
        #expect(!untrusted.contains(#""lastError":"""#))
    }

    /// `tls_config.server_name`: the target is an address whose certificate
    /// names only `argus.test`. The handshake must carry that name (the
    /// server records the SNI it saw) and the certificate must be checked
    /// against it, while the `Host` header stays the target's address.
    @Test(.enabled(if: Peer.available("openssl") && Peer.available("python3"), "openssl or python3 is missing"))
    func scrapesWithTLSServerName() async throws {
        let https = try await TLSTestServer.start(subjectAltName: "DNS:argus.test")
        defer { https.stop() }
        let port = https.port
        let ca = https.caFile
        let argus = try await ArgusServer(config: { _ in
            """
            global: {scrape_interval: 1s, scrape_timeout: 1s}
            scrape_configs:
              - job_name: named
                scheme: https
                tls_config: {ca_file: \(ca), server_name: argus.test}
                static_configs: [{targets: ["127.0.0.1:\(port)"]}]
              - job_name: unnamed
                scheme: https
                tls_config: {ca_file: \(ca)}
                static_configs: [{targets: ["127.0.0.1:\(port)"]}]
            """
        })
        let answer = try await argus.waitFor("/api/v1/query?query=tls_test_request") {
            $0.contains(#""job":"named""#)
        }
        #expect(answer.contains(#""sni":"argus.test""#), "\(answer)")
        #expect(answer.contains(#""host":"127.0.0.1:\#(port)""#), "\(answer)")
        // The same certificate does not name 127.0.0.1: without server_name the scrape fails.
        let unnamed = try await argus.waitFor("/api/v1/targets?scrapePool=unnamed") { $0.contains(#""health":"down""#) }
        #expect(!unnamed.contains(#""lastError":"""#), "\(unnamed)")
    }

    /// Remote write and remote read with `tls_config`, against a real
    /// Prometheus 2.42 serving HTTPS (`--web.config.file`).
    @Test(
        .enabled(
            if: Peer.available("openssl") && Peer.available("prometheus"), "openssl or prometheus is missing"))
    func remoteWritesAndReadsOverHTTPS() async throws {
        let directory = try Fixtures.temporaryDirectory("prometheus-tls")
        try await TLSTestServer.makeCertificate(in: directory, subjectAltName: "IP:127.0.0.1")
        let promPort = BackgroundProcess.freePort()
        try "global: {scrape_interval: 1m}\n".write(
            to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        try "tls_server_config: {cert_file: cert.pem, key_file: key.pem}\n".write(
            to: directory.appendingPathComponent("web.yml"), atomically: true, encoding: .utf8)
        let prometheus = try BackgroundProcess.start(
            Peer.locate("prometheus")!,
            [
                "--config.file=prometheus.yml", "--storage.tsdb.path=data", "--web.enable-remote-write-receiver",
                "--web.config.file=web.yml", "--web.listen-address=127.0.0.1:\(promPort)",
            ],
            in: directory)
        defer { prometheus.stop() }
        try await prometheus.waitForLog("Server is ready to receive web requests.")
        let ca = directory.appendingPathComponent("cert.pem").path
        // Argus scrapes itself and sends that with `origin="argus"`, which
        // only the copy in Prometheus carries: reading it back through
        // remote_read shows both directions went over TLS.
        let argus = try await ArgusServer(config: { port in
            """
            global:
              scrape_interval: 1s
              external_labels: {origin: argus}
            scrape_configs:
              - job_name: argus
                static_configs: [{targets: ["127.0.0.1:\(port)"]}]
            remote_write:
              - url: https://127.0.0.1:\(promPort)/api/v1/write
                tls_config: {ca_file: \(ca)}
                queue_config: {batch_send_deadline: 1s}
            remote_read:
              - url: https://127.0.0.1:\(promPort)/api/v1/read
                tls_config: {ca_file: \(ca)}
                read_recent: true
                filter_external_labels: false
            """
        })
        let answer = try await argus.waitFor("/api/v1/query?query=up%7Borigin%3D%22argus%22%7D") {
            $0.contains(#""origin":"argus""#)
        }
        #expect(answer.contains(#""job":"argus""#) && !answer.contains("warnings"), "\(answer)")
        let metrics = try await argus.get("/metrics").body
        #expect(metrics.contains("prometheus_remote_storage_read_queries_total{code=\"200\""), "\(metrics)")
    }
}

/// Argus as a remote-write sender to a real Prometheus 2.42 receiver.
@Suite struct MetricsServerRemoteWriteSenderTests {
    @Test(.enabled(if: Peer.available("prometheus"), "prometheus (Debian 2.42) is not installed"))
    func argusRemoteWritesToPrometheusWithoutLoss() async throws {
        let promPort = BackgroundProcess.freePort()
        let directory = try Fixtures.temporaryDirectory("prometheus-receiver")
        try "global: {scrape_interval: 1m}\n".write(
            to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let prometheus = try BackgroundProcess.start(
            Peer.locate("prometheus")!,
            [
                "--config.file=prometheus.yml", "--storage.tsdb.path=data", "--web.enable-remote-write-receiver",
                "--web.listen-address=127.0.0.1:\(promPort)",
            ],
            in: directory)
        defer { prometheus.stop() }
        try await prometheus.waitForLog("Server is ready to receive web requests.")
        let argus = try await ArgusServer(config: { port in
            """
            global:
              scrape_interval: 1s
              external_labels: {origin: argus}
            scrape_configs:
              - job_name: argus
                static_configs: [{targets: ["127.0.0.1:\(port)"]}]
            remote_write:
              - url: http://127.0.0.1:\(promPort)/api/v1/write
                name: to-prometheus
                queue_config: {batch_send_deadline: 1s}
                write_relabel_configs:
                  - {source_labels: [__name__], regex: "go_.*", action: drop}
            """
        })
        try await argus.waitFor("/api/v1/query?query=count_over_time(up%5B10m%5D)%20%3E%3D%205") {
            $0.contains(#""job":"argus""#)
        }
        // Count what Argus holds up to a fixed instant, then wait for Prometheus
        // to hold the same.
        let instant = Int(Date().timeIntervalSince1970)
        let local = try await argus.get("/api/v1/query?query=count_over_time(up%5B10m%5D)&time=\(instant)").body
        guard let range = local.range(of: #","(\d+)"\]"#, options: .regularExpression) else {
            Issue.record("no count in \(local)")
            return
        }
        let count = String(local[range].dropFirst(2).dropLast(2))
        let promURL = "http://127.0.0.1:\(promPort)"
        let query = "/api/v1/query?query=count_over_time(up%7Borigin%3D%22argus%22%7D%5B10m%5D)&time=\(instant)"
        let deadline = ContinuousClock.now + .seconds(300)
        var remote = ""
        while ContinuousClock.now < deadline {
            remote = await (try? Peer.http("GET", promURL + query).body) ?? ""
            if remote.contains(#","\#(count)"]"#) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(remote.contains(#","\#(count)"]"#), "Argus holds \(count) samples of up; Prometheus: \(remote)")
        #expect(remote.contains(#""job":"argus""#))
        let metrics = try await argus.get("/metrics").body
        #expect(metrics.contains("prometheus_remote_storage_samples_total"))
    }
}

/// Argus answering queries with what a real Prometheus 2.42 holds, over remote read.
@Suite struct MetricsServerRemoteReadTests {
    @Test(.enabled(if: Peer.available("prometheus"), "prometheus (Debian 2.42) is not installed"))
    func queriesReadFromPrometheusAndADeadEndpointIsAWarning() async throws {
        let promPort = BackgroundProcess.freePort()
        let deadPort = BackgroundProcess.freePort()
        let directory = try Fixtures.temporaryDirectory("prometheus-read")
        try """
        global: {scrape_interval: 1s}
        scrape_configs:
          - job_name: prom
            static_configs: [{targets: ["127.0.0.1:\(promPort)"]}]
        """.write(to: directory.appendingPathComponent("prometheus.yml"), atomically: true, encoding: .utf8)
        let prometheus = try BackgroundProcess.start(
            Peer.locate("prometheus")!,
            ["--config.file=prometheus.yml", "--storage.tsdb.path=data", "--web.listen-address=127.0.0.1:\(promPort)"],
            in: directory)
        defer { prometheus.stop() }
        try await prometheus.waitForLog("Server is ready to receive web requests.")
        let argus = try await ArgusServer(config: { _ in
            """
            global: {scrape_interval: 1m}
            remote_read:
              - url: http://127.0.0.1:\(promPort)/api/v1/read
                read_recent: true
              - url: http://127.0.0.1:\(deadPort)/api/v1/read
                name: dead
                read_recent: true
            """
        })
        // Argus scrapes nothing: `up{job="prom"}` can only come from Prometheus.
        var body = ""
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            body = try await argus.get("/api/v1/query?query=up%7Bjob%3D%22prom%22%7D").body
            if body.contains(#""job":"prom""#) { break }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(body.contains(#""status":"success""#), "\(body)")
        #expect(body.contains(#""instance":"127.0.0.1:\#(promPort)""#), "\(body)")
        #expect(
            body.contains(#""warnings":["remote_read: error sending request: Post \"http://127.0.0.1:\#(deadPort)"#),
            "\(body)")
        let series = try await argus.get("/api/v1/series?match%5B%5D=up%7Bjob%3D%22prom%22%7D").body
        #expect(
            series.contains(#""data":[{"__name__":"up","instance":"127.0.0.1:\#(promPort)","job":"prom"}]"#),
            "\(series)")
        #expect(series.contains(#""warnings":["remote_read: error sending request"#), "\(series)")
        let metrics = try await argus.get("/metrics").body
        #expect(metrics.contains("prometheus_remote_storage_read_queries_total{code=\"200\""))
    }
}
