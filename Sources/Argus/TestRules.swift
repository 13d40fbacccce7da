import ArgumentParser
import Foundation
import Rules

/// `argus test`: promtool-compatible unit tests.
struct Test: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Unit testing, like promtool test.",
        subcommands: [TestRules.self, TestRoutes.self]
    )
}

/// `argus test rules`: runs rule unit-test files in `promtool test rules`' format and prints
/// its report.
struct TestRules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Unit tests for rules.",
        discussion: "Exit status: 0 when every test file passes, 1 otherwise."
    )

    @Option(
        name: .customLong("promql.windows"),
        help: """
            Range and lookback windows: "closed" includes the sample at the window's start, as \
            Prometheus 2 and its promtool do; "left-open" excludes it, as Prometheus 3 (and argus metrics) do.
            """)
    var windows = "closed"

    @Argument(help: "The unit test file.")
    var testRuleFiles: [String]

    func validate() throws {
        guard ["closed", "left-open"].contains(windows) else {
            throw ValidationError("--promql.windows must be closed or left-open, got \(windows)")
        }
    }

    func run() throws {
        try requireExistingFiles(testRuleFiles)
        var failed = false
        let tester = RuleUnitTester(closedWindowStart: windows == "closed")
        for file in testRuleFiles {
            print("Unit Testing: ", file)
            let result = tester.run(file: file)
            for warning in result.warnings { writeStandardError("  WARNING: \(warning)\n") }
            if result.errors.isEmpty {
                print("  SUCCESS")
            } else {
                failed = true
                writeStandardError("  FAILED:\n")
                for error in result.errors {
                    writeStandardError(error + "\n")
                    print()
                }
            }
            print()
        }
        if failed { throw ExitCode(1) }
    }
}
