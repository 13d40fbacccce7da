import ArgusCore
import ArgusTesting
import Exposition
import Foundation
import Testing

/// What the parser reported, in a form that is easy to compare.
struct ParsedEntry: Equatable, CustomStringConvertible {
    var kind: ExpositionParser.Entry
    var text: String

    var description: String { "\(kind): \(text)" }
}

/// Parses `body` whole; with `defersLabels`, each sample's labels are
/// checked after it is read, and the n-th sample is read expecting the n-th
/// of `expecting` (series texts that passed the checks).
func parseAll(
    _ body: some Collection<UInt8>, _ format: ExpositionFormat, defersLabels: Bool = false,
    expecting: [ArraySlice<UInt8>] = []
) throws(ExpositionError) -> [ParsedEntry] {
    var parser = ExpositionParser(body, format: format)
    parser.defersLabels = defersLabels
    var entries: [ParsedEntry] = []
    var samples = 0
    while let entry = try parser.next(expectingSeries: samples < expecting.count ? expecting[samples] : nil) {
        switch entry {
        case .help: entries.append(ParsedEntry(kind: entry, text: "\(parser.metadataName) \(parser.helpText)"))
        case .type: entries.append(ParsedEntry(kind: entry, text: "\(parser.metadataName) \(parser.metricType)"))
        case .unit: entries.append(ParsedEntry(kind: entry, text: "\(parser.metadataName) \(parser.unitText)"))
        case .comment: entries.append(ParsedEntry(kind: entry, text: parser.commentText))
        case .sample:
            samples += 1
            try parser.checkDeferredLabels()
            var text = "\(parser.labels()) \(GoFloat.formatG(parser.value))"
            if let ts = parser.timestamp { text += " @\(ts)" }
            if let exemplar = parser.exemplar() {
                text += " # \(exemplar.labels) \(GoFloat.formatG(exemplar.value))"
                if let ts = exemplar.timestamp { text += " @\(ts)" }
            }
            entries.append(ParsedEntry(kind: entry, text: text))
        }
    }
    return entries
}

func parseAll(_ body: String, _ format: ExpositionFormat, defersLabels: Bool = false) throws(ExpositionError)
    -> [ParsedEntry]
{
    try parseAll(Array(body.utf8), format, defersLabels: defersLabels)
}

