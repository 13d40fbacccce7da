import ArgusCore
import ArgusTesting
import Exposition
import Foundation
import Testing

/// An exposition snippet and the problem lines promtool 2.42 prints for it.
struct LintCase: CustomTestStringConvertible, Sendable {
    var name: String
    var input: String
    var expected: [String]
    /// False where promtool's own answer is random (Go map order).
    var deterministic: Bool

    init(_ name: String, _ input: String, _ expected: [String], deterministic: Bool = true) {
        self.name = name
        self.input = input
        self.expected = expected
        self.deterministic = deterministic
    }

    var testDescription: String { name }
}

private func lintLines(_ input: String) throws -> [String] {
    let families = try ExpositionDecoder.decode(Array(input.utf8), format: .text)
    return MetricsLinter.lint(families).map(\.description)
}

/// A gauge with help text named `name`, for rules that look only at names.
private func gauge(_ name: String) -> String {
    "# HELP \(name) h\n# TYPE \(name) gauge\n\(name) 1\n"
}

@Suite struct MetricsLinterTests {
    static let helpCases: [LintCase] = [
        LintCase("no HELP", "# TYPE a gauge\na 1\n", ["a no help text"]),
        LintCase("empty HELP", "# HELP a\n# TYPE a gauge\na 1\n", ["a no help text"]),
        LintCase("blank HELP", "# HELP a  \n# TYPE a gauge\na 1\n", ["a no help text"]),
        LintCase("HELP present", "# HELP a x\n# TYPE a gauge\na 1\n", []),
        LintCase("bare sample", "a 1\n", ["a no help text"]),
        LintCase("metadata without samples", "# HELP a x\n# TYPE b counter\n", []),
    ]

