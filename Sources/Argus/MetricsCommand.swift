import ArgumentParser
import ArgusConfig
import ArgusCore
import ArgusHTTP
import Foundation
import Logging
import MetricsServer
import ServiceLifecycle
import UnixSignals

/// `argus metrics`: the Prometheus server, with Prometheus' flag names.
struct MetricsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Run the Prometheus-compatible metrics server (scraping, TSDB, PromQL, HTTP API)."
    )

    @Option(name: .customLong("config.file"), help: "Prometheus configuration file path.")
    var configFile: String?

    @Option(name: .customLong("storage.tsdb.path"), help: "Base path for metrics storage.")
    var storagePath = "data/"

    @Option(name: .customLong("storage.tsdb.retention.time"), help: "How long to retain samples (default 15d).")
    var retentionTime: String?

    @Option(name: .customLong("storage.tsdb.retention.size"), help: "Maximum bytes of blocks to retain, e.g. 512MB.")
    var retentionSize: String?

    @Option(
        name: .customLong("storage.tsdb.min-block-duration"),
        help: "Range of blocks cut from the head (default 2h); a Prometheus hidden flag, for testing.")
    var minBlockDuration = "2h"

    @Option(
        name: .customLong("storage.tsdb.max-block-duration"),
        help: "Largest range blocks are compacted into (default: a tenth of the retention time, at most 31d).")
    var maxBlockDuration: String?

    @Option(
        name: .customLong("storage.remote.read-sample-limit"),
        help: "Most samples one remote-read request may return; 0 for no limit.")
    var remoteReadSampleLimit = "5e7"

    @Option(
        name: .customLong("storage.remote.read-concurrent-limit"),
        help: "Most remote-read requests served at once; 0 for no limit.")
    var remoteReadConcurrentLimit = 10

    @Option(
        name: .customLong("storage.remote.read-max-bytes-in-frame"),
        help: "Size a streamed remote-read frame aims at, in bytes (it may exceed it by one chunk).")
    var remoteReadMaxBytesInFrame = 1_048_576

    @Option(name: .customLong("web.listen-address"), help: "Address to listen on for the UI, API and telemetry.")
    var listenAddress = "0.0.0.0:9090"

    @Option(name: .customLong("web.external-url"), help: "The URL under which Argus is externally reachable.")
    var externalURL: String?

    @Option(name: .customLong("web.route-prefix"), help: "Prefix for the internal routes of web endpoints.")
    var routePrefix: String?

    @Flag(name: .customLong("web.enable-lifecycle"), help: "Enable shutdown and reload via HTTP request.")
    var enableLifecycle = false

    @Flag(name: .customLong("web.enable-admin-api"), help: "Enable API endpoints for admin control actions.")
    var enableAdminAPI = false

    @Flag(
        name: .customLong("web.enable-remote-write-receiver"),
        help: "Enable API endpoint accepting remote write requests.")
    var enableRemoteWriteReceiver = false

    @Option(name: .customLong("query.lookback-delta"), help: "The maximum lookback duration for series.")
    var lookbackDelta = "5m"

    @Option(name: .customLong("query.timeout"), help: "Maximum time a query may take before being aborted.")
    var queryTimeout = "2m"

    @Option(name: .customLong("query.max-samples"), help: "Maximum number of samples a single query can load.")
    var maxSamples = 50_000_000

    @Option(name: .customLong("query.max-concurrency"), help: "Maximum number of queries executed concurrently.")
    var maxConcurrency = 20

    @Option(
        name: .customLong("enable-feature"),
        help:
            "Comma separated feature names to enable: promql-experimental-functions, promql-duration-expr, promql-extended-range-selectors, promql-binop-fill-modifiers, promql-delayed-name-removal."
    )
    var enableFeature: [String] = []

    @Option(
        name: .customLong("rules.alert.for-outage-tolerance"),
        help: "Max time to tolerate Argus outage for restoring \"for\" state of alert.")
    var forOutageTolerance = "1h"

    @Option(
        name: .customLong("rules.alert.for-grace-period"),
        help: "Minimum duration between alert and restored \"for\" state.")
    var forGracePeriod = "10m"

    @Option(
        name: .customLong("rules.alert.resend-delay"),
        help: "Minimum amount of time to wait before resending an alert to Alertmanager.")
    var resendDelay = "1m"

    @Option(
        name: .customLong("alertmanager.notification-queue-capacity"),
        help: "The capacity of the queue for pending Alertmanager notifications.")
    var notificationQueueCapacity = 10_000

    @Option(
        name: .customLong("alertmanager.drain-notification-queue-on-shutdown"),
        help: "Send any outstanding Alertmanager notifications when shutting down (true or false).")
    var drainNotificationQueue = "true"

    @OptionGroup var log: LogFlags

    @Argument(parsing: .allUnrecognized, help: .hidden)
    var unrecognized: [String] = []

    func validate() throws {
        if let flag = unrecognized.first {
            throw ValidationError(PrometheusFlags.explain(flag))
        }
        _ = try makeOptions()
        _ = try logSettings()
    }

    func run() async throws {
        let options = try makeOptions()
        let (level, format) = try logSettings()
        let config: ConfigSource =
            configFile.map { .file($0) } ?? .defaultConfig(listenPort: options.listenAddress.port)
        try await MetricsCommand.serve(
            options: options, config: config, level: level, format: format, flags: flagValues)
    }

    /// Bootstraps logging and runs the server until SIGINT or SIGTERM.
    static func serve(
        options: MetricsServerOptions, config: ConfigSource, level: Logger.Level, format: ServerLogHandler.Format,
        flags: [(name: String, value: String)],
        companions: () throws -> [any Service] = { [] }
    ) async throws {
        LoggingSystem.bootstrap { label in ServerLogHandler(label: label, level: level, format: format) }
        let logger = Logger(label: "metrics")
        logger.info("Starting Argus metrics server", metadata: ["version": "\(Argus.version)"])
        let status = ServerStatus(
            buildInfo: .init(version: Argus.version, runtimeVersion: "swift"),
            flags: flags,
            workingDirectory: FileManager.default.currentDirectoryPath,
            storageRetention: options.effectiveRetention.map { "\($0)" } ?? "unlimited"
        )
        let shutdown = ShutdownTrigger()
        let server = MetricsServer(
            options: options, config: config, status: status, logger: logger,
            requestShutdown: { await shutdown.trigger() })
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server)] + (try companions()).map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        await shutdown.attach(group)
        try await group.run()
    }

    func makeOptions() throws -> MetricsServerOptions {
        var options = MetricsServerOptions()
        options.configFile = configFile
        options.storagePath = storagePath
        options.retentionTime = try retentionTime.map {
            try FlagValue.duration($0, flag: "storage.tsdb.retention.time")
        }
        if let retentionSize {
            do {
                options.retentionSize = Int64(try ByteSize(parsing: retentionSize).bytes)
            } catch {
                throw ValidationError(
                    "invalid value \(GoString.quote(retentionSize)) for --storage.tsdb.retention.size: \(error)")
            }
        }
        options.minBlockDuration = try FlagValue.duration(minBlockDuration, flag: "storage.tsdb.min-block-duration")
        guard options.minBlockDuration.milliseconds > 0 else {
            throw ValidationError("--storage.tsdb.min-block-duration must be positive")
        }
        options.maxBlockDuration = try maxBlockDuration.map {
            try FlagValue.duration($0, flag: "storage.tsdb.max-block-duration")
        }
        // Prometheus' default is written 5e7; an exact integer in either notation is accepted.
        guard
            let sampleLimit = Int(remoteReadSampleLimit)
                ?? Double(remoteReadSampleLimit).flatMap({ $0 >= 0 && $0 < 1e18 ? Int(exactly: $0) : nil }),
            sampleLimit >= 0
        else {
            throw ValidationError(
                "invalid value \(GoString.quote(remoteReadSampleLimit)) for --storage.remote.read-sample-limit: "
                    + "expected a non-negative integer")
        }
        guard remoteReadConcurrentLimit >= 0 else {
            throw ValidationError("--storage.remote.read-concurrent-limit must not be negative")
        }
        guard remoteReadMaxBytesInFrame > 0 else {
            throw ValidationError("--storage.remote.read-max-bytes-in-frame must be positive")
        }
        options.remoteReadSampleLimit = sampleLimit
        options.remoteReadConcurrentLimit = remoteReadConcurrentLimit
        options.remoteReadMaxBytesInFrame = remoteReadMaxBytesInFrame
        options.listenAddress = try FlagValue.listenAddress(listenAddress)
        options.externalURL = externalURL
        options.routePrefix = routePrefix
        options.enableLifecycle = enableLifecycle
        options.enableAdminAPI = enableAdminAPI
        options.enableRemoteWriteReceiver = enableRemoteWriteReceiver
        options.lookbackDelta = try FlagValue.duration(lookbackDelta, flag: "query.lookback-delta")
        options.queryTimeout = try FlagValue.duration(queryTimeout, flag: "query.timeout")
        options.maxSamples = maxSamples
        options.maxConcurrency = maxConcurrency
        do {
            options.features = try FeatureFlags(enableFeature)
        } catch {
            throw ValidationError(error.description)
        }
        options.forOutageTolerance = try FlagValue.duration(
            forOutageTolerance, flag: "rules.alert.for-outage-tolerance")
        options.forGracePeriod = try FlagValue.duration(forGracePeriod, flag: "rules.alert.for-grace-period")
        options.resendDelay = try FlagValue.duration(resendDelay, flag: "rules.alert.resend-delay")
        guard notificationQueueCapacity > 0 else {
            throw ValidationError("--alertmanager.notification-queue-capacity must be positive")
        }
        options.notificationQueueCapacity = notificationQueueCapacity
        switch drainNotificationQueue {
        case "true": options.drainNotificationQueueOnShutdown = true
        case "false": options.drainNotificationQueueOnShutdown = false
        default:
            throw ValidationError(
                "invalid value \(GoString.quote(drainNotificationQueue)) for --alertmanager.drain-notification-queue-on-shutdown: must be true or false"
            )
        }
        return options
    }

    func logSettings() throws -> (Logger.Level, ServerLogHandler.Format) {
        try log.parse()
    }

    /// The flags as `/api/v1/status/flags` reports them.
    var flagValues: [(name: String, value: String)] {
        [
            ("config.file", configFile ?? ""), ("storage.tsdb.path", storagePath),
            ("storage.tsdb.retention.time", retentionTime ?? "0s"),
            ("storage.tsdb.retention.size", retentionSize ?? "0B"),
            ("storage.tsdb.min-block-duration", minBlockDuration),
            ("storage.tsdb.max-block-duration", maxBlockDuration ?? "0s"),
            ("storage.remote.read-sample-limit", remoteReadSampleLimit),
            ("storage.remote.read-concurrent-limit", "\(remoteReadConcurrentLimit)"),
            ("storage.remote.read-max-bytes-in-frame", "\(remoteReadMaxBytesInFrame)"),
            ("web.listen-address", listenAddress), ("web.external-url", externalURL ?? ""),
            ("web.route-prefix", routePrefix ?? "/"), ("web.enable-lifecycle", "\(enableLifecycle)"),
            ("web.enable-admin-api", "\(enableAdminAPI)"),
            ("web.enable-remote-write-receiver", "\(enableRemoteWriteReceiver)"),
            ("query.lookback-delta", lookbackDelta), ("query.timeout", queryTimeout),
            ("rules.alert.for-outage-tolerance", forOutageTolerance),
            ("rules.alert.for-grace-period", forGracePeriod), ("rules.alert.resend-delay", resendDelay),
            ("alertmanager.notification-queue-capacity", "\(notificationQueueCapacity)"),
            ("alertmanager.drain-notification-queue-on-shutdown", drainNotificationQueue),
            ("query.max-samples", "\(maxSamples)"), ("query.max-concurrency", "\(maxConcurrency)"),
            ("log.level", log.level), ("log.format", log.format),
            ("enable-feature", enableFeature.joined(separator: ",")),
        ]
    }
}

/// Lets `/-/quit` stop the service group that runs the server.
actor ShutdownTrigger {
    private var group: ServiceGroup?
    private var requested = false

    func attach(_ group: ServiceGroup) async {
        self.group = group
        if requested { await group.triggerGracefulShutdown() }
    }

    func trigger() async {
        requested = true
        await group?.triggerGracefulShutdown()
    }
}
