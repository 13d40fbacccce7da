import GoTemplate
import PromTemplate
import Testing

/// Cases of `prometheus/common`'s `helpers/templates/time_test.go` and of Prometheus'
/// `Test_floatToTime`, re-expressed.
@Suite struct PromHumanizeTests {
    static let durations: [(TemplateValue, String)] = [
        (.int(0), "0s"), (.int(1), "1s"), (.int(60), "1m 0s"), (.int(3600), "1h 0m 0s"),
        (.int(86400), "1d 0h 0m 0s"), (.int(90000), "1d 1h 0m 0s"),
        (.int(-183_845), "-2d 3h 4m 5s"), (.float(899.99), "14m 59s"),
        (.float(0.1), "100ms"), (.float(0.0001), "100us"), (.float(0.12345), "123.5ms"), (.float(60.1), "1m 0s"),
        (.float(60.5), "1m 0s"), (.float(1.2345), "1.234s"), (.float(12.345), "12.35s"), (.string("0"), "0s"),
        (.string("86400"), "1d 0h 0m 0s"), (.string(".12345"), "123.5ms"), (.int(1_234_567), "14d 6h 56m 7s"),
    ]

    @Test(arguments: durations)
    func humanizeDuration(_ input: TemplateValue, _ expected: String) throws {
        #expect(PromHumanize.humanizeDuration(try PromHumanize.convertToFloat(input)) == expected)
    }

    @Test func convertToFloatErrors() throws {
        #expect(throws: TemplateFunctionError.self) { try PromHumanize.convertToFloat(.string("one")) }
        #expect(throws: TemplateFunctionError("can't convert bool to float")) {
            try PromHumanize.convertToFloat(.bool(true))
        }
        #expect(throws: TemplateFunctionError("can't convert <nil> to float")) {
            try PromHumanize.convertToFloat(.nil)
        }
        #expect(throws: TemplateFunctionError(#"strconv.ParseFloat: parsing "1e400": value out of range"#)) {
            try PromHumanize.convertToFloat(.string("1e400"))
        }
        let duration = TemplateValue.object(TemplateDuration(GoDuration(nanoseconds: 1_500_000_000)))
        #expect(try PromHumanize.convertToFloat(duration) == 1.5)
    }

    static let timestamps: [(TemplateValue, String)] = [
        (.int(0), "1970-01-01 00:00:00 +0000 UTC"), (.int(-1), "1969-12-31 23:59:59 +0000 UTC"),
        (.int(1), "1970-01-01 00:00:01 +0000 UTC"), (.int(1_234_567), "1970-01-15 06:56:07 +0000 UTC"),
        (.int(9_223_372_036), "2262-04-11 23:47:16 +0000 UTC"), (.string("+Inf"), "+Inf"), (.string("-Inf"), "-Inf"),
        (.string("NaN"), "NaN"), (.float(.infinity), "+Inf"), (.float(-.infinity), "-Inf"), (.float(.nan), "NaN"),
        (.float(1_435_065_584.128), "2015-06-23 13:19:44.128 +0000 UTC"),
        (.string("1435065584.128"), "2015-06-23 13:19:44.128 +0000 UTC"),
    ]

    @Test(arguments: timestamps)
    func humanizeTimestamp(_ input: TemplateValue, _ expected: String) throws {
        #expect(try PromHumanize.humanizeTimestamp(try PromHumanize.convertToFloat(input)) == expected)
    }

    @Test func humanizeTimestampOverflow() {
        #expect(throws: TemplateFunctionError.self) { try PromHumanize.humanizeTimestamp(Double(Int64.max)) }
    }

    @Test func floatToTime() throws {
        let time = try PromHumanize.floatToTime(1_657_155_181)
        #expect(time == GoTime(seconds: 1_657_155_181))
        #expect(time.format("2006-01-02T15:04:05Z07:00") == "2022-07-07T00:53:01Z")
        #expect(throws: TemplateFunctionError.self) {
            try PromHumanize.floatToTime(1.79769313486231570814527423731704356798070e+300)
        }
        #expect(throws: TemplateFunctionError.self) {
            try PromHumanize.floatToTime(-1.79769313486231570814527423731704356798070e+300)
        }
    }

    @Test func humanizeNumbers() {
        #expect(PromHumanize.humanize(1_234_567) == "1.235M")
        #expect(PromHumanize.humanize(0.12) == "120m")
        #expect(PromHumanize.humanize(-0.000_001_5) == "-1.5u")
        #expect(PromHumanize.humanize1024(1_048_576) == "1Mi")
        #expect(PromHumanize.humanize1024(-2048) == "-2ki")
        #expect(PromHumanize.humanizePercentage(0.5) == "50%")
    }

    @Test func parseDuration() throws {
        #expect(try ModelDuration.parseAllowingNegative("1h2m10ms") == 3_720_010_000_000)
        #expect(try ModelDuration.parseAllowingNegative("-30m") == -1_800_000_000_000)
        #expect(try ModelDuration.parseAllowingNegative("0") == 0)
        #expect(throws: TemplateFunctionError("empty duration string")) { try ModelDuration.parseAllowingNegative("") }
        #expect(throws: TemplateFunctionError(#"not a valid duration string: "1m1h""#)) {
            try ModelDuration.parseAllowingNegative("1m1h")
        }
        #expect(throws: TemplateFunctionError(#"unknown unit "x" in duration "5x""#)) {
            try ModelDuration.parseAllowingNegative("5x")
        }
        #expect(throws: TemplateFunctionError("duration out of range")) {
            try ModelDuration.parseAllowingNegative("300y")
        }
    }
}