    static let counterCases: [LintCase] = [
        LintCase(
            "counter without _total",
            "# HELP a x\n# TYPE a counter\na 1\n",
            [#"a counter metrics should have "_total" suffix"#]
        ),
        LintCase("counter with _total", "# HELP a_total x\n# TYPE a_total counter\na_total 1\n", []),
        LintCase(
            "gauge with _total",
            "# HELP a_total x\n# TYPE a_total gauge\na_total 1\n",
            [#"a_total non-counter metrics should not have "_total" suffix"#]
        ),
        LintCase("untyped with _total", "# HELP a_total x\n# TYPE a_total untyped\na_total 1\n", []),
        LintCase(
            "counter family named without _total",
            "# HELP a x\n# TYPE a counter\na_total 1\na_created 2\n",
            ["a_created no help text", "a_total no help text"]
        ),
        LintCase(
            "summary with _total",
            "# HELP a_total x\n# TYPE a_total summary\na_total_sum 1\na_total_count 1\n",
            [#"a_total non-counter metrics should not have "_total" suffix"#]
        ),
    ]

    static let reservedCases: [LintCase] = [
        LintCase(
            "gauge _bucket",
            gauge("a_bucket"),
            [#"a_bucket non-histogram metrics should not have "_bucket" suffix"#]
        ),
        LintCase(
            "gauge _count",
            gauge("a_count"),
            [#"a_count non-histogram and non-summary metrics should not have "_count" suffix"#]
        ),
        LintCase(
            "gauge _sum",
            gauge("a_sum"),
            [#"a_sum non-histogram and non-summary metrics should not have "_sum" suffix"#]
        ),
        LintCase(
            "summary named _bucket",
            "# HELP a_bucket x\n# TYPE a_bucket summary\na_bucket_sum 1\na_bucket_count 1\n",
            [#"a_bucket non-histogram metrics should not have "_bucket" suffix"#]
        ),
        LintCase(
            "gauge le and quantile, once per sample",
            "# HELP a x\n# TYPE a gauge\na{le=\"1\",quantile=\"1\"} 1\na{le=\"2\",quantile=\"1\"} 1\n",
            [
                #"a non-histogram metrics should not have "le" label"#,
                #"a non-histogram metrics should not have "le" label"#,
                #"a non-summary metrics should not have "quantile" label"#,
                #"a non-summary metrics should not have "quantile" label"#,
            ]
        ),
        LintCase(
            "summary le, once per series",
            """
            # HELP a x
            # TYPE a summary
            a{quantile="0.5",le="1"} 1
            a_sum{le="1"} 1
            a_count{le="1"} 1

            """,
            [#"a non-histogram metrics should not have "le" label"#]
        ),
        LintCase(
            "histogram quantile, once per series",
            """
            # HELP a x
            # TYPE a histogram
            a_bucket{le="1",quantile="1"} 1
            a_bucket{le="+Inf",quantile="1"} 1
            a_sum{quantile="1"} 1
            a_count{quantile="1"} 1

            """,
            [#"a non-summary metrics should not have "quantile" label"#]
        ),
        LintCase("untyped is exempt", "# HELP a_sum x\na_sum{le=\"1\",quantile=\"2\"} 1\n", []),
        LintCase(
            "_created of a histogram is a family of its own",
            "# HELP a x\n# TYPE a histogram\na_bucket{le=\"+Inf\"} 1\na_sum 1\na_count 1\na_created 1\n",
            ["a_created no help text"]
        ),
    ]

    static let typeInNameCases: [LintCase] = [
        LintCase("counter", gauge("a_counter_x"), ["a_counter_x metric name should not include type 'counter'"]),
        LintCase("gauge at the end", gauge("a_gauge"), ["a_gauge metric name should not include type 'gauge'"]),
        LintCase("upper case", gauge("a_Summary"), ["a_Summary metric name should not include type 'summary'"]),
        LintCase(
            "gauge_histogram",
            gauge("a_gauge_histogram"),
            [
                "a_gauge_histogram metric name should not include type 'gauge'",
                "a_gauge_histogram metric name should not include type 'gauge_histogram'",
                "a_gauge_histogram metric name should not include type 'histogram'",
            ]
        ),
        LintCase("untyped is allowed", gauge("a_untyped"), []),
        LintCase("plural", gauge("a_gauges"), []),
        LintCase("leading word", gauge("gauge_a"), []),
    ]

    static let nameCases: [LintCase] = [
        LintCase("colon", gauge("a:b"), ["a:b metric names should not contain ':'"]),
        LintCase(
            "camelCase metric",
            gauge("aB"),
            ["aB metric names should be written in 'snake_case' not 'camelCase'"]
        ),
        LintCase("upper case only", gauge("ABC_DEF"), []),
        LintCase("upper then lower", gauge("Ab"), []),
        LintCase("digit between", gauge("a1B"), []),
        LintCase(
            "camelCase labels, once per label of every sample",
            "# HELP a x\n# TYPE a gauge\na{fooBar=\"1\",bazQux=\"\"} 1\na{fooBar=\"2\"} 1\n",
            [
                "a label names should be written in 'snake_case' not 'camelCase'",
                "a label names should be written in 'snake_case' not 'camelCase'",
                "a label names should be written in 'snake_case' not 'camelCase'",
            ]
        ),
        LintCase(
            "camelCase labels of a histogram, once per series",
            """
            # HELP a x
            # TYPE a histogram
            a_bucket{le="+Inf",pathName="/"} 1
            a_sum{pathName="/"} 1
            a_count{pathName="/"} 1

            """,
            ["a label names should be written in 'snake_case' not 'camelCase'"]
        ),
    ]

    static let unitCases: [LintCase] = [
        LintCase(
            "milliseconds",
            gauge("a_milliseconds"),
            [#"a_milliseconds use base unit "seconds" instead of "milliseconds""#]
        ),
        LintCase("hours", gauge("a_hours"), [#"a_hours use base unit "seconds" instead of "hours""#]),
        LintCase("kelvins", gauge("a_kelvins"), [#"a_kelvins use base unit "kelvin" instead of "kelvins""#]),
        LintCase("bits", gauge("a_bits"), [#"a_bits use base unit "bytes" instead of "bits""#]),
        LintCase(
            "kilocalories",
            gauge("a_kilocalories"),
            [#"a_kilocalories use base unit "joules" instead of "kilocalories""#]
        ),
        LintCase("base unit", gauge("a_seconds"), []),
        LintCase("base unit with prefix is allowed by name", gauge("a_kelvin"), []),
        LintCase("metres", gauge("a_metres"), []),
        LintCase("thermometers", gauge("a_thermometers"), []),
        LintCase("case-sensitive", gauge("a_Hours"), []),
        LintCase(
            "prefix order within one unit",
            gauge("a_megabytes_kilobytes"),
            [#"a_megabytes_kilobytes use base unit "bytes" instead of "kilobytes""#]
        ),
        // promtool's verdict is random here (Go map order); Argus tries base units first.
        LintCase("several units", gauge("a_seconds_hours"), [], deterministic: false),
        LintCase(
            "several non-base units",
            gauge("a_hours_miles"),
            [#"a_hours_miles use base unit "seconds" instead of "hours""#],
            deterministic: false
        ),
    ]

    static let abbreviationCases: [LintCase] = [
        LintCase("s", gauge("a_s"), ["a_s metric names should not contain abbreviated units"]),
        LintCase("ms in the middle", gauge("a_ms_x"), ["a_ms_x metric names should not contain abbreviated units"]),
        LintCase("upper case", gauge("a_KB"), ["a_KB metric names should not contain abbreviated units"]),
        LintCase(
            "one per abbreviation",
            gauge("a_h_d"),
            [
                "a_h_d metric names should not contain abbreviated units",
                "a_h_d metric names should not contain abbreviated units",
            ]
        ),
        LintCase(
            "repeated abbreviation counts once",
            gauge("a_s_s"),
            ["a_s_s metric names should not contain abbreviated units"]
        ),
        LintCase("leading word", gauge("ms_a"), []),
        LintCase("not a whole word", gauge("a_mbps"), []),
    ]

    static let allCases =
        helpCases + counterCases + reservedCases + typeInNameCases + nameCases + unitCases + abbreviationCases

    @Test(arguments: allCases)
    func rule(_ c: LintCase) async throws {
        #expect(try lintLines(c.input) == c.expected)
    }

    @Test func problemsAreSortedByMetricThenText() async throws {
        let input = gauge("b_ms") + "# TYPE a_total gauge\na_total 1\n"
        #expect(
            try lintLines(input) == [
                "a_total no help text",
                #"a_total non-counter metrics should not have "_total" suffix"#,
                "b_ms metric names should not contain abbreviated units",
            ]
        )
    }

    @Test func descriptionIsMetricSpaceText() {
        let problem = LintProblem(metric: "a", text: "no help text")
        #expect(problem.description == "a no help text")
    }

    @Test func openMetricsOnlyTypesLintAsGauges() {
        let families = [
            MetricFamily(
                name: "a_total", type: .stateSet, help: "x", samples: [ExposedSample(name: "a_total", value: 1)]),
            MetricFamily(name: "b_count", type: .info, help: "x", samples: [ExposedSample(name: "b_count", value: 1)]),
        ]
        #expect(
            MetricsLinter.lint(families).map(\.description) == [
                #"a_total non-counter metrics should not have "_total" suffix"#,
                #"b_count non-histogram and non-summary metrics should not have "_count" suffix"#,
            ]
        )
    }

    @Test func nonContiguousHistogramSeriesAreOneMetric() async throws {
        let input = """
            # HELP a x
            # TYPE a histogram
            a_bucket{le="+Inf",fooBar="1"} 1
            # HELP b x
            # TYPE b gauge
            b 1
            a_sum{fooBar="1"} 1
            a_count{fooBar="1"} 1

            """
        #expect(try lintLines(input) == ["a label names should be written in 'snake_case' not 'camelCase'"])
    }
}

/// Runs the real promtool over every fixture and compares its problem lines
/// and exit code with ours.
@Suite(.enabled(if: Peer.available("promtool"), "promtool is not installed"))
struct MetricsLinterPromtoolTests {
    static let fixtureDirectory: URL = {
        if let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) {
            return url
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    }()

    /// The lint fixtures plus the node-exporter reference exposition.
    static var fixtures: [URL] {
        let lint = fixtureDirectory.appendingPathComponent("lint")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: lint.path)) ?? []
        var urls = names.filter { $0.hasSuffix(".prom") }.sorted().map { lint.appendingPathComponent($0) }
        // The package's own copy if it has one, else the shared reference
        // (Tests/ExpositionTests/ -> package root -> its sibling `shared`).
        let nodeExporter = "node-exporter-1.5-metrics.txt"
        let local = fixtureDirectory.appendingPathComponent(nodeExporter)
        let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/reference")
            .appendingPathComponent(nodeExporter)
        urls.append(FileManager.default.fileExists(atPath: local.path) ? local : shared)
        return urls
    }

    /// The expectations of the rule table are promtool's own answers.
    @Test(arguments: MetricsLinterTests.allCases.filter(\.deterministic))
    func ruleCaseMatchesPromtool(_ c: LintCase) async throws {
        let promtool = try #require(Peer.locate("promtool"))
        let result = try await Peer.run(promtool, ["check", "metrics"], stdin: Data(c.input.utf8))
        #expect(result.stderrString.split(separator: "\n").map(String.init) == c.expected)
        #expect(result.status == (c.expected.isEmpty ? 0 : 3))
    }

    /// Random families built from words the rules care about.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func randomExpositionMatchesPromtool(seed: UInt64) async throws {
        var rng = SeededGenerator(seed: seed)
        let text = RandomExposition.make(families: 150, using: &rng)
        let promtool = try #require(Peer.locate("promtool"))
        let result = try await Peer.run(promtool, ["check", "metrics"], stdin: Data(text.utf8))
        let theirs = result.stderrString.split(separator: "\n").map(String.init)
        try #require(result.status != 1, "promtool rejected seed \(seed): \(theirs)")
        let ours = MetricsLinter.lint(try ExpositionDecoder.decode(Array(text.utf8), format: .text)).map(\.description)
        #expect(ours == theirs)
        #expect(Set(ours).count > 100)
    }

    @Test func fixturesExist() {
        #expect(Self.fixtures.count >= 10)
    }

    @Test(arguments: fixtures)
    func matchesPromtool(_ fixture: URL) async throws {
        let data = try Data(contentsOf: fixture)
        let promtool = try #require(Peer.locate("promtool"))
        let result = try await Peer.run(promtool, ["check", "metrics"], stdin: data)
        let theirs = result.stderrString.split(separator: "\n").map(String.init)
        try #require(result.status != 1, "promtool failed to parse \(fixture.lastPathComponent): \(theirs)")

        let ours = MetricsLinter.lint(try ExpositionDecoder.decode(Array(data), format: .text)).map(\.description)
        #expect(ours == theirs)
        #expect(result.status == (ours.isEmpty ? 0 : 3))
    }
}

/// Builds expositions whose names mix type names, units, abbreviations,
/// reserved suffixes and camelCase words. Names carry at most one unit, as
/// promtool's verdict on several units is random.
enum RandomExposition {
    static let words = [
        "http", "requests", "total", "count", "sum", "bucket", "created", "info", "gauge", "counter", "summary",
        "histogram", "fooBar", "Total", "job:rate", "s", "ms", "kb", "sec", "d", "x",
    ]
    static let units = ["seconds", "milliseconds", "bytes", "kilobytes", "bits", "hours", "celsius", "Minutes"]
    static let labelNames = ["code", "pathName", "le", "quantile", "fooBar", "a_b"]
    static let types = ["counter", "gauge", "histogram", "summary", "untyped", nil] as [String?]

    static func make(families: Int, using rng: inout SeededGenerator) -> String {
        var out = ""
        for i in 0..<families {
            var parts = ["m\(i)"]
            for _ in 0..<Int.random(in: 0...3, using: &rng) { parts.append(words.randomElement(using: &rng)!) }
            if Bool.random(using: &rng) {
                parts.insert(units.randomElement(using: &rng)!, at: Int.random(in: 1...parts.count, using: &rng))
            }
            let name = parts.joined(separator: "_")
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: break
            case 1: out += "# HELP \(name)\n"
            default: out += "# HELP \(name) Help for \(name).\n"
            }
            let type = types.randomElement(using: &rng)!
            if let type { out += "# TYPE \(name) \(type)\n" }
            for _ in 0..<Int.random(in: 1...2, using: &rng) {
                var labels: [String] = []
                for label in labelNames where Int.random(in: 0..<4, using: &rng) == 0 {
                    if (type == "histogram" && label == "le") || (type == "summary" && label == "quantile") { continue }
                    labels.append("\(label)=\"\(["x", "y", "z"].randomElement(using: &rng)!)\"")
                }
                out += samples(name: name, type: type, labels: labels, using: &rng)
            }
        }
        return out
    }

    static func samples(name: String, type: String?, labels: [String], using rng: inout SeededGenerator) -> String {
        func line(_ sampleName: String, _ extra: [String] = []) -> String {
            let all = labels + extra
            return all.isEmpty ? "\(sampleName) 1\n" : "\(sampleName){\(all.joined(separator: ","))} 1\n"
        }
        let created = Int.random(in: 0..<5, using: &rng) == 0 ? line(name + "_created") : ""
        switch type {
        case "counter":
            return line(Bool.random(using: &rng) ? name : name + "_total") + created
        case "histogram":
            return line(name + "_bucket", [#"le="1""#]) + line(name + "_bucket", [#"le="+Inf""#]) + line(name + "_sum")
                + line(name + "_count") + created
        case "summary":
            return line(name, [#"quantile="0.5""#]) + line(name + "_sum") + line(name + "_count") + created
        default:
            return line(name)
        }
    }
}
