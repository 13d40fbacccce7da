import Testing

@testable import ArgusCore

@Suite("RE2 matching")
struct RegexTests {
    struct WholeCase: CustomTestStringConvertible, Sendable {
        var pattern: String
        var input: String
        var matches: Bool
        var testDescription: String { "\(pattern) ~ \(input.debugDescription) = \(matches)" }
    }

    static func w(_ pattern: String, _ input: String, _ matches: Bool) -> WholeCase {
        WholeCase(pattern: pattern, input: input, matches: matches)
    }

    static let wholeCases: [WholeCase] = [
        // Literals and escapes.
        w("", "", true), w("", "a", false), w("abc", "abc", true), w("abc", "abcd", false),
        w("a\\.b", "a.b", true), w("a\\.b", "axb", false), w("a.b", "axb", true),
        w("\\\\", "\\", true), w("\\n", "\n", true), w("\\t\\f\\r\\v\\a", "\t\u{0C}\r\u{0B}\u{07}", true),
        w("\\x41", "A", true), w("\\x{10FFFF}", "\u{10FFFF}", true), w("\\x{e9}", "é", true),
        w("\\0", "\u{0}", true), w("\\101", "A", true), w("\\12", "\n", true), w("\\_", "_", true),
        w("\\Qa.b*\\E", "a.b*", true), w("\\Qa.b*\\E", "aab", false), w("\\Qab", "ab", true),
        // Dot and newlines.
        w(".", "\n", false), w("(?s).", "\n", true), w(".*", "a\nb", false), w("(?s:.*)", "a\nb", true),
        w(".+", "", false), w(".+", "x", true), w("[^a]", "\n", true), w("a.c", "a\u{1F600}c", true),
        w("...", "日本語", true), w("..", "日本語", false),
        // Classes.
        w("[a-c]+", "abcab", true), w("[a-c]+", "abd", false), w("[^a-c]", "d", true), w("[^a-c]", "b", false),
        w("[]a]", "]", true), w("[a-]", "-", true), w("[-a]", "-", true), w("[a\\]]+", "a]", true),
        w("[[:alpha:]]+", "abcXYZ", true), w("[[:digit:]]", "5", true), w("[[:^digit:]]", "5", false),
        w("[[:space:]]", "\u{0B}", true), w("\\s", "\u{0B}", false), w("\\s", "\t", true),
        w("[[:word:]]+", "a_1", true), w("[[:xdigit:]]+", "09afAF", true), w("[[:punct:]]", "!", true),
        w("\\d+", "0123", true), w("\\d", "٣", false), w("\\D", "a", true), w("\\w+", "héllo", false),
        w("\\W", "é", true), w("[\\d\\s]+", "1 2", true), w("[^\\d]", "1", false),
        // Unicode classes.
        w("\\pL+", "héllo", true), w("\\p{L}+", "日本", true), w("\\PL", "a", false), w("\\PL", "1", true),
        w("\\p{Lu}", "É", true), w("\\p{Lu}", "é", false), w("\\p{Ll}", "é", true), w("\\p{N}+", "12٣", true),
        w("\\p{Nd}", "٣", true), w("\\p{P}", "!", true), w("\\p{S}", "€", true), w("\\p{Z}", " ", true),
        w("\\p{Greek}+", "αβγ", true), w("\\p{Greek}", "a", false), w("\\p{Han}+", "日本", true),
        w("\\p{Cyrillic}+", "привет", true), w("\\p{Latin}+", "abc", true), w("\\p{^Greek}", "a", true),
        w("\\P{^Greek}", "α", true), w("[\\p{Greek}\\d]+", "α1β2", true), w("\\p{Any}", "\n", true),
        w("[^\\pL]", "1", true), w("[^\\pL]", "x", false),
        // Case folding.
        w("(?i)hello", "HeLLo", true), w("(?i)k", "\u{212A}", true), w("(?i)s", "\u{17F}", true),
        w("(?i)straße", "STRAẞE", true), w("(?i)σ", "Σ", true), w("(?i)σ", "ς", true), w("(?i)é", "É", true),
        w("(?i)[a-c]+", "AbC", true), w("(?i)[k]", "\u{212A}", true), w("(?i)i", "ı", false),
        w("(?i:a)b", "Ab", true), w("(?i:a)b", "AB", false), w("(?i)a(?-i)b", "AB", false),
        w("(?i)a(?-i)b", "Ab", true), w("(?i)\\p{Lu}", "a", true), w("(?i)[[:upper:]]", "a", true),
        w("(?i)[^k]", "\u{212A}", false),
        // Anchors and boundaries.
        w("^abc$", "abc", true), w("a^b", "ab", false), w("(?m)a$\\n^b", "a\nb", true), w("\\Aab\\z", "ab", true),
        w("a\\b", "a", true), w("a\\bb", "ab", false), w("a\\Bb", "ab", true), w("\\bfoo\\b", "foo", true),
        w("a$", "a\n", false), w("(?m)a$", "a", true), w("^", "", true), w("$", "", true),
        // Groups, alternation, empty alternatives.
        w("(a|b)+", "abba", true), w("a|", "", true), w("|a", "a", true), w("(|a)+", "aa", true),
        w("(?:ab|cd)e", "cde", true), w("(?P<x>a)(?<y>b)", "ab", true), w("()", "", true),
        w("foo|foobar", "foobar", true), w("(a|ab)(c|bcd)", "abcd", true),
        // Quantifiers.
        w("a*", "", true), w("a*", "aaa", true), w("a+", "", false), w("a?", "a", true), w("a?", "aa", false),
        w("a{3}", "aaa", true), w("a{3}", "aa", false), w("a{2,}", "aaaaa", true), w("a{2,}", "a", false),
        w("a{2,3}", "aaa", true), w("a{2,3}", "aaaa", false), w("a{0}", "", true), w("a{0}b", "b", true),
        w("a{,2}", "a{,2}", true), w("a{", "a{", true), w("a{1", "a{1", true), w("x{2}{,3}", "xx{,3}", true),
        w("a*?", "aaa", true), w("a+?b", "aab", true), w("(?U)a+", "aaa", true), w("(a*)*", "aaa", true),
        w("(a*)+", "", true), w("(a?){3}", "aa", true), w("((a{2}){2}){2}", "aaaaaaaa", true),
        w("(?:a{2,3}){2}", "aaaaa", true), w("(?:a{2,3}){2}", "aaa", false),
        // Pathological patterns finish quickly.
        w("(a*)*b", String(repeating: "a", count: 40), false), w("(a|a)*", String(repeating: "a", count: 40), true),
        w("(a|aa)*c", String(repeating: "a", count: 60), false),
        w("(x+x+)+y", String(repeating: "x", count: 50), false),
        w("(a?){30}a{30}", String(repeating: "a", count: 30), true),
        w("(.*)*b", String(repeating: "a", count: 50) + "b", true),
    ]

