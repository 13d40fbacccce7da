import Alertmanager
import ArgumentParser
import Foundation

/// `argus check alertmanager-config`: validates alertmanager.yml files and
/// their templates with `amtool check-config`'s report and exit status.
struct CheckAlertmanagerConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "alertmanager-config",
        abstract: "Validate alertmanager config files, like amtool check-config.",
        discussion: "Exit status: 0 when every file is valid, 1 otherwise."
    )

    @Argument(help: "The alertmanager config files to check.")
    var files: [String]

    func run() throws {
        try AlertmanagerToolReport.emit(AlertmanagerFile.checkReport(files: files))
    }
}

/// `argus test routes`: which receivers an alert with the given labels
/// reaches, with `amtool config routes test`'s output and exit status.
struct TestRoutes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "routes",
        abstract: "Test alert routing, like amtool config routes test.",
        discussion:
            "Prints the receivers the labels route to. With --verify.receivers, exits 1 when they differ. Without labels and with --tree, prints the routing tree."
    )

    @Argument(help: "The alertmanager config file.")
    var file: String

    @Option(
        name: .customLong("labels"), parsing: .upToNextOption,
        help: "Labels of the test alert, as name=value or matcher syntax.")
    var labels: [String] = []

    @Option(
        name: .customLong("verify.receivers"),
        help: "Checks if specified receivers match the resolved receivers (comma-separated).")
    var verifyReceivers: String?

    @Flag(name: .customLong("tree"), help: "Prints out the matching routes tree.")
    var tree = false

    @Flag(name: .customLong("show"), help: "Prints the whole routing tree, like amtool config routes show.")
    var show = false

    func run() throws {
        if show {
            try AlertmanagerToolReport.emit(AlertmanagerFile.routesShowReport(file: file))
        } else {
            try AlertmanagerToolReport.emit(
                AlertmanagerFile.routesTestReport(
                    file: file, labels: labels, verifyReceivers: verifyReceivers, tree: tree))
        }
    }
}

enum AlertmanagerToolReport {
    /// Prints a report and exits with its status.
    static func emit(_ output: AlertmanagerToolOutput) throws {
        FileHandle.standardOutput.write(Data(output.standardOutput.utf8))
        writeStandardError(output.standardError)
        if output.exitCode != 0 { throw ExitCode(output.exitCode) }
    }
}
