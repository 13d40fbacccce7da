import ArgusCore
import Testing

@Suite struct PromDurationTests {
    @Test(arguments: [
        ("0", 0 as Int64, "0s"), ("0s", 0, "0s"), ("90s", 90_000, "1m30s"), ("1h30m", 5_400_000, "1h30m"),
        ("1d", 86_400_000, "1d"), ("1w", 604_800_000, "1w"), ("1y", 31_536_000_000, "1y"),
        ("500ms", 500, "500ms"), ("1y2w3d4h5m6s7ms", 33_019_506_007, "382d4h5m6s7ms"), ("14d", 1_209_600_000, "2w"),
        ("90d", 7_776_000_000, "90d"), ("60m", 3_600_000, "1h"),
    ])
    func parsesAndPrints(text: String, milliseconds: Int64, canonical: String) throws {
        let duration = try PromDuration(parsing: text)
        #expect(duration.milliseconds == milliseconds)
        #expect(duration.description == canonical)
        #expect(try PromDuration(parsing: canonical) == duration)
    }

    @Test(arguments: [
        "", "1", "h", "1.5h", "-1h", "1m1h", "1s1s", "1 h", "1H", "1msm", "99999999999999999999y", "1e3s",
        "9223372036854775807y",
    ])
    func rejects(text: String) {
        do {
            _ = try PromDuration(parsing: text)
            Issue.record("\(text) should not parse")
        } catch {
            #expect(error.code == .invalidDuration)
            #expect(error.message == "not a valid duration string: \(GoString.quote(text))")
        }
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [
        ("1700000000", 1_700_000_000_000 as Int64), ("1700000000.123", 1_700_000_000_123),
        ("1700000000.1235", 1_700_000_000_124), ("-1.5", -1_500), ("0", 0), ("1e9", 1_000_000_000_000),
        ("2023-11-14T22:13:20Z", 1_700_000_000_000), ("2023-11-14T22:13:20.5Z", 1_700_000_000_500),
        ("2023-11-14T23:13:20.123456789+01:00", 1_700_000_000_123), ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59.9Z", -100), ("2024-02-29T00:00:00Z", 1_709_164_800_000),
    ])
    func parses(text: String, expected: Int64) throws {
        #expect(try Timestamp.parse(text) == expected)
    }

    @Test(arguments: [
        "", "abc", "2023-11-14", "2023-02-30T00:00:00Z", "2023-11-14T22:13:20", "2023-11-14 22:13:20Z",
        "NaN", "Inf", "2023-11-14T22:13:20.Z", "2023-11-14T25:00:00Z", "1700000000 ",
    ])
    func rejects(text: String) {
        do {
            _ = try Timestamp.parse(text)
            Issue.record("\(text) should not parse")
        } catch {
            #expect(error.code == .invalidTimestamp)
            #expect(error.message == "cannot parse \(GoString.quote(text)) to a valid timestamp")
        }
    }

    @Test func formatsRFC3339() {
        #expect(Timestamp.formatRFC3339(1_700_000_000_000) == "2023-11-14T22:13:20Z")
        #expect(Timestamp.formatRFC3339(1_700_000_000_123) == "2023-11-14T22:13:20.123Z")
        #expect(Timestamp.formatRFC3339(-100) == "1969-12-31T23:59:59.900Z")
        for ms in stride(from: Int64(-5_000_000_000_000), to: 5_000_000_000_000, by: 123_456_789_011) {
            #expect(Timestamp.parseRFC3339(Array(Timestamp.formatRFC3339(ms).utf8)) == ms)
        }
    }
}

@Suite struct StaleMarkerTests {
    @Test func distinguishesStaleFromOtherNaNs() {
        #expect(StaleMarker.isStale(StaleMarker.value))
        #expect(StaleMarker.value.isNaN)
        #expect(!StaleMarker.isStale(.nan))
        #expect(!StaleMarker.isStale(Double(bitPattern: StaleMarker.normalNaNBitPattern)))
        #expect(!StaleMarker.isStale(0))
        #expect(StaleMarker.value.bitPattern == 0x7FF0_0000_0000_0002)
    }

    @Test func rejectsDurationsGoCannotHold() throws {
        #expect(try PromDuration(parsing: "292y").milliseconds == 292 * 365 * 86_400_000)
        #expect(throws: ArgusError.self) { try PromDuration(parsing: "293y") }
        #expect(throws: ArgusError.self) { try PromDuration(parsing: "9223372036854775807ms") }
    }
}