    @Test(arguments: wholeCases)
    func wholeMatch(_ c: WholeCase) throws {
        let re = try RE2(c.pattern)
        #expect(re.matchesWhole(c.input) == c.matches)
        var input = c.input
        #expect(input.withUTF8 { re.matchesWholeWithoutFastPath($0) } == c.matches)
        #expect((re.wholeMatchGroups(c.input) != nil) == c.matches)
    }

    struct SearchCase: CustomTestStringConvertible, Sendable {
        var pattern: String
        var input: String
        var match: String?
        var testDescription: String { "\(pattern) in \(input.debugDescription) = \(match.debugDescription)" }
    }

    static func s(_ pattern: String, _ input: String, _ match: String?) -> SearchCase {
        SearchCase(pattern: pattern, input: input, match: match)
    }

    static let searchCases: [SearchCase] = [
        s("b+", "abbbc", "bbb"), s("b*", "abbbc", ""), s("b*?c", "abbbc", "bbbc"), s("x", "abc", nil),
        s("a|ab", "ab", "a"), s("ab|a", "ab", "ab"), s("(a+)(b?)", "caab", "aab"), s("a+?", "aaa", "a"),
        s("foo", "xxfoofoo", "foo"), s("^foo", "xfoo", nil), s("(?m)^foo", "x\nfoo", "foo"),
        s("foo$", "foo\n", nil), s("(?m)foo$", "foo\nbar", "foo"), s("\\bbar\\b", "foobar bar", "bar"),
        s("\\d+", "abc 123 456", "123"), s("é+", "café éé", "é"), s("(?i)ÉTÉ", "un été", "été"),
        s(".*", "ab\ncd", "ab"), s("(?s).*", "ab\ncd", "ab\ncd"), s("", "abc", ""),
        s("a{2}", "abaab", "aa"), s("[α-ω]+", "xyz αβγ", "αβγ"), s("\\Ab", "ab", nil),
        s("(a*)*b", String(repeating: "a", count: 40), nil),
    ]

