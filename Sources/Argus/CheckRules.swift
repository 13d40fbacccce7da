import ArgumentParser
import Foundation
import Rules

/// The `--lint` and `--lint-fatal` options of `check rules` and `check config`.
struct RuleLintOptions: ParsableArguments {
    @Option(
        name: .customLong("lint"),
        help:
            "Linting checks to apply to the rules specified in the config. Available options are: all, duplicate-rules, none."
    )
    var lint = "duplicate-rules"

    @Flag(name: .customLong("lint-fatal"), help: "Make lint errors exit with exit code 3.")
    var lintFatal = false

    /// Warns, as promtool does, about list items it does not know; they are ignored.
    func warnAboutUnknownOptions() {
        for option in lint.split(separator: ",") where !["all", "duplicate-rules", "none"].contains(option) {
            print("WARNING: unknown lint option \(option)")
        }
    }

    var lintDuplicates: Bool {
        let options = lint.split(separator: ",").map(String.init)
        return options.contains("all") || options.contains("duplicate-rules")
    }
}

/// The outcome of checking several files, as promtool turns it into an exit code:
/// 1 for errors, 3 for lint findings with `--lint-fatal`, 0 otherwise.
struct CheckOutcome {
    var failed = false
    var hasErrors = false

    func exit(lintFatal: Bool) throws {
        if failed && hasErrors { throw ExitCode(1) }
        if failed && lintFatal { throw ExitCode(3) }
    }

    /// Prints the result of checking one rule file (after its "Checking" line).
    mutating func report(_ check: RuleFileCheck, indent: String) {
        if !check.errors.isEmpty || check.duplicatesMessage != nil {
            writeStandardError("  FAILED:\n")
            for error in check.errors { writeStandardError(indent + error + "\n") }
            if let lint = check.duplicatesMessage { writeStandardError(indent + lint + "\n") }
            failed = true
            hasErrors = hasErrors || !check.errors.isEmpty
        } else {
            print("  SUCCESS: \(check.ruleCount) rules found")
        }
    }
}

/// Writes to standard error after flushing standard output, so the two interleave in order.
func writeStandardError(_ text: String) {
    fflush(nil)
    FileHandle.standardError.write(Data(text.utf8))
}

/// Fails, as promtool's argument parser does, unless every path names an existing file.
func requireExistingFiles(_ paths: [String]) throws {
    for path in paths {
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            writeStandardError("argus: error: path '\(path)' does not exist, try --help\n")
            throw ExitCode(1)
        }
        if isDirectory.boolValue {
            writeStandardError("argus: error: '\((path as NSString).lastPathComponent)' is a directory, try --help\n")
            throw ExitCode(1)
        }
    }
}

/// `argus check rules`: validates rule files as `promtool check rules` does.
struct CheckRules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check if the rule files are valid or not.",
        discussion: "Exit status: 0 when every file is valid, 1 on errors, 3 on lint findings with --lint-fatal."
    )

    @OptionGroup var lint: RuleLintOptions

    @Argument(help: "The rule files to check.")
    var files: [String]

    func run() throws {
        lint.warnAboutUnknownOptions()
        try requireExistingFiles(files)
        var outcome = CheckOutcome()
        for file in files {
            print("Checking \(file)")
            outcome.report(RuleFileCheck(path: file, lintDuplicates: lint.lintDuplicates), indent: "")
            print()
        }
        try outcome.exit(lintFatal: lint.lintFatal)
    }
}