@Suite struct ExpositionParserTests {
    @Test func parsesTextEdgeCases() throws {
        let body = try String(
            contentsOf: Fixtures.testFixture("ExpositionTests", "exposition/text-edge-cases.txt"),
            encoding: .utf8
        )
        let entries = try parseAll(body, .text)
        let expected: [ParsedEntry] = [
            .init(kind: .comment, text: " A free comment line."),
            .init(kind: .help, text: "leading_blanks Blanks before the keyword are allowed."),
            .init(kind: .help, text: "escaped_help Back\\slash and new\nline; a \"quote\" stays."),
            .init(kind: .type, text: "escaped_help gauge"),
            .init(kind: .sample, text: #"{__name__="escaped_help", msg="say \"hi\"\nbye", path="C:\\dir"} 1"#),
            .init(kind: .sample, text: #"{__name__="indented_sample"} 2 @1700000000000"#),
            .init(kind: .sample, text: #"{__name__="trailing_comma", a="1"} 3"#),
            .init(kind: .sample, text: #"{__name__="spaced_labels", a="1", b="2"} 4"#),
            .init(kind: .sample, text: #"{__name__="no_labels_braces"} 5"#),
            .init(kind: .sample, text: #"{__name__="inf_values", kind="pos"} +Inf"#),
            .init(kind: .sample, text: #"{__name__="inf_values", kind="neg"} -Inf"#),
            .init(kind: .sample, text: #"{__name__="nan_value"} NaN"#),
            .init(kind: .sample, text: #"{__name__="exp_value"} 1500"#),
            .init(kind: .sample, text: #"{__name__="negative_ts"} 6 @-1000"#),
            .init(kind: .sample, text: #"{__name__="my.dotted.metric", service.name="api"} 7"#),
            .init(kind: .type, text: "untyped_thing unknown"),
            .init(kind: .sample, text: #"{__name__="untyped_thing"} 8"#),
        ]
        #expect(entries == expected)
    }

    @Test func parsesOpenMetricsAllTypes() throws {
        let body = try String(
            contentsOf: Fixtures.testFixture("ExpositionTests", "exposition/openmetrics-all-types.txt"),
            encoding: .utf8
        )
        let entries = try parseAll(body, .openMetrics)
        #expect(entries.count == 33)
        #expect(entries[0] == .init(kind: .type, text: "acme_http_requests counter"))
        #expect(entries[1] == .init(kind: .help, text: "acme_http_requests Requests served, by \"code\"."))
        #expect(
            entries[2]
                == .init(
                    kind: .sample,
                    text:
                        #"{__name__="acme_http_requests_total", code="200", path="/"} 1027 @1700000000500 # {trace_id="abc123"} 1 @1700000000250"#
                )
        )
        #expect(entries.contains(.init(kind: .unit, text: "acme_request_seconds seconds")))
        #expect(entries.contains(.init(kind: .type, text: "acme_queue gaugeHistogram")))
        #expect(entries.contains(.init(kind: .type, text: "acme_feature stateSet")))
        #expect(
            entries.contains(
                .init(kind: .sample, text: #"{__name__="acme_build_info", revision="a\"b\\c\nd", version="1.2.3"} 1"#)
            )
        )
        #expect(
            entries.contains(
                .init(kind: .sample, text: #"{__name__="acme_temperature_celsius", sensor="gpu"} 1.5e+300"#)))
    }

    @Test func seriesBytesAreTheRawSeriesText() throws {
        var parser = ExpositionParser(Array("a_b{x=\"1\",y=\"2\"} 3 4\nplain 5\n".utf8), format: .text)
        #expect(try parser.next() == .sample)
        #expect(String(decoding: parser.seriesBytes, as: UTF8.self) == #"a_b{x="1",y="2"}"#)
        #expect(parser.value == 3)
        #expect(parser.timestamp == 4)
        #expect(try parser.next() == .sample)
        #expect(String(decoding: parser.seriesBytes, as: UTF8.self) == "plain")
        #expect(parser.timestamp == nil)
        #expect(parser.labelsWithoutName().isEmpty)
        #expect(try parser.next() == nil)
    }

    @Test func keepsValueBitsExactly() throws {
        var parser = ExpositionParser(Array("x NaN\ny 0.1\nz -0\n".utf8), format: .text)
        _ = try parser.next()
        #expect(parser.value.bitPattern == 0x7FF8_0000_0000_0001)
        _ = try parser.next()
        #expect(parser.value == 0.1)
        _ = try parser.next()
        #expect(parser.value.sign == .minus)
    }

    struct BadInput: CustomStringConvertible, Sendable {
        var format: ExpositionFormat
        var body: String
        var line: Int
        var column: Int
        var reason: String
        var description: String { "\(format): \(body.debugDescription)" }
    }

    static let badInputs: [BadInput] = [
        .init(
            format: .text, body: "ok 1\nbad\n", line: 2, column: 4,
            reason: "expected whitespace before the value, got end of line"),
        .init(
            format: .text, body: "m{a=\"1\" 2\n", line: 1, column: 9,
            reason: "expected ',' or '}' after label value, got \"2\""),
        .init(format: .text, body: "m{a=\"1} 2\n", line: 1, column: 5, reason: "unterminated quoted string"),
        .init(
            format: .text, body: "m{1a=\"1\"} 2\n", line: 1, column: 3, reason: "invalid label name \"1a=\\\"1\\\"}\""),
        .init(
            format: .text, body: "m{a=1} 2\n", line: 1, column: 5,
            reason: "expected '\"' to start the label value, got \"1}\""),
        .init(
            format: .text, body: "m{a\"1\"} 2\n", line: 1, column: 4,
            reason: "expected '=' after label name, got \"\\\"1\\\"}\""),
        .init(format: .text, body: "m{a=\"1\",a=\"2\"} 2\n", line: 1, column: 9, reason: "duplicate label name \"a\""),
        .init(format: .text, body: "m x\n", line: 1, column: 3, reason: "expected a float value, got \"x\""),
        .init(format: .text, body: "m 0x1p4\n", line: 1, column: 3, reason: "expected a float value, got \"0x1p4\""),
        .init(
            format: .text, body: "m 1 12.5\n", line: 1, column: 5,
            reason: "expected an integer timestamp in milliseconds, got \"12.5\""),
        .init(format: .text, body: "m 1 2 3\n", line: 1, column: 7, reason: "unexpected \"3\" after the timestamp"),
        .init(format: .text, body: "# TYPE m bogus\n", line: 1, column: 10, reason: "invalid metric type \"bogus\""),
        .init(
            format: .text, body: "# TYPE m stateset\n", line: 1, column: 10, reason: "invalid metric type \"stateset\""),
        .init(format: .text, body: "# HELP 9m text\n", line: 1, column: 8, reason: "invalid metric name \"9m\""),
        .init(
            format: .text, body: "-m 1\n", line: 1, column: 1,
            reason: "expected a metric name or '{' at the start of a sample, got \"-m\""),
        .init(
            format: .text, body: "m{} 1\nm{__name__=\"x\"} 1\n", line: 2, column: 3,
            reason: "label \"__name__\" must not be set in the label set"),
        .init(format: .text, body: "{a=\"1\"} 1\n", line: 1, column: 1, reason: "sample has no metric name"),
        .init(format: .openMetrics, body: "m 1\n", line: 1, column: 5, reason: "data does not end with \"# EOF\""),
        .init(
            format: .openMetrics, body: "m 1\n# EOF\nm 2\n", line: 3, column: 1,
            reason: "unexpected data after \"# EOF\""),
        .init(format: .openMetrics, body: "m  1\n# EOF\n", line: 1, column: 3, reason: "unexpected extra whitespace"),
        .init(format: .openMetrics, body: "\n# EOF\n", line: 1, column: 1, reason: "unexpected empty line"),
        .init(
            format: .openMetrics, body: "# free comment\n# EOF\n", line: 1, column: 3,
            reason: "invalid comment: OpenMetrics allows only # HELP, # TYPE, # UNIT and # EOF"),
        .init(
            format: .openMetrics, body: "# TYPE m untyped\n# EOF\n", line: 1, column: 10,
            reason: "invalid metric type \"untyped\""),
        .init(
            format: .openMetrics, body: "# UNIT m_bytes seconds\n# EOF\n", line: 1, column: 16,
            reason: "unit \"seconds\" is not a suffix of metric \"m_bytes\""),
        .init(
            format: .openMetrics, body: "m 1 # {a=\"1\"}\n# EOF\n", line: 1, column: 14,
            reason: "expected one space before the exemplar value, got end of line"),
        .init(
            format: .openMetrics, body: "m 1 x\n# EOF\n", line: 1, column: 5,
            reason: "expected a timestamp in seconds, got \"x\""),
        .init(
            format: .openMetrics, body: "m 1 # x\n# EOF\n", line: 1, column: 5,
            reason: "expected an exemplar \"# {labels} value\" or end of line, got \"#\""),
        // A bad label set and a bad value: the label set's error comes first.
        .init(
            format: .text, body: "m{a=1} x\n", line: 1, column: 5,
            reason: "expected '\"' to start the label value, got \"1}\""),
        .init(format: .text, body: "m{a=\"1\",a=\"2\"}x\n", line: 1, column: 9, reason: "duplicate label name \"a\""),
        .init(format: .text, body: "m{a=\"}\"\n", line: 1, column: 8, reason: "unterminated label set: expected '}'"),
        .init(
            format: .openMetrics, body: "m{a=\"1\", b=\"2\"} 1\n# EOF\n", line: 1, column: 9,
            reason: "invalid label name \" \""),
    ]

    /// Every bad input gives the same error whether the parser checks label
    /// sets as it reads them or defers them until the caller asks.
    @Test(arguments: badInputs, [false, true])
    func rejectsWithPosition(_ input: BadInput, defersLabels: Bool) {
        do {
            _ = try parseAll(input.body, input.format, defersLabels: defersLabels)
            Issue.record("expected an error")
        } catch {
            #expect(error.reason == input.reason)
            #expect(error.line == input.line)
            #expect(error.column == input.column)
            #expect(error.description == "line \(input.line), column \(input.column): \(input.reason)")
        }
    }

    /// Deferring only skips work: the sample's value, timestamp and series
    /// text are there before the labels are checked, and checking is what
    /// finds a bad label set.
    @Test func deferredLabelsAreCheckedOnRequest() throws {
        var parser = ExpositionParser(Array("m{a=\"1\",a=\"2\"} 7 1000\nn{b=\"x\\\"}\"} 8\n".utf8), format: .text)
        parser.defersLabels = true
        #expect(try parser.next() == .sample)
        #expect(parser.value == 7)
        #expect(parser.timestamp == 1000)
        #expect(String(decoding: parser.seriesBytes, as: UTF8.self) == "m{a=\"1\",a=\"2\"}")
        #expect(throws: ExpositionError.self) { try parser.checkDeferredLabels() }
        #expect(try parser.next() == .sample)
        #expect(String(decoding: parser.seriesBytes, as: UTF8.self) == "n{b=\"x\\\"}\"}")
        try parser.checkDeferredLabels()
        #expect(parser.labels() == Labels(["__name__": "n", "b": "x\"}"]))
    }

    /// A line that starts with the expected series text and a blank is
    /// delimited by it; any other line is scanned as usual.
    @Test func expectedSeriesTextDelimitsTheSample() throws {
        let body = Array("m{a=\"1\"} 1\nm{a=\"1\"}x 2\n".utf8)
        let expected = ArraySlice(Array("m{a=\"1\"}".utf8))
        var parser = ExpositionParser(body, format: .text)
        parser.defersLabels = true
        #expect(try parser.next(expectingSeries: expected) == .sample)
        #expect(parser.matchedExpectedSeries)
        #expect(parser.seriesBytes == expected)
        #expect(parser.value == 1)
        #expect(throws: ExpositionError.self) { try parser.next(expectingSeries: expected) }
        parser = ExpositionParser(Array("m{a=\"1\",b=\"2\"} 3\n".utf8), format: .text)
        parser.defersLabels = true
        #expect(try parser.next(expectingSeries: expected) == .sample)
        #expect(!parser.matchedExpectedSeries)
        #expect(String(decoding: parser.seriesBytes, as: UTF8.self) == "m{a=\"1\",b=\"2\"}")
        #expect(parser.value == 3)
    }

    @Test func rejectsInvalidUTF8() {
        for bytes: [UInt8] in [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0xC0, 0x80], [0xF4, 0x90, 0x80, 0x80]] {
            var parser = ExpositionParser(Array("m{a=\"".utf8) + bytes + Array("\"} 1\n".utf8), format: .text)
            do {
                _ = try parser.next()
                Issue.record("expected an error for \(bytes)")
            } catch {
                #expect(error.reason == "invalid UTF-8 in label value")
                #expect(error.column == 6)
            }
        }
    }

    @Test func rejectsOversizedExemplar() {
        let long = String(repeating: "x", count: 130)
        #expect(throws: ExpositionError.self) { try parseAll("m_total 1 # {a=\"\(long)\"} 1\n# EOF\n", .openMetrics) }
    }

    @Test func reportsLineNumbersAcrossManyLines() {
        let body = (0..<500).map { "m\($0) \($0)" }.joined(separator: "\n") + "\nbroken line here\n"
        do {
            _ = try parseAll(body, .text)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 501)
            #expect(error.column == 8)
        }
    }

    /// Truncations at every length, bit flips and random bytes: each must give
    /// a value or an ExpositionError, never a crash or a hang; and the same
    /// one when label sets are deferred and checked after each sample.
    @Test(arguments: ExpositionFormat.allCases)
    func survivesMangledInput(format: ExpositionFormat) throws {
        let name = format == .text ? "exposition/text-edge-cases.txt" : "exposition/openmetrics-all-types.txt"
        let original = Array(try Data(contentsOf: Fixtures.testFixture("ExpositionTests", name)))
        var generator = SeededGenerator(seed: 7)
        var outcomes = (ok: 0, failed: 0)
        var originalSeries: [ArraySlice<UInt8>] = []
        var reader = ExpositionParser(original, format: format)
        while let entry = try reader.next() {
            if entry == .sample { originalSeries.append(ArraySlice(reader.seriesBytes)) }
        }
        #expect(originalSeries.count > 5)
        func attempt(_ bytes: [UInt8]) {
            var parser = ExpositionParser(bytes, format: format)
            do {
                while let entry = try parser.next() {
                    if entry == .sample {
                        _ = parser.labels()
                        _ = parser.exemplar()
                    }
                }
                outcomes.ok += 1
            } catch {
                #expect(error.line >= 1 && error.column >= 1 && error.offset <= bytes.count)
                outcomes.failed += 1
            }
            let checked = Result { () throws(ExpositionError) in try parseAll(bytes, format) }
            let deferred = Result { () throws(ExpositionError) in try parseAll(bytes, format, defersLabels: true) }
            let expecting = Result { () throws(ExpositionError) in
                try parseAll(bytes, format, defersLabels: true, expecting: originalSeries)
            }
            #expect(
                "\(checked)" == "\(deferred)", "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
            #expect(
                "\(checked)" == "\(expecting)", "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
        for length in 0...original.count { attempt(Array(original[..<length])) }
        for _ in 0..<2000 {
            var mutated = original
            let flips = Int.random(in: 1...4, using: &generator)
            for _ in 0..<flips {
                let index = Int.random(in: 0..<mutated.count, using: &generator)
                mutated[index] = UInt8.random(in: 0...255, using: &generator)
            }
            attempt(mutated)
        }
        for _ in 0..<500 { attempt(generator.bytes(Int.random(in: 0...300, using: &generator))) }
        #expect(outcomes.ok > 0)
        #expect(outcomes.failed > 0)
    }
}

@Suite struct ExpositionOversizedInputTests {
    @Test func hugeLabelValuesAndLinesParse() throws {
        let value = String(repeating: "v", count: 1 << 20)
        let body = "m{a=\"\(value)\"} 1\n" + String(repeating: "x", count: 100_000) + " 2\n"
        var parser = ExpositionParser(Array(body.utf8), format: .text)
        #expect(try parser.next() == .sample)
        #expect(parser.labels()["a"]?.utf8.count == 1 << 20)
        #expect(try parser.next() == .sample)
        #expect(parser.metricName.utf8.count == 100_000)
        #expect(try parser.next() == nil)
    }

    @Test func manyLinesWithoutTrailingNewline() throws {
        let body = (0..<100_000).map { "series_\($0){shard=\"\($0 % 7)\"} \($0)" }.joined(separator: "\n")
        var parser = ExpositionParser(Array(body.utf8), format: .text)
        var count = 0
        var sum = 0.0
        while let entry = try parser.next(), entry == .sample {
            count += 1
            sum += parser.value
        }
        #expect(count == 100_000)
        #expect(sum == 4_999_950_000)
    }

    @Test func unterminatedHugeQuotedValueFails() {
        let body = "m{a=\"" + String(repeating: "v", count: 1 << 20) + "\n"
        var parser = ExpositionParser(Array(body.utf8), format: .text)
        #expect(throws: ExpositionError.self) { try parser.next() }
    }
}