    @Test(arguments: searchCases)
    func search(_ c: SearchCase) throws {
        let re = try RE2(c.pattern)
        let range = re.firstMatch(in: c.input)
        #expect(range.map { String(c.input[$0]) } == c.match)
        #expect(re.contains(c.input) == (c.match != nil))
    }

    struct GroupCase: Sendable, CustomTestStringConvertible {
        var pattern: String
        var input: String
        var groups: [String?]?
        var testDescription: String { "\(pattern) ~ \(input.debugDescription)" }
    }

    static let groupCases: [GroupCase] = [
        GroupCase(pattern: "(a)(b)?", input: "a", groups: ["a", "a", nil]),
        GroupCase(pattern: "(a|ab)(c|bcd)(d*)", input: "abcd", groups: ["abcd", "a", "bcd", ""]),
        GroupCase(pattern: "(a*)+", input: "b", groups: nil),
        GroupCase(pattern: "(a*)+", input: "", groups: ["", ""]),
        GroupCase(pattern: "(a*)*", input: "", groups: ["", ""]),
        GroupCase(pattern: "(a+|b+)*", input: "ab", groups: ["ab", "b"]),
        GroupCase(pattern: "(.*)-(.*)", input: "a-b-c", groups: ["a-b-c", "a-b", "c"]),
        GroupCase(pattern: "(.*?)-(.*)", input: "a-b-c", groups: ["a-b-c", "a", "b-c"]),
        GroupCase(
            pattern: "(?P<host>[^:]+):(?P<port>\\d+)", input: "node:9100", groups: ["node:9100", "node", "9100"]),
        GroupCase(pattern: "(é)(x)?", input: "é", groups: ["é", "é", nil]),
        GroupCase(pattern: "(a)|b", input: "b", groups: ["b", nil]),
        GroupCase(pattern: "(a)", input: "ab", groups: nil),
    ]

    @Test(arguments: groupCases)
    func groups(_ c: GroupCase) throws {
        let re = try RE2(c.pattern)
        let got = re.wholeMatchGroups(c.input)?.map { $0.map(String.init) }
        #expect(got == c.groups)
    }

    @Test func firstMatchGroups() throws {
        let re = try RE2("(\\w+)@(\\w+)")
        let groups = re.firstMatchGroups(in: "mail bob@example now")?.map { $0.map(String.init) }
        #expect(groups == ["bob@example", "bob", "example"])
    }

    @Test func captureNames() throws {
        let re = try RE2("(?P<a>x)(y)(?<b>z)")
        #expect(re.captureNames == [nil, "a", nil, "b"])
        #expect(re.groupCount == 3)
    }

    @Test func dotMatchesNewlineOption() throws {
        let re = try RE2("a.*b", options: .dotMatchesNewline)
        #expect(re.matchesWhole("a\n\nb"))
        #expect(try !RE2("a.*b").matchesWhole("a\n\nb"))
        #expect(try RE2("(?-s:.)", options: .dotMatchesNewline).matchesWhole("\n") == false)
    }

    @Test func invalidUTF8Input() throws {
        let bytes: [UInt8] = [0x61, 0xFF, 0xC3, 0x62]
        for (pattern, expected) in [("a..b", true), ("a.b", false), ("a\\x{FFFD}\\x{FFFD}b", true), (".*", true)] {
            let re = try RE2(pattern)
            #expect(bytes.withUnsafeBufferPointer { re.matchesWhole($0) } == expected, "\(pattern)")
            #expect(bytes.withUnsafeBufferPointer { re.matchesWholeWithoutFastPath($0) } == expected, "\(pattern)")
        }
        let truncated: [UInt8] = [0xE6, 0x97]
        #expect(try truncated.withUnsafeBufferPointer { try RE2("..").matchesWhole($0) })
    }

    @Test func longInputUnanchored() throws {
        let text = String(repeating: "abcdefghij", count: 10_000) + "needle42"
        let re = try RE2("needle(\\d+)")
        #expect(re.contains(text))
        #expect(re.firstMatchGroups(in: text)?[1] == "42")
        #expect(try RE2("(x+x+)+y").contains(String(repeating: "x", count: 5_000)) == false)
    }

    @Test func hashableByPattern() throws {
        #expect(try RE2("a+") == RE2("a+"))
        #expect(try RE2("a+") != RE2("a*"))
        #expect(try Set([RE2("a"), RE2("a"), RE2("b")]).count == 2)
        #expect(try RE2("x|y").description == "x|y")
    }
}
