import ArgumentParser
import ArgusConfig
import ArgusCore
import Foundation
import MetricsServer
import Rules

/// `argus check config`: validates `prometheus.yml` files as
/// `promtool check config` does, plus what Argus cannot run yet.
struct CheckConfig: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Check if the config files are valid or not.",
        discussion: "Exit status: 0 when every file is valid, 1 otherwise."
    )

    @OptionGroup var lint: RuleLintOptions

    @Flag(
        name: .customLong("syntax-only"),
        help: "Only check the config file syntax, ignoring file and content validation referenced in the config.")
    var syntaxOnly = false

    @Argument(help: "The config files to check.")
    var files: [String]

    func run() throws {
        lint.warnAboutUnknownOptions()
        var outcome = CheckOutcome()
        for file in files {
            print("Checking \(file)")
            var ruleFiles: [String] = []
            do {
                let config = try PrometheusConfig.load(contentsOf: file)
                if !syntaxOnly {
                    try MetricsServer.validate(config, source: .file(file))
                    ruleFiles = try Self.ruleFiles(config, configFile: file)
                }
                if !ruleFiles.isEmpty { print("  SUCCESS: \(ruleFiles.count) rule files found") }
                print(" SUCCESS: \(file) is valid prometheus config file syntax")
            } catch {
                outcome.failed = true
                outcome.hasErrors = true
                writeStandardError("  FAILED: \(error)\n")
            }
            print()
            for ruleFile in ruleFiles {
                print("Checking \(ruleFile)")
                outcome.report(RuleFileCheck(path: ruleFile, lintDuplicates: lint.lintDuplicates), indent: "     ")
                print()
            }
        }
        try outcome.exit(lintFatal: lint.lintFatal)
    }

    /// The rule files of `config`; a pattern without `*` must name an existing file.
    static func ruleFiles(_ config: PrometheusConfig, configFile: String) throws -> [String] {
        let directory = (configFile as NSString).deletingLastPathComponent
        var files: [String] = []
        for pattern in config.ruleFiles {
            let path = ConfigPaths.join(directory, pattern)
            let matches = ConfigPaths.glob(path)
            if !pattern.contains("*") && matches.isEmpty {
                throw CheckError("\(GoString.quote(path)) does not point to an existing file")
            }
            files += matches
        }
        return files
    }
}

/// A failed check with promtool's message.
struct CheckError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
