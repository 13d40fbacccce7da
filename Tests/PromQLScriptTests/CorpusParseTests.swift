import ArgusTesting
import Foundation
import PromQLScript
import Testing

/// The upstream corpus in `../shared/promqltest/`.
enum Corpus {
    /// The `.test` files, sorted by name.
    static let files: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Fixtures.shared("promqltest").path)) ?? []
        return names.filter { $0.hasSuffix(".test") }.sorted()
    }()

    static func text(_ name: String) throws -> String {
        try String(contentsOf: Fixtures.shared("promqltest/\(name)"), encoding: .utf8)
    }
}

/// Every corpus file parses: commands, series, expectations and expressions.
@Suite struct CorpusParseTests {
    @Test func corpusIsPresent() {
        #expect(Corpus.files.count == 21)
    }

    @Test(arguments: Corpus.files)
    func parsesWithoutFileErrors(_ name: String) throws {
        let script = try Script.parse(try Corpus.text(name), file: name)
        #expect(!script.evals.isEmpty)
    }

    /// The eval count of every file matches the index the corpus ships with.
    @Test func evalCountsMatchTheIndex() throws {
        let index = try String(contentsOf: Fixtures.shared("promqltest/INDEX.tsv"), encoding: .utf8)
        var expected: [String: [Int]] = [:]
        for row in index.split(separator: "\n").dropFirst() {
            let columns = row.split(separator: "\t", omittingEmptySubsequences: false)
            guard columns.count >= 2, let line = Int(columns[1]) else { continue }
            expected[String(columns[0]), default: []].append(line)
        }
        var total = 0
        for name in Corpus.files {
            let script = try Script.parse(try Corpus.text(name), file: name)
            #expect(script.evals.map(\.line) == expected[name], "\(name)")
            total += script.evals.count
        }
        #expect(total == 2214)
    }
}
