import Testing

@testable import ArgusCore

@Suite("RE2 syntax errors")
struct RegexSyntaxErrorTests {
    /// Messages as Go's regexp.Compile reports them.
    static let errors: [(String, String)] = [
        ("(a", "missing closing ): `(a`"),
        ("((a)", "missing closing ): `((a)`"),
        ("a)", "unexpected ): `a)`"),
        ("())", "unexpected ): `())`"),
        ("[a", "missing closing ]: `[a`"),
        ("x[^a", "missing closing ]: `[^a`"),
        ("[]", "missing closing ]: `[]`"),
        ("[z-a]", "invalid character class range: `z-a`"),
        ("[[:foo:]]", "invalid character class range: `[:foo:]`"),
        ("\\p{Foo}", "invalid character class range: `\\p{Foo}`"),
        ("\\pX", "invalid character class range: `\\pX`"),
        ("\\p{L", "invalid character class range: `\\p{L`"),
        ("*", "missing argument to repetition operator: `*`"),
        ("a|*", "missing argument to repetition operator: `*`"),
        ("(+)", "missing argument to repetition operator: `+`"),
        ("{2}", "missing argument to repetition operator: `{2}`"),
        ("a**", "invalid nested repetition operator: `**`"),
        ("a++", "invalid nested repetition operator: `++`"),
        ("a*+", "invalid nested repetition operator: `*+`"),
        ("a??+", "invalid nested repetition operator: `??+`"),
        ("a{1001}", "invalid repeat count: `{1001}`"),
        ("a{2,1}", "invalid repeat count: `{2,1}`"),
        ("a{1000000000}", "invalid repeat count: `{1000000000}`"),
        ("(a{500}){3}", "invalid repeat count: `{3}`"),
        ("\\1", "invalid escape sequence: `\\1`"),
        ("(a)\\1", "invalid escape sequence: `\\1`"),
        ("\\8", "invalid escape sequence: `\\8`"),
        ("\\q", "invalid escape sequence: `\\q`"),
        ("\\C", "invalid escape sequence: `\\C`"),
        ("\\xZ1", "invalid escape sequence: `\\xZ1`"),
        ("\\x{110000}", "invalid escape sequence: `\\x{110000`"),
        ("\\x{}", "invalid escape sequence: `\\x{}`"),
        ("a\\", "trailing backslash at end of expression: ``"),
        ("(?=a)", "invalid or unsupported Perl syntax: `(?=`"),
        ("(?!a)", "invalid or unsupported Perl syntax: `(?!`"),
        ("(?<=a)", "invalid named capture: `(?<=a)`"),
        ("(?<!a)", "invalid named capture: `(?<!a)`"),
        ("(?P=n)", "invalid or unsupported Perl syntax: `(?P`"),
        ("(?z)", "invalid or unsupported Perl syntax: `(?z`"),
        ("(?i-)", "invalid or unsupported Perl syntax: `(?i-)`"),
        ("(?", "invalid or unsupported Perl syntax: `(?`"),
        ("(?P<>a)", "invalid named capture: `(?P<>`"),
        ("(?P<a-b>x)", "invalid named capture: `(?P<a-b>`"),
        ("(?P<name", "invalid named capture: `(?P<name`"),
    ]

    @Test(arguments: errors)
    func rejects(_ pattern: String, _ message: String) {
        #expect {
            _ = try RE2(pattern)
        } throws: { error in
            guard let error = error as? ArgusError else { return false }
            return error.code == .invalidRegex && error.message == "error parsing regexp: " + message
                && error.input == pattern
        }
    }

    static let accepted: [String] = [
        "a{1000}", "(?:a{10}){100}", "x{2}{,3}", "(?i)(?s)(?m)(?U)a", "(?ims-U:a)", "(?)", "[[:^alpha:]]",
        "\\pN\\p{Nd}\\p{Lu}\\p{Ll}\\p{P}\\p{S}\\p{Z}\\p{Greek}\\p{Han}\\p{Cyrillic}", "^*", "\\b+", "(|)", "a|",
        "[a-]", "\\Q\\E", "(?P<n1>a)(?<n_2>b)", "(?P<a>x)(?P<a>y)",
    ]

    @Test(arguments: accepted)
    func accepts(_ pattern: String) throws {
        _ = try RE2(pattern)
    }

    @Test func offsetPointsAtProblem() {
        do {
            _ = try RE2("abc\\1")
            Issue.record("should throw")
        } catch {
            #expect(error.offset == 3)
        }
    }
}
