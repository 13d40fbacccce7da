import ArgusCore
import ArgusTesting
import Testing

@Suite struct GoFloatTests {
    @Test(arguments: [
        (1.0, "1"), (0.0, "0"), (-2.5, "-2.5"), (1e6, "1e+06"), (123456.0, "123456"), (1234567.0, "1.234567e+06"),
        (0.0001, "0.0001"), (0.00001, "1e-05"), (1.445697e+06, "1.445697e+06"), (0.1, "0.1"),
        (1e21, "1e+21"), (1.7976931348623157e308, "1.7976931348623157e+308"), (Double.leastNonzeroMagnitude, "5e-324"),
        (.infinity, "+Inf"), (-.infinity, "-Inf"), (.nan, "NaN"), (100, "100"), (3.14159, "3.14159"),
    ])
    func formatsLikeStrconvG(value: Double, expected: String) {
        #expect(GoFloat.formatG(value) == expected)
    }

    @Test(arguments: [
        (1.0, "1"), (1e6, "1000000"), (1e21, "1000000000000000000000"), (0.00001, "0.00001"), (-2.5, "-2.5"),
        (1.5e-7, "0.00000015"),
    ])
    func formatsLikeStrconvF(value: Double, expected: String) {
        #expect(GoFloat.formatF(value) == expected)
    }

    @Test(arguments: [
        ("1", 1.0), ("-1.5", -1.5), ("+3", 3), ("1e3", 1000), ("1E-3", 0.001), (".5", 0.5), ("5.", 5),
        ("Inf", .infinity), ("+inf", .infinity), ("-Inf", -.infinity), ("infinity", .infinity),
        ("0x1p-2", 0.25), ("1.7976931348623157e308", 1.7976931348623157e308),
        ("123456789012345678901", 1.2345678901234568e20),
        ("0.1", 0.1), ("2.2250738585072014e-308", 2.2250738585072014e-308), ("9007199254740993", 9007199254740992),
    ])
    func parsesLikeParseFloat(text: String, expected: Double) {
        #expect(GoFloat.parse(text) == expected)
    }

    @Test func parsesNaNWithGoBits() {
        #expect(GoFloat.parse("NaN")?.bitPattern == 0x7FF8_0000_0000_0001)
        #expect(GoFloat.parse("nan")?.isNaN == true)
    }

    @Test(arguments: [
        "", "+", "-", "e5", "1e", "1e+", "1.2.3", "0x1A", "abc", "1_000", " 1", "1 ", "nan(1)", "--1", "-nan",
    ])
    func rejects(text: String) {
        #expect(GoFloat.parse(text) == nil)
    }

    @Test func laysOutShortestDigits() {
        let (digits, point) = GoFloat.shortestDigits(1234.5)
        #expect(String(decoding: digits, as: UTF8.self) == "12345" && point == 4)
        #expect(GoFloat.exponentNotation(digits, exponent: point - 1) == "1.2345e+03")
        #expect(GoFloat.exponentNotation(digits, exponent: -123, uppercase: true) == "1.2345E-123")
        #expect(GoFloat.fixedNotation(digits, point: point) == "1234.5")
        #expect(GoFloat.fixedNotation(digits, point: -2) == "0.0012345")
        #expect(GoFloat.fixedNotation(digits, point: 7) == "1234500")
    }

    @Test func formatRoundTripsRandomDoubles() {
        var generator = SeededGenerator(seed: 42)
        for _ in 0..<2000 {
            let value = Double(bitPattern: generator.next())
            guard value.isFinite else { continue }
            #expect(GoFloat.parse(GoFloat.formatG(value)) == value)
            #expect(GoFloat.parse(GoFloat.formatF(value)) == value)
        }
    }
}

@Suite struct GoStringTests {
    @Test(arguments: [
        ("plain", #""plain""#), ("a\"b", #""a\"b""#), ("back\\slash", #""back\\slash""#),
        ("line\nbreak", #""line\nbreak""#),
        ("tab\t", #""tab\t""#), ("\u{1}", #""\x01""#), ("héllo", #""héllo""#), ("\u{AD}", #""\u00ad""#),
        ("\u{7F}", #""\x7f""#),
    ])
    func quotesLikeStrconvQuote(input: String, expected: String) {
        #expect(GoString.quote(input) == expected)
    }

    @Test func quotesToASCIIAndRunes() {
        #expect(GoString.quoteToASCII("héllo\u{1F600}\n") == #""h\u00e9llo\U0001f600\n""#)
        #expect(GoString.quoteRune("'") == #"'\''"#)
        #expect(GoString.quoteRune("\"") == #"'"'"#)
        #expect(GoString.quoteRune("é", asciiOnly: true) == #"'\u00e9'"#)
        #expect(GoString.canBackquote("a\tb") && !GoString.canBackquote("a`b") && !GoString.canBackquote("\u{FEFF}"))
    }

    @Test(arguments: [
        (#""a\tb""#, false, "a\tb" as String?), (#"`a\n`"#, false, #"a\n"#), (#"'x'"#, false, "x"),
        (#"'xy'"#, false, nil), (#"'xy'"#, true, "xy"), (#"''"#, true, ""), (#""\u00e9\x41\101""#, false, "éAA"),
        (#""\'""#, false, nil), ("\"a\nb\"", false, nil), (#""\ud800""#, false, nil), (#""abc"#, false, nil),
    ])
    func unquotesLikeStrconvUnquote(literal: String, singleQuotedStrings: Bool, expected: String?) {
        #expect(GoString.unquote(literal, singleQuotedStrings: singleQuotedStrings) == expected)
    }
}
