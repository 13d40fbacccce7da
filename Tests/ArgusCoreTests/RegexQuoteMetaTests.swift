import ArgusCore
import Testing

@Suite struct RegexQuoteMetaTests {
    @Test(arguments: [
        ("plain", "plain"), ("a.b", #"a\.b"#), (#"1+1=2?"#, #"1\+1=2\?"#), ("[x]{y}(z)", #"\[x\]\{y\}\(z\)"#),
        (#"^a|b$\"#, #"\^a\|b\$\\"#), ("*é", #"\*é"#),
    ])
    func escapesLikeGo(text: String, expected: String) throws {
        #expect(RE2.quoteMeta(text) == expected)
        // The quoted form matches exactly the original text.
        let regex = try RE2(RE2.quoteMeta(text))
        #expect(regex.matchesWhole(text))
        #expect(!regex.matchesWhole(text + "x"))
    }
}
