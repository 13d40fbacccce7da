import ArgusCore
import Testing

@testable import Alertmanager

@Suite struct MatcherTests {
    @Test func parsesAlertmanagerMatcherSyntax() throws {
        let matchers = try Matcher.parseList(#"{foo = "bar", dings != bums, re=~"a|b.*", }"#)
        #expect(matchers.map(\.description) == [#"foo="bar""#, #"dings!="bums""#, #"re=~"a|b.*""#])
        #expect(matchers[1].type == .notEqual)
        let quoted = try Matcher.parseList(#"{quote="She said: \"Hi, all\"", x!~"y"}"#)
        #expect(quoted[0].value == #"She said: "Hi, all""#)
        #expect(quoted[1].type == .regexNoMatch)
        #expect(try Matcher.parse(#"a="\n\x""#).value == "\n\\x")
        #expect(try Matcher.parseList("").isEmpty)
    }

    @Test func rejectsMalformedMatchers() {
        #expect(throws: MatcherParseError("bad matcher format: foo bar=baz")) {
            try Matcher.parse("foo bar=baz")
        }
        #expect(throws: MatcherParseError(#"matcher value contains unescaped double quote: "a"b""#)) {
            try Matcher.parse(#"x="a"b""#)
        }
        #expect(throws: MatcherParseError.self) { try Matcher.parse("1x=y") }
        #expect(throws: MatcherParseError.self) { try Matcher.parse("x=~(") }
    }

    @Test func regexIsAnchoredAndDotSkipsNewline() throws {
        let matcher = try Matcher.parse("job=~api.*")
        #expect(matcher.matches(["job": "api-server"]))
        #expect(!matcher.matches(["job": "my-api"]))
        #expect(!matcher.matches(["job": "api\nx"]))
        #expect(try Matcher.parse("job!~api").matches(Labels()))
    }

    @Test func fingerprintMatchesPrometheusModel() {
        // Values printed by Alertmanager 0.25 for these label sets.
        #expect(Fingerprint(Labels()).description == "cbf29ce484222325")
        #expect(Fingerprint(["alertname": "A", "job": "x"]).description == "593b3fc30668dd0a")
        #expect(Fingerprint(hex: "00000000000000ff")?.rawValue == 255)
        #expect(Fingerprint(hex: "zz") == nil)
    }
}
