import Alertmanager
import ArgumentParser
import ArgusCore
import ArgusHTTP
import GoTemplate
import Logging

/// `argus alertmanager`: Alertmanager, with its flag names.
struct AlertmanagerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alertmanager",
        abstract: "Run the Alertmanager-compatible alert router (routing, grouping, inhibition, silences, API v2)."
    )

    @Option(name: .customLong("config.file"), help: "Alertmanager configuration file name.")
    var configFile = "alertmanager.yml"

    @Option(name: .customLong("storage.path"), help: "Base path for data storage.")
    var storagePath = "data/"

    @Option(name: .customLong("data.retention"), help: "How long to keep data for.")
    var dataRetention = "120h"

    @Option(
        name: .customLong("data.maintenance-interval"),
        help: "Interval between garbage collection and snapshotting to disk of the silences and the notification logs."
    )
    var maintenanceInterval = "15m"

    @Option(name: .customLong("alerts.gc-interval"), help: "Interval between alert GC.")
    var alertsGCInterval = "30m"

    @Option(
        name: .customLong("web.listen-address"),
        help: "Address to listen on for the web interface and API.")
    var listenAddress = ":9093"

    @Option(
        name: .customLong("web.external-url"),
        help:
            "The URL under which Alertmanager is externally reachable (for example, if Alertmanager is served via a reverse proxy)."
    )
    var externalURL = ""

    @Option(
        name: .customLong("web.route-prefix"),
        help: "Prefix for the internal routes of web endpoints. Defaults to path of --web.external-url.")
    var routePrefix: String?

    @Option(
        name: .customLong("cluster.listen-address"),
        help: "Listen address for cluster. Argus runs without clustering: only an empty value is accepted.")
    var clusterListenAddress = ""

    @OptionGroup var log: LogFlags

    func validate() throws {
        _ = try makeOptions()
        _ = try log.parse()
    }

    func run() async throws {
        let options = try makeOptions()
        let logger = try log.bootstrap(label: "alertmanager")
        logger.info("Starting Argus Alertmanager", metadata: ["version": "\(Argus.version)"])
        try await runUntilSignalled(AlertmanagerServer(options: options, logger: logger), logger: logger)
    }

    func makeOptions() throws -> AlertmanagerOptions {
        guard clusterListenAddress.isEmpty else {
            throw ValidationError(
                "--cluster.listen-address: Argus does not support Alertmanager clustering (HA gossip); pass an empty value or leave it out"
            )
        }
        var options = AlertmanagerOptions()
        options.configFile = configFile
        options.storagePath = storagePath
        options.dataRetention = try Self.goDuration(dataRetention, flag: "data.retention")
        options.alertsGCInterval = try Self.goDuration(alertsGCInterval, flag: "alerts.gc-interval")
        options.maintenanceInterval = .nanoseconds(
            try Self.goDuration(maintenanceInterval, flag: "data.maintenance-interval").nanoseconds)
        options.listenAddress = try FlagValue.listenAddress(listenAddress)
        options.externalURL = externalURL
        options.routePrefix = routePrefix
        return options
    }

    static func goDuration(_ text: String, flag: String) throws -> GoDuration {
        GoDuration(nanoseconds: try FlagValue.duration(text, flag: flag).milliseconds * 1_000_000)
    }
}
