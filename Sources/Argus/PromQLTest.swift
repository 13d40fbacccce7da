import ArgumentParser
import Foundation
import PromQLScript

/// `argus promql …`: PromQL tools.
struct PromQLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promql",
        abstract: "PromQL tools.",
        subcommands: [PromQLTest.self]
    )
}

/// `argus promql test FILE...`: runs scripts of the upstream PromQL test
/// corpus (`load`/`eval`/`expect`, Prometheus' `promqltest` format) against
/// Argus' engine.
struct PromQLTest: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run PromQL test scripts in Prometheus' promqltest format.",
        discussion: """
            Prints one line per failing eval (file:line: eval failed: difference) and per
            file that cannot be parsed or loaded, then a summary. Evals that need features
            Argus does not have yet (native histograms, start timestamps) are skipped and
            counted by category.

            Exit status: 0 when nothing failed, 1 otherwise.
            """
    )

    @Argument(help: "The .test files to run.")
    var files: [String]

    func run() throws {
        let outcome = PromQLTest.test(files)
        for line in outcome.lines { print(line) }
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }

    /// The lines to print and the exit status for running `files`.
    static func test(_ files: [String], runner: ScriptRunner = ScriptRunner()) -> (lines: [String], status: Int32) {
        var lines: [String] = []
        var summary = ScriptSummary()
        for file in files {
            let text: String
            do {
                text = try String(contentsOfFile: file, encoding: .utf8)
            } catch {
                lines.append("\(file): cannot read file: \(error.localizedDescription)")
                summary.failed += 1
                continue
            }
            let report = runner.run(text: text, file: file)
            lines.append(contentsOf: report.failureLines)
            summary.add(report.summary)
        }
        lines.append(summary.description)
        return (lines, summary.failed == 0 ? 0 : 1)
    }
}
