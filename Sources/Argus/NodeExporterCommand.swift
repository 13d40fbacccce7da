import ArgumentParser
import ArgusCore
import ArgusHTTP
import Exporters
import HostCollectors
import Logging

/// `argus node-exporter`: host metrics with node-exporter 1.5's flags.
struct NodeExporterCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "node-exporter",
        abstract: "Expose host hardware and OS metrics like Prometheus' node-exporter.",
        discussion: """
            Collectors are switched with --collector.<name> and --no-collector.<name>; \
            --collector.disable-defaults starts from none. Collectors: \
            \(NodeExporter.collectorTypes.map { $0.name }.joined(separator: ", ")).
            """
    )

    @Option(name: .customLong("web.listen-address"), help: "Address on which to expose metrics and web interface.")
    var listenAddress = ":9100"

    @Option(name: .customLong("web.telemetry-path"), help: "Path under which to expose metrics.")
    var telemetryPath = "/metrics"

    @Flag(
        name: .customLong("web.disable-exporter-metrics"),
        help: "Exclude metrics about the exporter itself (promhttp_*, process_*).")
    var disableExporterMetrics = false

    @Option(name: .customLong("web.max-requests"), help: "Maximum number of parallel scrape requests; 0 disables.")
    var maxRequests = 40

    @Option(name: .customLong("path.procfs"), help: "procfs mountpoint.")
    var procfs = "/proc"

    @Option(name: .customLong("path.sysfs"), help: "sysfs mountpoint.")
    var sysfs = "/sys"

    @Option(name: .customLong("path.rootfs"), help: "rootfs mountpoint.")
    var rootfs = "/"

    @Option(name: .customLong("path.udev.data"), help: "udev data path.")
    var udevData = "/run/udev/data"

    @OptionGroup var log: LogFlags

    @Argument(
        parsing: .allUnrecognized,
        help:
            "Collector flags: --[no-]collector.<name>, --collector.disable-defaults, --collector.<name>.<option>=VALUE."
    )
    var collectorFlags: [String] = []

    func validate() throws {
        _ = try makeOptions()
        _ = try log.parse()
    }

    func run() async throws {
        let options = try makeOptions()
        let logger = try log.bootstrap(label: "node-exporter")
        logger.info("Starting node_exporter", metadata: ["version": "argus \(Argus.version)"])
        try await runUntilSignalled(try NodeExporterServer(options: options, logger: logger), logger: logger)
    }

    func makeOptions() throws -> NodeExporterOptions {
        var options = NodeExporterOptions()
        options.listenAddress = try FlagValue.listenAddress(listenAddress)
        guard telemetryPath.hasPrefix("/") else {
            throw ValidationError("--web.telemetry-path must start with /, got \"\(telemetryPath)\"")
        }
        options.telemetryPath = telemetryPath
        options.maxRequests = maxRequests
        options.includeExporterMetrics = !disableExporterMetrics
        let flags: NodeCollectorFlags
        do {
            flags = try NodeCollectorFlags(collectorFlags)
        } catch {
            throw ValidationError("\(error)")
        }
        options.collectors = flags.collectors
        options.environment = NodeEnvironment(
            paths: NodePaths(procfs: procfs, sysfs: sysfs, rootfs: rootfs, udevData: udevData),
            options: flags.options)
        do {
            _ = try NodeExporter(
                enabled: options.collectors, environment: options.environment, logger: Logger(label: "check"))
        } catch {
            throw ValidationError("\(error)")
        }
        return options
    }
}
