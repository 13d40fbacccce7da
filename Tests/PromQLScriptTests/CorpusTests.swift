import PromQLScript
import Testing

/// Runs the whole upstream corpus against Argus' engine: one test per file,
/// one recorded issue per failed eval (or failed file). Skipped evals
/// (features Argus does not have yet) are counted, not failed.
@Suite struct CorpusTests {
    static let runner = ScriptRunner()

    @Test(arguments: Corpus.files)
    func runs(_ name: String) throws {
        let report = CorpusTests.runner.run(text: try Corpus.text(name), file: name)
        for line in report.failureLines {
            Issue.record(Comment(rawValue: line))
        }
        print("\(name): \(report.summary)")
    }
}
