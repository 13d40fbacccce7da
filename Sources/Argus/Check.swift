import ArgumentParser

/// `argus check …`: promtool-compatible checks.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the validity of inputs, like promtool check.",
        subcommands: [CheckConfig.self, CheckRules.self, CheckMetrics.self, CheckAlertmanagerConfig.self]
    )
}
