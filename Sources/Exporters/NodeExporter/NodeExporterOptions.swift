import ArgusHTTP
import HostCollectors

/// How `argus node-exporter` runs: node-exporter 1.5's server flags.
public struct NodeExporterOptions: Sendable {
    /// `--web.listen-address`.
    public var listenAddress = ListenAddress(host: "0.0.0.0", port: 9100)
    /// `--web.telemetry-path`.
    public var telemetryPath = "/metrics"
    /// `--web.max-requests`: parallel scrapes served at once; 0 is unlimited.
    public var maxRequests = 40
    /// The inverse of `--web.disable-exporter-metrics`: also expose the
    /// `promhttp_*` metrics about the exporter's own handler.
    public var includeExporterMetrics = true
    /// The collectors to run.
    public var collectors: [String] = NodeExporter.defaultCollectorNames
    /// Where the host's files are, and the collector options.
    public var environment = NodeEnvironment()

    public init() {}
}
