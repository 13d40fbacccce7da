import ArgumentParser
import ArgusCore
import ArgusHTTP
import Exporters
import Logging
import ServiceLifecycle
import UnixSignals

/// `argus pushgateway`: Prometheus' Pushgateway, with its flag names.
struct PushgatewayCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pushgateway",
        abstract: "Run the Pushgateway-compatible push gateway (push API, exposition, persistence)."
    )

    @Option(name: .customLong("web.listen-address"), help: "Address on which to expose metrics and web interface.")
    var listenAddress = ":9091"

    @Option(name: .customLong("web.telemetry-path"), help: "Path under which to expose metrics.")
    var telemetryPath = "/metrics"

    @Option(
        name: .customLong("web.external-url"), help: "The URL under which the Pushgateway is externally reachable.")
    var externalURL = ""

    @Option(
        name: .customLong("web.route-prefix"),
        help: "Prefix for the internal routes of web endpoints. Defaults to the path of --web.external-url.")
    var routePrefix = ""

    @Flag(name: .customLong("web.enable-lifecycle"), help: "Enable shutdown via HTTP request.")
    var enableLifecycle = false

    @Flag(name: .customLong("web.enable-admin-api"), help: "Enable API endpoints for admin control actions.")
    var enableAdminAPI = false

    @Option(
        name: .customLong("persistence.file"),
        help: "File to persist metrics. If empty, metrics are only kept in memory.")
    var persistenceFile = ""

    @Option(
        name: .customLong("persistence.interval"),
        help: "The minimum interval at which to write out the persistence file.")
    var persistenceInterval = "5m"

    @Flag(
        name: .customLong("push.disable-consistency-check"),
        help: "Do not check consistency of pushed metrics. DANGEROUS.")
    var disableConsistencyCheck = false

    @OptionGroup var log: LogFlags

    func validate() throws {
        _ = try makeOptions()
        _ = try logSettings()
    }

    func run() async throws {
        let options = try makeOptions()
        let logger = try log.bootstrap(label: "pushgateway")
        logger.info("Starting Argus push gateway", metadata: ["version": "\(Argus.version)"])
        let status = PushgatewayStatus(
            buildInformation: [
                "version": Argus.version, "revision": "", "branch": "", "buildUser": "", "buildDate": "",
                "goVersion": "swift",
            ],
            flags: flagValues(options))
        let shutdown = ShutdownTrigger()
        let server = PushgatewayServer(
            options: options, status: status, logger: logger, requestShutdown: { await shutdown.trigger() })
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: server)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        await shutdown.attach(group)
        try await group.run()
        logger.info("See you next time!")
    }

    func makeOptions() throws -> PushgatewayOptions {
        var options = PushgatewayOptions()
        options.listenAddress = try FlagValue.listenAddress(listenAddress)
        options.telemetryPath = telemetryPath
        options.externalURL = externalURL
        options.routePrefix = routePrefix
        options.enableLifecycle = enableLifecycle
        options.enableAdminAPI = enableAdminAPI
        options.persistenceFile = persistenceFile
        let interval = try FlagValue.duration(persistenceInterval, flag: "persistence.interval")
        options.persistenceInterval = .milliseconds(interval.milliseconds)
        options.disableConsistencyCheck = disableConsistencyCheck
        return options
    }

    func logSettings() throws -> (Logger.Level, ServerLogHandler.Format) {
        try log.parse()
    }

    /// The flags as `/api/v1/status` reports them.
    func flagValues(_ options: PushgatewayOptions) -> [String: String] {
        [
            "web.listen-address": listenAddress, "web.telemetry-path": telemetryPath,
            "web.external-url": externalURL, "web.route-prefix": options.resolvedRoutePrefix,
            "web.enable-lifecycle": "\(enableLifecycle)", "web.enable-admin-api": "\(enableAdminAPI)",
            "persistence.file": persistenceFile,
            "persistence.interval": PushgatewayOptions.goDurationString(options.persistenceInterval),
            "push.disable-consistency-check": "\(disableConsistencyCheck)",
            "log.level": log.level, "log.format": log.format,
        ]
    }
}
