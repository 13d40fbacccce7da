import ArgusCore
import PromQLScript
import Testing

/// Series descriptions and their expansion (FORMAT §4).
@Suite struct SeriesDescriptionTests {
    /// Expanded values as text: `_`, Go's float formatting, `stale`.
    static func expand(_ line: String) throws -> [String] {
        try SeriesDescription.parse(line).values.map(\.description)
    }

    @Test(arguments: [
        ("m 1 2 3", ["1", "2", "3"]),
        ("m 1x3", ["1", "1", "1", "1"]),
        ("m _x3", ["_", "_", "_"]),
        ("m _", ["_"]),
        ("m _x0", []),
        ("m 1x0", ["1"]),
        ("m 1+1x3", ["1", "2", "3", "4"]),
        ("m -5+1x3", ["-5", "-4", "-3", "-2"]),
        ("m 10-2x2", ["10", "8", "6"]),
        ("m -2x2", ["-2", "-2", "-2"]),
        ("m +3", ["3"]),
        ("m _ 1 _x2 2", ["_", "1", "_", "_", "2"]),
        ("m stale", ["stale"]),
        ("m 1 stale 2", ["1", "stale", "2"]),
        ("m Inf -Inf +Inf inf INF", ["+Inf", "-Inf", "+Inf", "+Inf", "+Inf"]),
        ("m NaN nan", ["NaN", "NaN"]),
        ("m Inf+1x2", ["+Inf", "+Inf", "+Inf"]),
        ("m 1_000 1e3 .5 1. 2.5e-1", ["1000", "1000", "0.5", "1", "0.25"]),
        ("m 010 09", ["8", "9"]),
        ("m 1 2 ", ["1", "2"]),
        ("m\t1\t\t2", ["1", "2"]),
        ("m", []),
        ("m{} 4", ["4"]),
    ])
    func expansion(_ line: String, _ expected: [String]) throws {
        #expect(try SeriesDescriptionTests.expand(line) == expected)
    }

    @Test func progressionIsRepeatedAdditionBitForBit() throws {
        let values = try SeriesDescription.parse("m 0+0.1x10").values
        var expected: [Double] = []
        var running = 0.0
        for _ in 0...10 {
            expected.append(running)
            running += 0.1
        }
        #expect(values.count == 11)
        #expect(values == expected.map { SequenceValue.float($0) })
        // 0.1 added ten times is not 1.0, and not 10 · 0.1 either.
        #expect(values.last == .float(0.9999999999999999))
        #expect(values.last != .float(10 * 0.1))
    }

    @Test func omittedRepetitionIsNGapsButValueRepetitionIsNPlusOnePoints() throws {
        #expect(try SeriesDescription.parse("m _x3").values.count == 3)
        #expect(try SeriesDescription.parse("m 1x3").values.count == 4)
    }

    @Test func staleIsTheStaleMarkerBits() throws {
        guard case .float(let value) = try SeriesDescription.parse("m stale").values[0] else {
            Issue.record("not a float")
            return
        }
        #expect(value.bitPattern == StaleMarker.bitPattern)
    }

    @Test(arguments: [
        ("foo{a=\"b\"} 1", ["__name__": "foo", "a": "b"]),
        ("{__name__=\"foo\", a=\"b\"} 1", ["__name__": "foo", "a": "b"]),
        ("foo{b='x', a=\"y\",} 1", ["__name__": "foo", "a": "y", "b": "x"]),
        ("foo{a=`raw\\n`} 1", ["__name__": "foo", "a": "raw\\n"]),
        ("foo{a=\"tab\\there\\x41\\u00e9\\101\"} 1", ["__name__": "foo", "a": "tab\there\u{41}\u{e9}A"]),
        ("{job=\"api\"} 1", ["job": "api"]),
        ("sum{by=\"x\"} 1", ["__name__": "sum", "by": "x"]),
        ("a:b:c 1", ["__name__": "a:b:c"]),
        ("{\"utf8.name\"} 1", ["__name__": "utf8.name"]),
        ("{\"weird name\"=\"v\"} 1", ["weird name": "v"]),
        // A name prefix goes through Prometheus' label builder, which drops empty values.
        ("foo{a=\"\", b=\"c\"} 1", ["__name__": "foo", "b": "c"]),
    ])
    func labels(_ line: String, _ expected: [String: String]) throws {
        #expect(try SeriesDescription.parse(line).labels == Labels(expected))
    }

    @Test func labelSetWithoutNameKeepsEmptyValues() throws {
        #expect(try SeriesDescription.parse("{a=\"\"} 1").labels == Labels([Label("a", "")]))
    }

