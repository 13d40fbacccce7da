/// One of node-exporter's collectors: reads one area of the host
/// (`/proc/stat`, `/sys/class/hwmon`, …) and reports it as metrics.
///
/// A collector is created once when the exporter starts and asked to
/// ``update(_:)`` on every scrape; scrapes may run concurrently, so state a
/// collector keeps between scrapes (cpu keeps its counters from going
/// backwards) sits behind a lock.
public protocol NodeCollector: Sendable {
    /// The name in `--collector.<name>` and in the `collector` label of
    /// `node_scrape_collector_success`.
    static var name: String { get }
    /// Whether node-exporter 1.5 enables this collector without a flag.
    static var enabledByDefault: Bool { get }

    /// Prepares the collector; throws when its options are invalid.
    init(environment: NodeEnvironment) throws

    /// Adds this scrape's metrics to `metrics`. Throwing marks the scrape of
    /// this collector as failed (`node_scrape_collector_success 0`); the
    /// metrics it added before the error are kept, as node-exporter does.
    func update(_ metrics: inout NodeMetrics) throws
}

/// What every collector is given: where the host's files are and the
/// collector options of the command line.
public struct NodeEnvironment: Sendable {
    public var paths: NodePaths
    public var options: NodeCollectorOptions

    public init(paths: NodePaths = NodePaths(), options: NodeCollectorOptions = NodeCollectorOptions()) {
        self.paths = paths
        self.options = options
    }
}
