import ArgusConfig
import ArgusCore
import AsyncHTTPClient
import Foundation
import Logging
import MetricsTestKit
import OutboundHTTP
import RemoteStorage

/// Builders shared by the queue tests: configs with short test timings, a
/// fresh buffer directory, queues wired to a TestMetrics factory.
enum QueueFixture {
    static let logger = Logger(label: "remote-storage-tests")

    /// A remote-write config for `url` with fast batching and backoff.
    static func config(
        _ url: String, _ adjust: (inout RemoteWriteConfig) -> Void = { _ in }
    ) throws -> RemoteWriteConfig {
        var config = RemoteWriteConfig(url: try ConfigURL(parsing: url))
        config.remoteTimeout = PromDuration(seconds: 5)
        config.queueConfig.batchSendDeadline = PromDuration(milliseconds: 50)
        config.queueConfig.minBackoff = PromDuration(milliseconds: 10)
        config.queueConfig.maxBackoff = PromDuration(milliseconds: 100)
        adjust(&config)
        return config
    }

    /// A new empty directory under the system's temporary directory.
    static func temporaryDirectory() -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("argus-remote-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func queue(
        _ config: RemoteWriteConfig,
        directory: String,
        externalLabels: Labels = Labels(),
        options: RemoteWriteOptions = RemoteWriteOptions(),
        metrics: TestMetrics = TestMetrics()
    ) throws -> QueueManager {
        let client = try RemoteWriteClient(config: config, httpClient: .shared, userAgent: "argus-test")
        return try QueueManager(
            config: config, externalLabels: externalLabels, name: "test", directory: directory, client: client,
            options: options, metricsFactory: metrics, logger: logger)
    }

    /// `count` series `x{series="i"}`, `perSeries` samples each (timestamps
    /// 1000·j ms, value j), interleaved across series.
    static func samples(series count: Int, perSeries: Int, name: String = "x") -> [AppendedSample] {
        var result: [AppendedSample] = []
        for step in 0..<perSeries {
            for series in 0..<count {
                result.append(
                    AppendedSample(
                        labels: ["__name__": name, "series": String(series)], timestamp: Int64(step) * 1000,
                        value: Double(step)))
            }
        }
        return result
    }

    /// The dimensions of a queue made by ``queue(_:directory:externalLabels:options:metrics:)``.
    static func dimensions(_ config: RemoteWriteConfig, _ extra: [(String, String)] = []) -> [(String, String)] {
        [("remote_name", "test"), ("url", config.url.string)] + extra
    }
}
