import ArgusCore
import Testing

/// `RE2.replaceAll(in:with:)` against Go's `Regexp.ReplaceAllString` (outputs recorded with Go).
@Suite struct ReReplaceAllTests {
    @Test(arguments: [
        ("(a)b", "x$1", "ab", "xa"),
        ("a*", "-", "baaac", "-b-c-"),
        ("a*", "-", "", "-"),
        ("x*", "-", "abc", "-a-b-c-"),
        ("^", "S", "abc", "Sabc"),
        ("$", "E", "abc", "abcE"),
        ("\\b", "|", "ab cd", "|ab| |cd|"),
        ("(?P<word>\\w+)", "<${word}>", "hello world", "<hello> <world>"),
        ("a(x*)b", "${1}W", "-ab-axxb-", "-W-xxW-"),
        ("a(x*)b", "$1W", "-ab-axxb-", "---"),
        ("é", "e", "café é", "cafe e"),
        ("", "-", "añb", "-a-ñ-b-"),
        ("(\\d+)", "$$$1", "a1b22", "a$1b$22"),
        ("^a", "X", "aaa", "Xaa"),
        ("(?m)^a", "X", "a\na\nb", "X\nX\nb"),
    ])
    func matchesGo(_ pattern: String, _ replacement: String, _ input: String, _ expected: String) throws {
        #expect(try RE2(pattern).replaceAll(in: input, with: replacement) == expected)
    }

    @Test func literal() throws {
        #expect(try RE2("a(b)").replaceAll(in: "abab", withLiteral: "$1") == "$1$1")
    }
}
