import ArgusTesting
import Foundation
import Testing

/// `argus test rules` and `argus check rules` against `promtool` (Prometheus 2.42) on the
/// corpus in `Fixtures/promtool-rules`: each case holds promtool's recorded stdout, stderr
/// and exit code (`regen.sh` records them again), and when promtool is installed it is
/// run live as well.
@Suite struct PromtoolRulesDifferentialTests {
    static let root = Fixtures.testFixture("ArgusTests", "promtool-rules")

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var directory: URL
        /// The file holding the recorded results, without extension.
        var expected: URL
        var arguments: [String]

        var testDescription: String { name }

        func recorded(_ stream: String) throws -> String {
            try String(contentsOf: expected.appendingPathExtension(stream), encoding: .utf8)
        }

        var recordedExit: Int32 {
            Int32((try? recorded("exit"))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "") ?? -1
        }
    }

    static func arguments(_ file: URL, default fallback: [String]) -> [String] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return fallback }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
    }

    static let unitTestCases: [Case] = {
        let corpus = root.appendingPathComponent("corpus")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: corpus.path)) ?? []
        return names.sorted().map { name in
            let directory = corpus.appendingPathComponent(name)
            return Case(
                name: name, directory: directory, expected: directory.appendingPathComponent("expected"),
                arguments: ["test", "rules"]
                    + arguments(directory.appendingPathComponent("args"), default: ["test.yml"]))
        }
    }()

    static let checkCases: [Case] = {
        let check = root.appendingPathComponent("check")
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: check.path)) ?? []).filter {
            $0.hasSuffix(".yml")
        }
        var cases = files.sorted().map { file in
            let name = String(file.dropLast(4))
            return Case(
                name: name, directory: check, expected: check.appendingPathComponent("expected/\(name)"),
                arguments: ["check", "rules", file])
        }
        let multi = check.appendingPathComponent("multi")
        let runs = ((try? FileManager.default.contentsOfDirectory(atPath: multi.path)) ?? []).filter {
            $0.hasSuffix(".args")
        }
        for run in runs.sorted() {
            let name = String(run.dropLast(5))
            cases.append(
                Case(
                    name: "multi/\(name)", directory: check, expected: multi.appendingPathComponent(name),
                    arguments: ["check", "rules"] + arguments(multi.appendingPathComponent(run), default: [])))
        }
        return cases
    }()

    @Test func corpusIsThere() {
        #expect(Self.unitTestCases.count >= 30)
        #expect(Self.checkCases.count >= 20)
        #expect(Self.unitTestCases.contains { $0.recordedExit == 1 })
    }

    @Test(arguments: unitTestCases + checkCases)
    func argusGivesPromtoolsVerdictAndReport(_ testCase: Case) async throws {
        let result = try await runArgus(testCase.arguments, currentDirectory: testCase.directory)
        #expect(result.status == testCase.recordedExit, "\(result.stdoutString)\(result.stderrString)")
        #expect(result.stdoutString == (try testCase.recorded("stdout")))
        if !Self.stderrDiffers.contains(testCase.name) {
            #expect(result.stderrString == (try testCase.recorded("stderr")))
        }
    }

    @Test(
        .enabled(if: Peer.available("promtool"), "promtool is not installed"),
        arguments: unitTestCases + checkCases)
    func promtoolStillGivesTheRecordedVerdict(_ testCase: Case) async throws {
        let promtool = try #require(Peer.locate("promtool"))
        let result = try await Peer.run(promtool, Array(testCase.arguments), currentDirectory: testCase.directory)
        #expect(result.status == testCase.recordedExit, "\(result.stdoutString)\(result.stderrString)")
    }

    /// Cases whose error text differs from promtool's while the verdict and stdout match
    /// (see `Fixtures/promtool-rules/README.md` and docs/rules.md for why).
    static let stderrDiffers: Set<String> = [
        // The program names itself: `argus: error: …` where promtool says `promtool: error: …`.
        "multi/nonexistent_file", "fail_test_file_not_found",
        // YAML errors: Argus names file, line, column and field of the first problem; promtool
        // prints Go's yaml messages (all unknown fields at once, syntax errors twice).
        "bad_yaml", "unknown_field", "bad_duration", "fail_test_file_bad_yaml", "fail_unknown_yaml_field",
        "multi_file_mixed",
        // Input-series syntax errors: same positions, Argus' own wording.
        "fail_bad_input_series", "fail_promql_test_errors",
        // promtool 2.42 cannot run the `externalURL` template function in tests (nil pointer);
        // Argus expands it.
        "fail_template_error",
    ]
}
