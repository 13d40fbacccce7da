import Testing

@testable import ArgusCore

@Suite("RE2 fast paths")
struct RegexFastPathTests {
    static let prometheusStyle = RE2.Options.dotMatchesNewline

    static let classifications: [(String, RE2.Options, RE2.FastPath)] = [
        ("foo", [], .literal("foo")),
        ("", [], .literal("")),
        ("(foo)", [], .literal("foo")),
        ("^foo$", [], .literal("foo")),
        ("a\\.b", [], .literal("a.b")),
        ("foo|bar|baz", [], .alternation(["foo", "bar", "baz"])),
        ("(?:prod|dev)", [], .alternation(["prod", "dev"])),
        ("env-[12]", [], .alternation(["env-1", "env-2"])),
        ("a|", [], .alternation(["a", ""])),
        ("(?i)ab", [], .alternation(["ab", "aB", "Ab", "AB"])),
        ("foo.*", prometheusStyle, .prefix("foo")),
        ("foo.*?", prometheusStyle, .prefix("foo")),
        ("(?s)foo.*", [], .prefix("foo")),
        (".*foo", prometheusStyle, .suffix("foo")),
        (".*foo.*", prometheusStyle, .contains("foo")),
        ("(?s:.*foo.*)", [], .contains("foo")),
        (".*", prometheusStyle, .matchAnything),
        (".+", prometheusStyle, .matchNonEmpty),
        // Dots that reject \n are not plain string tests.
        ("foo.*", [], .none),
        (".*", [], .none),
        (".+", [], .none),
        (".*foo.*", [], .none),
        // Not simple shapes.
        ("fo+", [], .none),
        ("foo.+", prometheusStyle, .none),
        ("(?m)^foo", [], .none),
        ("\\x{FFFD}", [], .none),
        ("[a-z]+", [], .none),
    ]

    @Test(arguments: classifications)
    func classify(_ pattern: String, _ options: RE2.Options, _ expected: RE2.FastPath) throws {
        #expect(try RE2(pattern, options: options).fastPath == expected)
    }

    @Test func newlineRejectingShortcutsStayExact() throws {
        let prefix = try RE2("foo.*")
        #expect(prefix.matchesWhole("foobar"))
        #expect(!prefix.matchesWhole("foo\nbar"))
        #expect(try RE2(".*").matchesWhole("a\nb") == false)
        #expect(try RE2(".*", options: .dotMatchesNewline).matchesWhole("a\nb"))
        #expect(try RE2(".*x.*").matchesWhole("a\nx") == false)
        #expect(try RE2("(?i)foobarbazqux").matchesWhole("FOOBARBAZQUX"))
    }

    // MARK: Property: fast path and engine agree

    /// A small deterministic generator (SplitMix64), so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let atoms = ["a", "b", "ab", "", "\\n", "é", "K", "[ab]", "a?", "(?:a|b)", "\\x{FFFD}"]
    static let dots = [".*", ".+", ".*?", "(?s:.*)", "(?s:.+)"]

    static func randomPattern(_ rng: inout SplitMix) -> String {
        func atom() -> String { atoms.randomElement(using: &rng) ?? "a" }
        func dot() -> String { dots.randomElement(using: &rng) ?? ".*" }
        let shape = Int.random(in: 0..<9, using: &rng)
        let core: String
        switch shape {
        case 0: core = atom() + atom()
        case 1: core = atom() + "|" + atom() + "|" + atom()
        case 2: core = atom() + dot()
        case 3: core = dot() + atom()
        case 4: core = dot() + atom() + dot()
        case 5: core = dot()
        case 6: core = "(" + atom() + ")" + dot()
        case 7: core = "(?i)" + atom() + atom()
        default: core = "^" + atom() + dot() + "$"
        }
        return core
    }

    static let alphabet: [[UInt8]] = [
        [0x61], [0x62], [0x0A], Array("é".utf8), [0xFF], Array("K".utf8), Array("\u{212A}".utf8),
    ]

    @Test func fastPathAgreesWithEngine() throws {
        var rng = SplitMix(state: 42)
        var checked = 0
        for _ in 0..<400 {
            let pattern = Self.randomPattern(&rng)
            let options: RE2.Options = Bool.random(using: &rng) ? [.dotMatchesNewline] : []
            let re = try RE2(pattern, options: options)
            for _ in 0..<25 {
                var input: [UInt8] = []
                for _ in 0..<Int.random(in: 0...5, using: &rng) {
                    input += Self.alphabet.randomElement(using: &rng) ?? []
                }
                let fast = input.withUnsafeBufferPointer { re.matchesWhole($0) }
                let engine = input.withUnsafeBufferPointer { re.matchesWholeWithoutFastPath($0) }
                #expect(fast == engine, "\(pattern) options=\(options.rawValue) input=\(input)")
                checked += 1
            }
        }
        #expect(checked == 10_000)
    }
}
