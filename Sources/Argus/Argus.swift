import Alertmanager
import ArgumentParser
import ArgusHTTP
import Exporters
import Foundation
import HostCollectors
import Logging
import MetricsServer

/// The `argus` command: one binary for the whole monitoring stack.
@main
struct Argus: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "argus",
        abstract: "A Kubernetes monitoring stack in one binary.",
        discussion: Component.overview,
        version: version,
        subcommands: [
            RunAll.self, MetricsCommand.self, AlertmanagerCommand.self, NodeExporterCommand.self,
            PushgatewayCommand.self,
            Overview.self,
            Check.self, Test.self,
            PromQLCommand.self,
        ],
        defaultSubcommand: RunAll.self
    )
}

/// `argus` with no arguments: the whole stack with its embedded defaults,
/// data under `./data`: the metrics server on port 9090 scraping itself,
/// the node-exporter on port 9100, the Pushgateway on port 9091 (its
/// pushed groups kept in `data/pushgateway.store`) and the Alertmanager on
/// port 9093 (silences and notification log in `data/alertmanager/`), which
/// the metrics server sends its alerts to.
struct RunAll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Run every component of the stack with the embedded default configuration."
    )

    func run() async throws {
        let options = MetricsServerOptions()
        let nodeExporter = NodeExporterOptions()
        var pushgateway = PushgatewayOptions()
        pushgateway.persistenceFile =
            URL(fileURLWithPath: options.storagePath)
            .appendingPathComponent("pushgateway.store").path
        var alertmanager = AlertmanagerOptions()
        alertmanager.embeddedConfig = AlertmanagerOptions.defaultConfig
        alertmanager.storagePath =
            URL(fileURLWithPath: options.storagePath).appendingPathComponent("alertmanager").path
        let config = ConfigSource.defaultConfig(
            listenPort: options.listenAddress.port, nodeExporterPort: nodeExporter.listenAddress.port,
            pushgatewayPort: pushgateway.listenAddress.port, alertmanagerPort: alertmanager.listenAddress.port)
        try await MetricsCommand.serve(
            options: options, config: config, level: .info, format: .logfmt,
            flags: [("storage.tsdb.path", options.storagePath)],
            companions: {
                [
                    try NodeExporterServer(options: nodeExporter, logger: Logger(label: "node-exporter")),
                    PushgatewayServer(
                        options: pushgateway,
                        status: PushgatewayStatus(
                            buildInformation: ["version": Argus.version, "goVersion": "swift"],
                            flags: ["persistence.file": pushgateway.persistenceFile]),
                        logger: Logger(label: "pushgateway")),
                    AlertmanagerServer(options: alertmanager, logger: Logger(label: "alertmanager")),
                ]
            })
    }
}

/// What this build of Argus can run.
struct Overview: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "components",
        abstract: "List the components of the stack and whether this build provides them."
    )

    func run() throws {
        print("Argus \(Argus.version)")
        print()
        print(Component.overview)
    }
}
