import ArgumentParser
import Exposition
import Foundation

/// `argus check metrics`: lints an exposition read from standard input, with
/// the rules, output and exit codes of `promtool check metrics`.
struct CheckMetrics: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Pass Prometheus metrics over stdin to lint them for consistency and correctness.",
        discussion: """
            examples:

            $ cat metrics.prom | argus check metrics

            $ curl -s http://localhost:9100/metrics | argus check metrics

            Exit status: 0 when clean, 1 when the input cannot be parsed (the error
            names the line and column), 3 when it parses but has lint problems.
            """
    )

    /// promtool's exit status for lint problems.
    static let lintProblemsExitCode: Int32 = 3

    func run() throws {
        let input = FileHandle.standardInput.readDataToEndOfFile()
        let outcome = CheckMetrics.check(Array(input))
        for line in outcome.lines { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        if outcome.status != 0 { throw ExitCode(outcome.status) }
    }

    /// The lines to print on standard error and the exit status for `input`.
    static func check(_ input: [UInt8]) -> (lines: [String], status: Int32) {
        let families: [MetricFamily]
        do {
            families = try ExpositionDecoder.decode(input, format: .text, strictness: .expfmt)
        } catch {
            return (["error while linting: text format parsing error in \(error)"], 1)
        }
        let problems = MetricsLinter.lint(families)
        return (problems.map(\.description), problems.isEmpty ? 0 : lintProblemsExitCode)
    }
}
