import ArgusConfig
import ArgusCore
import Discovery
import Foundation
import Logging
import MetricsTestKit
import Notifier
import ServiceLifecycleTestKit

/// Shared pieces of the notifier tests.
enum NotifierFixture {
    static let logger = Logger(label: "notifier-tests")

    /// A configuration from YAML, as loaded from `prometheus.yml`.
    static func config(_ yaml: String) throws -> PrometheusConfig {
        try ConfigDecoder(file: "prometheus.yml").decode(PrometheusConfig.self, from: yaml)
    }

    /// `alerting.alertmanagers` with one entry per address list.
    static func config(alertmanagers: [[String]]) throws -> PrometheusConfig {
        let entries = alertmanagers.map { addresses in
            "  - static_configs: [{targets: [\(addresses.map { "'\($0)'" }.joined(separator: ", "))]}]"
        }
        return try config("alerting:\n  alertmanagers:\n" + entries.joined(separator: "\n"))
    }

    /// A notifier whose discovery reports within milliseconds.
    static func notifier(
        _ options: NotifierOptions = NotifierOptions(), metrics: TestMetrics = TestMetrics()
    ) -> AlertNotifier {
        var options = options
        options.discoveryUpdateInterval = .milliseconds(20)
        return AlertNotifier(options: options, logger: logger, metricsFactory: metrics)
    }

    /// `count` alerts named `<prefix>0`, `<prefix>1` …
    static func alerts(_ prefix: String, _ count: Int) -> [Alert] {
        (0..<count).map { Alert(labels: ["alertname": "\(prefix)\($0)"], startsAt: 1_700_000_000_000) }
    }

    /// The URL the notifier posts to for `stub` under `path_prefix` `prefix`.
    static func url(_ stub: AlertmanagerStub, prefix: String = "") -> String {
        "http://\(stub.address)\(prefix)/api/v2/alerts"
    }

    /// A static target group for `stubs`.
    static func group(_ stubs: AlertmanagerStub...) -> TargetGroup {
        TargetGroup(source: "0", targets: TargetGroup.targets(addresses: stubs.map(\.address)))
    }

    /// Runs `notifier` while `body` runs, then shuts it down gracefully, so
    /// that requests in flight finish before the checks that follow.
    static func running<T>(_ notifier: AlertNotifier, _ body: () async throws -> T) async throws -> T {
        try await testGracefulShutdown { trigger in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await notifier.run() }
                do {
                    let result = try await body()
                    trigger.triggerGracefulShutdown()
                    try await group.waitForAll()
                    return result
                } catch {
                    group.cancelAll()
                    throw error
                }
            }
        }
    }

    /// A new empty directory.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("notifier-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

extension TestMetrics {
    /// The total of a counter, 0 when it does not exist.
    func total(_ label: String, _ dimensions: [(String, String)] = []) -> Int64 {
        (try? expectCounter(label, dimensions).totalValue) ?? 0
    }

    /// The last value of a gauge, nil when it does not exist.
    func gauge(_ label: String) -> Double? {
        try? expectGauge(label).lastValue
    }
}
