import PromQLScript
import Testing

/// Runs the whole upstream corpus against Argus' engine: one test per file,
/// one recorded issue per failed eval (or failed file). Skipped evals
/// (features Argus does not have yet) are counted, not failed; the only
/// such feature left is native histograms.
@Suite struct CorpusTests {
    static let runner = ScriptRunner()

    @Test(arguments: Corpus.files)
    func runs(_ name: String) throws {
        let report = CorpusTests.runner.run(text: try Corpus.text(name), file: name)
        for line in report.failureLines {
            Issue.record(Comment(rawValue: line))
        }
        #expect(report.summary.skipped.keys.allSatisfy { $0 == .nativeHistograms }, "\(report.summary)")
        print("\(name): \(report.summary)")
    }
}
