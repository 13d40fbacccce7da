import ArgusCore
import Testing

@Suite struct GoIntTests {
    @Test(arguments: [
        ("42", 42 as Int64?), ("-1", -1), ("+7", 7), ("0x1F", 31), ("0o17", 15), ("017", 15), ("0b101", 5),
        ("1_000", 1000), ("0x_1F", 31), ("09", nil), ("1__0", nil), ("_1", nil), ("1_", nil), ("", nil),
        ("9223372036854775807", .max), ("-9223372036854775808", .min), ("9223372036854775808", nil), ("0x", nil),
        ("1.5", nil), ("abc", nil),
    ])
    func parsesLikeStrconvParseIntBaseZero(text: String, expected: Int64?) {
        #expect(GoInt.parse(text) == expected)
    }

    @Test(arguments: [
        ("42", 42 as UInt64?), ("0x_1F", 31), ("18446744073709551615", .max), ("0xFFFFFFFFFFFFFFFF", .max),
        ("18446744073709551616", nil), ("+1", nil), ("-0", nil), ("", nil), ("0b", nil),
    ])
    func parsesLikeStrconvParseUintBaseZero(text: String, expected: UInt64?) {
        #expect(GoInt.parseUnsigned(text) == expected)
    }

    @Test func numberTokensFallBackToFloats() {
        #expect(GoFloat.parseNumberToken("010") == 8)
        #expect(GoFloat.parseNumberToken("09") == 9)
        #expect(GoFloat.parseNumberToken("1_000.5") == 1000.5)
        #expect(GoFloat.parseNumberToken("1e3") == 1000)
        #expect(GoFloat.parseNumberToken("1__0") == nil)
        #expect(GoFloat.parseAllowingSeparators("Inf") == .infinity)
    }
}
