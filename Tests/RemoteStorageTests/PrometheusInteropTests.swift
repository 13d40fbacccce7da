import ArgusConfig
import ArgusCore
import ArgusTesting
import AsyncHTTPClient
import Foundation
import NIOHTTP1
import OutboundHTTP
import RemoteStorage
import Storage
import Testing

/// Sends through a queue to a real Prometheus (2.42, remote-write receiver
/// enabled), counts what it stored and reads it back over remote read. Skips when `/usr/bin/prometheus` is missing.
@Suite struct PrometheusInteropTests {
    static let prometheus = "/usr/bin/prometheus"

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: prometheus)))
    func prometheusReceivesEverySample() async throws {
        let directory = QueueFixture.temporaryDirectory()
        let port = BackgroundProcess.freePort()
        try "global: {}\n".write(toFile: directory + "/prometheus.yml", atomically: true, encoding: .utf8)
        let server = try BackgroundProcess.start(
            Self.prometheus,
            [
                "--config.file=\(directory)/prometheus.yml", "--storage.tsdb.path=\(directory)/data",
                "--web.listen-address=127.0.0.1:\(port)", "--web.enable-remote-write-receiver",
            ], in: URL(fileURLWithPath: directory))
        defer { _ = server.stop() }
        _ = try await server.waitForLog("Server is ready to receive web requests", timeout: .seconds(60))

        let config = try QueueFixture.config("http://127.0.0.1:\(port)/api/v1/write") {
            $0.queueConfig.minShards = 3
            $0.queueConfig.maxSamplesPerSend = 100
        }
        let queue = try QueueFixture.queue(config, directory: directory + "/queue")
        queue.start()
        // 10 series × 100 samples, one per second ending now (inside the head block).
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var samples: [AppendedSample] = []
        for step in 0..<100 {
            for series in 0..<10 {
                samples.append(
                    AppendedSample(
                        labels: ["__name__": "x", "series": String(series)], timestamp: now - Int64(100 - step) * 1000,
                        value: Double(step)))
            }
        }
        for start in stride(from: 0, to: samples.count, by: 50) {
            queue.append(Array(samples[start..<start + 50]))
        }
        #expect(await eventually { queue.isDrained })
        await queue.stop()

        let query = "sum(count_over_time(x[1h]))"
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        let url = "http://127.0.0.1:\(port)/api/v1/query?query=\(encoded)&time=\(Double(now) / 1000)"
        var answer = ""
        let complete = await eventually {
            answer = (try? await String(decoding: Peer.httpGet(url), as: UTF8.self)) ?? ""
            return answer.contains("\"1000\"")
        }
        #expect(complete, "Prometheus answered \(answer)")

        // Read everything back through Prometheus' remote-read endpoint.
        let readConfig = RemoteReadConfig(url: try ConfigURL(parsing: "http://127.0.0.1:\(port)/api/v1/read"))
        let reader = RemoteReadQuerier(
            client: try RemoteReadClient(config: readConfig, httpClient: .shared, userAgent: "argus-test"),
            externalLabels: Labels(), requiredMatchers: [:], readRecent: true, localStartTime: { .min })
        let read = try reader.select([.equal("__name__", "x")], mint: now - 3_600_000, maxt: now)
        let expectedLabels: [Labels] = (0..<10).map { ["__name__": "x", "series": String($0)] }.sorted { $0 < $1 }
        let expectedValues: [Double] = (0..<100).map(Double.init)
        #expect(read.map(\.labels) == expectedLabels)
        #expect(read.allSatisfy { $0.samples.map(\.value) == expectedValues })
        #expect(read.first?.samples.first?.timestamp == now - 100_000)
    }
}
