import Testing

@testable import ArgusCore

@Suite("RE2 template expansion")
struct RegexExpandTests {
    static let cases: [(String, String)] = [
        ("$1", "a"),
        ("${1}", "a"),
        ("$2-$1", "b-a"),
        ("$1x", ""),  // group named "1x"
        ("${1}x", "ax"),
        ("$first/$second", "a/b"),
        ("${first}_", "a_"),
        ("$first_", ""),  // group named "first_"
        ("$$1", "$1"),
        ("$", "$"),
        ("a$-b", "a$-b"),
        ("${1", "${1"),
        ("${}", "${}"),
        ("$9", ""),
        ("$3", ""),  // did not participate
        ("$01", ""),  // a name, not a number
        ("$0", "ab"),
        ("é$1é", "é"),  // group named "1é"
        ("$nope", ""),
    ]

    @Test(arguments: cases)
    func expand(_ template: String, _ expected: String) throws {
        let re = try RE2("(?P<first>a)(?P<second>b)(c)?")
        let groups = try #require(re.wholeMatchGroups("ab"))
        #expect(re.expand(template: template, groups: groups) == expected)
    }

    @Test func relabelStyle() throws {
        let re = try RE2("(.+):(\\d+)", options: .dotMatchesNewline)
        let groups = try #require(re.wholeMatchGroups("10.0.0.1:9100"))
        #expect(re.expand(template: "${1}:80", groups: groups) == "10.0.0.1:80")
    }
}
