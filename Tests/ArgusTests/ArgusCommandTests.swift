import ArgusTesting
import Foundation
import Testing

/// Runs the built `argus` binary, as a user would.
func runArgus(_ arguments: [String], stdin: String = "", currentDirectory: URL? = nil) async throws
    -> Peer.Result
{
    let binary = Bundle.main.bundleURL.appendingPathComponent("argus").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        throw PeerError(message: "argus binary not found at \(binary)")
    }
    return try await Peer.run(binary, arguments, stdin: Data(stdin.utf8), currentDirectory: currentDirectory)
}

@Suite struct ArgusCommandTests {
    @Test func printsVersion() async throws {
        let result = try await runArgus(["--version"])
        #expect(result.status == 0)
        #expect(result.stdoutString == "0.1.0\n")
    }

    @Test func helpListsEveryComponent() async throws {
        let result = try await runArgus(["--help"])
        #expect(result.status == 0)
        for subcommand in [
            "metrics", "alertmanager", "node-exporter", "kube-state-metrics", "pushgateway", "logs", "agent",
            "dashboards", "check metrics",
        ] {
            #expect(result.stdoutString.contains("argus \(subcommand) "), "missing \(subcommand)")
        }
        #expect(result.stdoutString.contains("replaces Prometheus server"))
    }

    @Test func componentsListsComponents() async throws {
        let result = try await runArgus(["components"])
        #expect(result.status == 0)
        #expect(result.stdoutString.hasPrefix("Argus 0.1.0\n"))
        #expect(result.stdoutString.contains("argus check metrics"))
    }

    @Test func unknownSubcommandFails() async throws {
        let result = try await runArgus(["frobnicate"])
        #expect(result.status != 0)
        #expect(result.stderrString.contains("frobnicate"))
    }
}

@Suite struct CheckMetricsCommandTests {
    @Test func cleanInputExitsZeroSilently() async throws {
        let input = """
            # HELP http_requests_total Requests served.
            # TYPE http_requests_total counter
            http_requests_total{code="200"} 3

            """
        let result = try await runArgus(["check", "metrics"], stdin: input)
        #expect(result.status == 0)
        #expect(result.stderrString.isEmpty)
    }

    @Test func lintProblemsExitThree() async throws {
        let input = """
            # TYPE requests counter
            requests 3

            """
        let result = try await runArgus(["check", "metrics"], stdin: input)
        #expect(result.status == 3)
        #expect(result.stderrString.contains("requests counter metrics should have \"_total\" suffix"))
        #expect(result.stderrString.contains("requests no help text"))
    }

    @Test func parseErrorExitsOneWithPosition() async throws {
        let result = try await runArgus(["check", "metrics"], stdin: "ok 1\nbroken{a=1} 2\n")
        #expect(result.status == 1)
        #expect(
            result.stderrString
                == "error while linting: text format parsing error in line 2, column 10: expected '\"' to start the label value, got \"1}\"\n"
        )
    }

    /// The same problems, in the same order, with the same exit status as promtool.
    @Test(
        .enabled(if: Peer.available("promtool"), "promtool not installed (Debian package prometheus)"),
        arguments: [
            "reference/node-exporter-1.5-metrics.txt"
        ]
    )
    func agreesWithPromtool(sharedFile: String) async throws {
        let promtool = try #require(Peer.locate("promtool"))
        let input = try String(contentsOf: Fixtures.shared(sharedFile), encoding: .utf8)
        let ours = try await runArgus(["check", "metrics"], stdin: input)
        let theirs = try await Peer.run(promtool, ["check", "metrics"], stdin: Data(input.utf8))
        #expect(ours.status == theirs.status)
        #expect(ours.stderrString == theirs.stderrString)
    }
}
