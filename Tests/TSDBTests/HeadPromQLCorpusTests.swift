import ArgusTesting
import Foundation
import PromQLScript
import Testing

@testable import TSDB

/// The whole upstream PromQL corpus, loaded into the head instead of the
/// in-memory test storage: every eval must come out as it does there.
@Suite struct HeadPromQLCorpusTests {
    static let files: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.shared("promqltest").path)) ?? [])
        .filter { $0.hasSuffix(".test") }.sorted()

    @Test func corpusRunsTheSameOnTheHead() async throws {
        #expect(Self.files.count >= 20, "the corpus in ../shared/promqltest is missing")
        let onHead = ScriptRunner(makeStorage: { Head(options: Head.Options(samplesPerChunk: 120, stripeCount: 16)) })
        let inMemory = ScriptRunner()
        for file in Self.files {
            // Seconds of evaluation: let servers of concurrent tests run in between.
            await Task.yield()
            let text = try String(contentsOf: Fixtures.shared("promqltest/\(file)"), encoding: .utf8)
            let head = onHead.run(text: text, file: file)
            let memory = inMemory.run(text: text, file: file)
            #expect(head.summary == memory.summary, "\(file)")
            #expect(head.failureLines == memory.failureLines, "\(file)")
        }
    }
}
