import ArgusCore
import ArgusTesting
import Foundation
import PromQL
import Testing

/// Every `eval` expression of the upstream PromQL corpus parses with all
/// features on, and printing then re-parsing is stable.
struct CorpusParseTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var file: String
        var line: String
        var expr: String
        var testDescription: String { "\(file):\(line) \(expr)" }
    }

    static func rows() throws -> [Row] {
        let text = try String(contentsOf: Fixtures.shared("promqltest/INDEX.tsv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().compactMap { line in
            let columns = line.split(separator: "\t", maxSplits: 4, omittingEmptySubsequences: false)
            guard columns.count == 5 else { return nil }
            return Row(file: String(columns[0]), line: String(columns[1]), expr: String(columns[4]))
        }
    }

    @Test func corpusHasAllEvals() throws {
        #expect(try Self.rows().count == 2214)
    }

    @Test func everyCorpusExpressionParsesAndRoundTrips() throws {
        var failures: [String] = []
        var parsed = 0
        for row in try Self.rows() {
            do {
                let expr = try PromQLParser.parse(row.expr, options: .corpus)
                parsed += 1
                let printed = expr.description
                let reparsed = try PromQLParser.parse(printed, options: .corpus)
                if reparsed.description != printed {
                    failures.append("\(row.testDescription): unstable print \(printed) -> \(reparsed.description)")
                }
                if !ASTComparison.equalIgnoringPositions(expr, reparsed) {
                    failures.append("\(row.testDescription): tree changed after printing as \(printed)")
                }
            } catch {
                failures.append("\(row.testDescription): \(error)")
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures:\n\(failures.prefix(60).joined(separator: "\n"))")
        #expect(parsed == 2214)
    }
}
