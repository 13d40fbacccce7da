import ArgusCore
import Logging

/// node-exporter: the enabled collectors, run together on every scrape.
public struct NodeExporter: Sendable {
    /// Every collector this build has, in name order.
    public static let collectorTypes: [any NodeCollector.Type] = NodeCollectors.all.sorted {
        $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
    }

    /// The collectors node-exporter 1.5 enables without flags, of those this build has.
    public static var defaultCollectorNames: [String] {
        collectorTypes.filter { $0.enabledByDefault }.map { $0.name }
    }

    private let collectors: [(name: String, collector: any NodeCollector)]
    private let logger: Logger

    /// Creates the collectors named in `enabled`; an unknown name or an
    /// invalid collector option is an error.
    public init(enabled: some Sequence<String>, environment: NodeEnvironment, logger: Logger) throws {
        var collectors: [(name: String, collector: any NodeCollector)] = []
        for name in Set(enabled).sorted() {
            guard let type = Self.collectorTypes.first(where: { $0.name == name }) else {
                throw NodeCollectorError.invalidOption(flag: "collector.\(name)", reason: "unknown collector")
            }
            collectors.append((name, try type.init(environment: environment)))
        }
        self.collectors = collectors
        self.logger = logger
    }

    /// The names of the enabled collectors, sorted.
    public var enabledNames: [String] { collectors.map(\.name) }

    /// Runs the enabled collectors concurrently, or only those in `only`
    /// (the `collect[]` parameters of a scrape), and adds
    /// `node_scrape_collector_duration_seconds` and
    /// `node_scrape_collector_success` for each.
    public func gather(only: Set<String>? = nil) async -> NodeMetrics {
        let selected = collectors.filter { only?.contains($0.name) ?? true }
        return await withTaskGroup(of: (String, NodeMetrics, Double, Bool).self) { group in
            for (name, collector) in selected {
                group.addTask { [logger] in
                    var metrics = NodeMetrics()
                    let start = ContinuousClock.now
                    var success = true
                    do {
                        try collector.update(&metrics)
                    } catch {
                        success = false
                        let duration = Self.seconds(since: start)
                        if let error = error as? NodeCollectorError, error.isNoData {
                            logger.debug(
                                "collector returned no data",
                                metadata: ["name": "\(name)", "duration_seconds": "\(duration)", "err": "\(error)"])
                        } else {
                            logger.error(
                                "collector failed",
                                metadata: ["name": "\(name)", "duration_seconds": "\(duration)", "err": "\(error)"])
                        }
                    }
                    return (name, metrics, Self.seconds(since: start), success)
                }
            }
            var all = NodeMetrics()
            for await (name, metrics, duration, success) in group {
                all.merge(metrics)
                all.add(
                    "node_scrape_collector_duration_seconds", help: "node_exporter: Duration of a collector scrape.",
                    type: .gauge, labels: ["collector": name], value: duration)
                all.add(
                    "node_scrape_collector_success", help: "node_exporter: Whether a collector succeeded.",
                    type: .gauge, labels: ["collector": name], value: success ? 1 : 0)
            }
            for error in all.errors {
                logger.error("error gathering metrics", metadata: ["err": "\(error)"])
            }
            return all
        }
    }

    private static func seconds(since start: ContinuousClock.Instant) -> Double {
        (ContinuousClock.now - start).inSeconds
    }
}
