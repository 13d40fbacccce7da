import ArgusTesting
import Foundation
import PromQLScript
import Testing

@testable import TSDB

/// The whole upstream PromQL corpus, loaded into the head instead of the
/// in-memory test storage: every eval must come out as it does there,
/// except those on start timestamps, which the head does not keep (they
/// are skipped under that name).
@Suite struct HeadPromQLCorpusTests {
    static let files: [String] =
        ((try? FileManager.default.contentsOfDirectory(atPath: Fixtures.shared("promqltest").path)) ?? [])
        .filter { $0.hasSuffix(".test") }.sorted()

    @Test func corpusRunsTheSameOnTheHead() async throws {
        #expect(Self.files.count >= 20, "the corpus in ../shared/promqltest is missing")
        let onHead = ScriptRunner(makeStorage: { Head(options: Head.Options(samplesPerChunk: 120, stripeCount: 16)) })
        let inMemory = ScriptRunner()
        var withoutStartTimestamps = 0
        for file in Self.files {
            // Seconds of evaluation: let servers of concurrent tests run in between.
            await Task.yield()
            let text = try String(contentsOf: Fixtures.shared("promqltest/\(file)"), encoding: .utf8)
            var head = onHead.run(text: text, file: file)
            var memory = inMemory.run(text: text, file: file)
            let needStartTimestamps = Set(
                head.outcomes.compactMap { outcome in
                    if case .skipped(.startTimestamps) = outcome.status { return outcome.line }
                    return nil
                })
            withoutStartTimestamps += needStartTimestamps.count
            head.outcomes.removeAll { needStartTimestamps.contains($0.line) }
            memory.outcomes.removeAll { needStartTimestamps.contains($0.line) }
            #expect(head.summary == memory.summary, "\(file)")
            #expect(head.failureLines == memory.failureLines, "\(file)")
        }
        #expect(withoutStartTimestamps == 16)
    }
}
