import ArgumentParser
import ArgusHTTP
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
            RunAll.self, MetricsCommand.self, PushgatewayCommand.self, Overview.self, Check.self, Test.self,
            PromQLCommand.self,
        ],
        defaultSubcommand: RunAll.self
    )
}

/// `argus` with no arguments: the whole stack with its embedded defaults,
/// data under `./data`, the metrics server on port 9090.
struct RunAll: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "all",
        abstract: "Run every component of the stack with the embedded default configuration."
    )

    func run() async throws {
        let options = MetricsServerOptions()
        try await MetricsCommand.serve(
            options: options, config: .defaultConfig(listenPort: options.listenAddress.port), level: .info,
            format: .logfmt, flags: [("storage.tsdb.path", options.storagePath)])
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