    @Test(arguments: [
        "m Infx3", "m NaNx3", "m stalex3", "m 1m", "m 1 2)", "m 1+2", "m 1x", "m 2x3.5", "m 1x1_000", "m 1a",
        "m 1e", "m 1__0", "m --1", "m -stale", "m foo", "m 1,2", "foo{a=\"b\"}1", "foo{a=~\"b\"} 1", "foo{a} 1",
        "foo{a=\"b\" 1", "foo{a=\"unterminated} 1", "1 2 3", "{{schema:0}} 1", "m {{sum:1 sum:2}}",
        "m {{ sum:1}}", "m {{sum: 1}}", "m {{bogus:1}}", "m {{buckets:[ 1]}}", "m {{buckets:[]}}",
        "m {{counter_reset_hint:maybe}}", "m {{sum:1}}+{{sum:1}}", "m {{sum:1}}+2x3", "m {{schema:1}}+{{schema:0}}x2",
        "m {{schema:0}}+{{custom_values:[1] schema:-53}}x1",
    ])
    func rejects(_ line: String) {
        #expect(throws: SeriesDescriptionError.self) { try SeriesDescription.parse(line) }
    }

    @Test func errorNamesTheColumn() {
        #expect {
            try SeriesDescription.parse("m 1 2 Infx3")
        } throws: { error in
            guard let error = error as? SeriesDescriptionError else { return false }
            return error.column == 7 && error.message.contains("\"Infx3\"")
        }
    }

    // MARK: Histograms

    @Test func histogramLiteral() throws {
        let values = try SeriesDescription.parse(
            "m {{schema:1 sum:5 count:4 z_bucket:1 z_bucket_w:0.001 buckets:[1 2 -1] offset:-2 n_buckets:[0.5] n_offset:3}}"
        ).values
        guard case .histogram(let h, let hintSet) = values.first, values.count == 1 else {
            Issue.record("expected one histogram, got \(values)")
            return
        }
        #expect(h.schema == 1)
        #expect(h.sum == 5)
        #expect(h.count == 4)
        #expect(h.zeroCount == 1)
        #expect(h.zeroThreshold == 0.001)
        #expect(h.positive == .init(offset: -2, counts: [1, 2, -1]))
        #expect(h.negative == .init(offset: 3, counts: [0.5]))
        #expect(h.counterResetHint == .unknown)
        #expect(!hintSet)
    }

    @Test func histogramDefaultsAndCase() throws {
        let values = try SeriesDescription.parse("m {{}} {{ }} {{SUM:-Inf Count:NaN counter_reset_hint:GAUGE }}").values
        #expect(values.count == 3)
        #expect(values[0] == .histogram(ScriptHistogram(), hintSet: false))
        #expect(values[1] == .histogram(ScriptHistogram(), hintSet: false))
        guard case .histogram(let h, let hintSet) = values[2] else {
            Issue.record("not a histogram")
            return
        }
        #expect(h.sum == -.infinity)
        #expect(h.count.isNaN)
        #expect(h.counterResetHint == .gauge)
        #expect(hintSet)
    }

    @Test func customBucketHistogram() throws {
        let values = try SeriesDescription.parse("m {{schema:-53 sum:1 count:1 custom_values:[5 10] buckets:[1]}}")
            .values
        guard case .histogram(let h, _) = values.first else {
            Issue.record("not a histogram")
            return
        }
        #expect(h.usesCustomBuckets)
        #expect(h.customValues == [5, 10])
    }

    @Test func histogramRepetitionAndProgression() throws {
        #expect(try SeriesDescription.parse("m {{count:1}}x2").values.count == 3)
        let values = try SeriesDescription.parse("m {{count:0 buckets:[1]}}+{{count:1 buckets:[1 1]}}x4").values
        let counts = values.compactMap { value -> Double? in
            if case .histogram(let h, _) = value { return h.count }
            return nil
        }
        #expect(counts == [0, 1, 2, 3, 4])
        guard case .histogram(let last, _) = values.last else { return }
        #expect(last.positive.nonEmpty.map(\.count) == [5, 4])
        let down = try SeriesDescription.parse("m {{count:10}}-{{count:2}}x2").values
        #expect(down.map(\.description).map { $0.contains("count:6") }.last == true)
    }

    @Test func progressionTakesTheHintFlagFromTheIncrement() throws {
        let values = try SeriesDescription.parse("m {{count:1}}+{{count:1 counter_reset_hint:not_reset}}x2").values
        #expect(values.count == 3)
        for value in values {
            guard case .histogram(_, let hintSet) = value else { continue }
            #expect(hintSet)
        }
    }

    @Test func progressionToACoarserSchema() throws {
        let values = try SeriesDescription.parse("m {{schema:0 buckets:[1 1] offset:1}}+{{schema:1 buckets:[1]}}x1")
            .values
        #expect(values.count == 2)
        guard case .histogram(let h, _) = values[1] else { return }
        #expect(h.schema == 0)
    }
}
