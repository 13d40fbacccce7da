import ArgusCore
import Testing

@Suite struct LabelMatcherTests {
    @Test(arguments: [
        (LabelMatcher.MatchType.equal, "node", "node", true), (.equal, "node", "nodes", false),
        (.equal, "", "", true), (.notEqual, "node", "api", true), (.notEqual, "node", "node", false),
        (.regexMatch, "node|api", "api", true), (.regexMatch, "node|api", "apis", false),
        (.regexMatch, "api-.*", "api-7f9", true), (.regexMatch, "api-.*", "xapi-7f9", false),
        (.regexMatch, ".*", "", true), (.regexMatch, ".+", "", false), (.regexMatch, ".+", "x", true),
        (.regexMatch, "a.c", "a\nc", true), (.regexMatch, ".*", "multi\nline", true),
        (.regexMatch, "(?i)NODE", "node", true), (.regexMatch, "5..", "503", true),
        (.regexMatch, "5..", "5003", false), (.regexMatch, "", "", true), (.regexMatch, "", "x", false),
        (.regexNoMatch, "node|api", "api", false), (.regexNoMatch, "node|api", "db", true),
        (.regexNoMatch, ".*", "anything", false),
    ])
    func matches(type: LabelMatcher.MatchType, value: String, candidate: String, expected: Bool) throws {
        let matcher = try LabelMatcher(type, "job", value)
        #expect(matcher.matches(candidate) == expected)
    }

    @Test func matchesEmptySelectsSeriesWithoutTheLabel() throws {
        #expect(try LabelMatcher(.regexMatch, "job", ".*").matchesEmpty)
        #expect(try LabelMatcher(.equal, "job", "").matchesEmpty)
        #expect(try !LabelMatcher(.regexMatch, "job", ".+").matchesEmpty)
        #expect(try LabelMatcher(.notEqual, "job", "x").matchesEmpty)
        let series: Labels = ["__name__": "up", "instance": "a"]
        #expect(series.matches([.equal("__name__", "up"), try LabelMatcher(.equal, "job", "")]))
        #expect(!series.matches([.equal("__name__", "up"), .equal("job", "node")]))
        #expect(series.matches([try LabelMatcher(.regexMatch, "instance", "a|b")]))
    }

    @Test func setMatchesAndPrefixForIndexLookups() throws {
        #expect(try LabelMatcher(.regexMatch, "job", "b|a|c").setMatches == ["a", "b", "c"])
        #expect(try LabelMatcher(.regexMatch, "job", "node").setMatches == ["node"])
        #expect(LabelMatcher.equal("job", "x").setMatches == ["x"])
        #expect(try LabelMatcher(.regexMatch, "job", "a.*").setMatches == nil)
        #expect(try LabelMatcher(.regexNoMatch, "job", "a|b").setMatches == nil)
        #expect(try LabelMatcher(.regexMatch, "job", "api-.*").prefix == "api-")
        #expect(try LabelMatcher(.regexMatch, "job", "api").prefix == nil)
    }

    @Test func printsLikePrometheus() throws {
        #expect(LabelMatcher.equal("job", "a\"b").description == #"job="a\"b""#)
        #expect(try LabelMatcher(.regexNoMatch, "job", "x\\d").description == #"job!~"x\\d""#)
        #expect(LabelMatcher.notEqual("service.name", "api").description == #""service.name"!="api""#)
    }

    @Test func rejectsBadRegexWithGoMessage() {
        do {
            _ = try LabelMatcher(.regexMatch, "job", "(a")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidRegex)
            #expect(error.message == "error parsing regexp: missing closing ): `(a`")
        }
    }

    @Test func equalityIsByContent() throws {
        #expect(try LabelMatcher(.regexMatch, "a", "x|y") == LabelMatcher(.regexMatch, "a", "x|y"))
        #expect(try LabelMatcher(.regexMatch, "a", "x|y") != LabelMatcher(.regexNoMatch, "a", "x|y"))
        #expect(Set([LabelMatcher.equal("a", "b"), .equal("a", "b"), .notEqual("a", "b")]).count == 2)
    }
}
