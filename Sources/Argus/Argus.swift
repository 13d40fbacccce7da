import ArgumentParser

/// The `argus` command: one binary for the whole monitoring stack.
@main
struct Argus: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "argus",
        abstract: "A Kubernetes monitoring stack in one binary.",
        discussion: Component.overview,
        version: version,
        subcommands: [Overview.self, Check.self, PromQLCommand.self],
        defaultSubcommand: Overview.self
    )
}

/// `argus` with no arguments: what this build of Argus can run.
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
