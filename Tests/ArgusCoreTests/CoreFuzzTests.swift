import ArgusCore
import ArgusTesting
import Testing

/// Random and mangled input for every core parser: each must return a value
/// or throw an ArgusError, never crash or hang.
@Suite struct CoreFuzzTests {
    static let alphabet = Array("()[]{}|*+?.^$\\-,:=!~\"'0123456789abcdefxyzPpQEkK <>_é\n\t".unicodeScalars)

    static func randomText(_ generator: inout SeededGenerator, maxLength: Int) -> String {
        var text = ""
        for _ in 0..<Int.random(in: 0...maxLength, using: &generator) {
            text.unicodeScalars.append(alphabet.randomElement(using: &generator)!)
        }
        return text
    }

    @Test func regexPatterns() {
        var generator = SeededGenerator(seed: 11)
        var compiled = 0
        var rejected = 0
        for _ in 0..<5000 {
            let pattern = Self.randomText(&generator, maxLength: 16)
            do {
                let regex = try RE2(pattern, options: .dotMatchesNewline)
                compiled += 1
                for _ in 0..<3 {
                    let input = Self.randomText(&generator, maxLength: 24)
                    let whole = regex.matchesWhole(input)
                    let groups = regex.wholeMatchGroups(input)
                    #expect(whole == (groups != nil), "\(pattern) on \(input)")
                    if whole { #expect(regex.contains(input)) }
                    _ = regex.firstMatch(in: input)
                }
            } catch {
                #expect(error.code == .invalidRegex)
                #expect(error.message.hasPrefix("error parsing regexp: "))
                rejected += 1
            }
        }
        #expect(compiled > 100)
        #expect(rejected > 100)
    }

    @Test func durationsAndTimestamps() {
        var generator = SeededGenerator(seed: 12)
        let digits = Array("0123456789ywdhmsT:Z.+-e ".unicodeScalars)
        for _ in 0..<20000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...22, using: &generator) {
                text.unicodeScalars.append(digits.randomElement(using: &generator)!)
            }
            if let duration = try? PromDuration(parsing: text) {
                #expect(duration.milliseconds >= 0)
                #expect((try? PromDuration(parsing: duration.description)) == duration)
            }
            do {
                _ = try Timestamp.parse(text)
            } catch {
                #expect(error.code == .invalidTimestamp)
            }
        }
    }

    @Test func oversizedRegexInputsStayLinear() throws {
        // Patterns that make backtracking engines explode finish at once here.
        let long = String(repeating: "a", count: 100_000)
        #expect(try !RE2("(a*)*b").matchesWhole(long))
        #expect(try !RE2("(a|a)*b").contains(long))
        #expect(try RE2("(a+)+").matchesWhole(long))
        #expect(throws: ArgusError.self) { try RE2("a{1001}") }
        #expect(throws: ArgusError.self) { try RE2(String(repeating: "(", count: 2000)) }
    }
}
