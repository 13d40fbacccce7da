import ArgusCore

/// PromQL's lexer: a port of the state machine in Prometheus'
/// `promql/parser/lex.go` (expression mode only), producing the same tokens,
/// positions and error messages.
///
/// The lexer does not depend on the parser, so it runs ahead and produces the
/// whole token list at once; the list ends with an `.eof` or an `.error`
/// token. Comments are dropped.
struct Lexer {
    private let bytes: [UInt8]
    private var pos = 0
    private var start = 0
    private var width = 0

    private var parenDepth = 0
    private var braceOpen = false
    private var bracketOpen = false
    private var gotColon = false
    private var gotDuration = false
    private var stringOpen: Int32 = 0

    private(set) var tokens: [Token] = []

    private static let eof: Int32 = -1

    private enum State {
        case statements, insideBraces, durationExpr, lineComment, numberOrDuration, string, rawString
        case keywordOrIdentifier, identifier
    }

    init(_ input: String) {
        bytes = Array(input.utf8)
    }

    /// Lexes `input` completely.
    static func tokenize(_ input: String) -> [Token] {
        var lexer = Lexer(input)
        lexer.run()
        return lexer.tokens
    }

    private mutating func run() {
        var state: State? = .statements
        while let current = state {
            switch current {
            case .statements: state = lexStatements()
            case .insideBraces: state = lexInsideBraces()
            case .durationExpr: state = lexDurationExpr()
            case .lineComment: state = lexLineComment()
            case .numberOrDuration: state = lexNumberOrDuration()
            case .string: state = lexString()
            case .rawString: state = lexRawString()
            case .keywordOrIdentifier: state = lexKeywordOrIdentifier()
            case .identifier: state = lexIdentifier()
            }
        }
    }

    // MARK: - Primitives

    private mutating func next() -> Int32 {
        guard pos < bytes.count else {
            width = 0
            return Lexer.eof
        }
        let (scalar, length) = decode(at: pos)
        width = length
        pos += length
        return scalar
    }

    private func decode(at index: Int) -> (Int32, Int) {
        let b0 = bytes[index]
        if b0 < 0x80 { return (Int32(b0), 1) }
        let length = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : 2
        guard index + length <= bytes.count else { return (0xFFFD, 1) }
        var value = UInt32(b0) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        for offset in 1..<length { value = value << 6 | (UInt32(bytes[index + offset]) & 0x3F) }
        return (Int32(value), length)
    }

    private mutating func peek() -> Int32 {
        let r = next()
        backup()
        return r
    }

    private mutating func backup() { pos -= width }

    private mutating func emit(_ kind: TokenKind) {
        tokens.append(Token(kind: kind, start: start, end: pos, text: text(start, pos)))
        start = pos
    }

    private mutating func ignore() { start = pos }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: bytes[from..<to], as: UTF8.self)
    }

    /// Ends lexing with an error token starting at the current token start.
    private mutating func fail(_ message: String) -> State? {
        tokens.append(Token(kind: .error, start: start, end: bytes.count, text: message))
        return nil
    }

    /// Like `fail`, replacing a token emitted in the same step (as Go's lexer
    /// overwrites the pending item).
    private mutating func failReplacingLast(_ message: String) -> State? {
        tokens.removeLast()
        return fail(message)
    }

    private mutating func accept(_ valid: String) -> Bool {
        let r = next()
        if r >= 0, valid.unicodeScalars.contains(where: { Int32($0.value) == r }) { return true }
        backup()
        return false
    }

    private mutating func isNext(_ valid: String) -> Bool {
        let r = peek()
        return r >= 0 && valid.unicodeScalars.contains(where: { Int32($0.value) == r })
    }

    private mutating func acceptRun(_ valid: String) {
        while accept(valid) {}
    }

    private func hasPrefix(_ byte: UInt8) -> Bool { pos < bytes.count && bytes[pos] == byte }

    static func isSpace(_ r: Int32) -> Bool { r == 0x20 || r == 0x09 || r == 0x0A || r == 0x0D }
    static func isDigit(_ r: Int32) -> Bool { r >= 0x30 && r <= 0x39 }
    static func isAlpha(_ r: Int32) -> Bool {
        r == 0x5F || (r >= 0x61 && r <= 0x7A) || (r >= 0x41 && r <= 0x5A)
    }
    static func isAlphaNumeric(_ r: Int32) -> Bool { isAlpha(r) || isDigit(r) }

    private static func char(_ c: Character) -> Int32 { Int32(c.unicodeScalars.first!.value) }

    // MARK: - States

    private mutating func lexStatements() -> State? {
        if braceOpen { return .insideBraces }
        if hasPrefix(UInt8(ascii: "#")) { return .lineComment }
        let r = next()
        switch r {
        case Lexer.eof:
            if parenDepth != 0 { return fail("unclosed left parenthesis") }
            if bracketOpen { return fail("unclosed left bracket") }
            emit(.eof)
            return nil
        case Lexer.char(","): emit(.comma)
        case _ where Lexer.isSpace(r):
            skipSpaces()
        case Lexer.char("*"): emit(.mul)
        case Lexer.char("/"): emit(.div)
        case Lexer.char("%"): emit(.mod)
        case Lexer.char("+"): emit(.add)
        case Lexer.char("-"): emit(.sub)
        case Lexer.char("^"): emit(.pow)
        case Lexer.char("="):
            let t = peek()
            if t == Lexer.char("=") {
                _ = next()
                emit(.eqlc)
            } else if t == Lexer.char("~") {
                return fail("unexpected character after '=': \(Lexer.quoteRune(t))")
            } else {
                emit(.equal)
            }
        case Lexer.char("!"):
            let t = next()
            if t != Lexer.char("=") { return fail("unexpected character after '!': \(Lexer.quoteRune(t))") }
            emit(.neq)
        case Lexer.char("<"):
            if peek() == Lexer.char("=") {
                _ = next()
                emit(.lte)
            } else if peek() == Lexer.char("/") {
                _ = next()
                emit(.trimUpper)
            } else {
                emit(.lss)
            }
        case Lexer.char(">"):
            if peek() == Lexer.char("=") {
                _ = next()
                emit(.gte)
            } else if peek() == Lexer.char("/") {
                _ = next()
                emit(.trimLower)
            } else {
                emit(.gtr)
            }
        case _ where Lexer.isDigit(r) || (r == Lexer.char(".") && Lexer.isDigit(peek())):
            backup()
            return .numberOrDuration
        case Lexer.char("\""), Lexer.char("'"):
            stringOpen = r
            return .string
        case Lexer.char("`"):
            stringOpen = r
            return .rawString
        case _ where Lexer.isAlpha(r) || r == Lexer.char(":"):
            if !bracketOpen {
                backup()
                return .keywordOrIdentifier
            }
            if r == Lexer.char(":") {
                if gotColon { return fail("unexpected colon \(Lexer.quoteRune(r))") }
                emit(.colon)
                gotColon = true
                return .statements
            }
            if Lexer.isDurationKeywordStart(r), scanDurationKeyword() { return .statements }
            return fail("unexpected character: \(Lexer.quoteRune(r)), expected ':'")
        case Lexer.char("("):
            emit(.leftParen)
            parenDepth += 1
        case Lexer.char(")"):
            emit(.rightParen)
            parenDepth -= 1
            if parenDepth < 0 { return failReplacingLast("unexpected right parenthesis \(Lexer.quoteRune(r))") }
        case Lexer.char("{"):
            emit(.leftBrace)
            braceOpen = true
            return .insideBraces
        case Lexer.char("["):
            if bracketOpen { return fail("unexpected left bracket \(Lexer.quoteRune(r))") }
            gotColon = false
            emit(.leftBracket)
            skipSpaces()
            bracketOpen = true
            return .durationExpr
        case Lexer.char("]"):
            if !bracketOpen { return fail("unexpected right bracket \(Lexer.quoteRune(r))") }
            emit(.rightBracket)
            bracketOpen = false
        case Lexer.char("@"):
            emit(.at)
        default:
            return fail("unexpected character: \(Lexer.quoteRune(r))")
        }
        return .statements
    }

    private mutating func skipSpaces() {
        while Lexer.isSpace(peek()) { _ = next() }
        ignore()
    }

    private mutating func lexInsideBraces() -> State? {
        if hasPrefix(UInt8(ascii: "#")) { return .lineComment }
        let r = next()
        switch r {
        case Lexer.eof:
            return fail("unexpected end of input inside braces")
        case _ where Lexer.isSpace(r):
            skipSpaces()
            return .statements
        case _ where Lexer.isAlpha(r):
            backup()
            return .identifier
        case Lexer.char(","):
            emit(.comma)
        case Lexer.char("\""), Lexer.char("'"):
            stringOpen = r
            return .string
        case Lexer.char("`"):
            stringOpen = r
            return .rawString
        case Lexer.char("="):
            if next() == Lexer.char("~") {
                emit(.eqlRegex)
            } else {
                backup()
                emit(.equal)
            }
        case Lexer.char("!"):
            let nr = next()
            if nr == Lexer.char("~") {
                emit(.neqRegex)
            } else if nr == Lexer.char("=") {
                emit(.neq)
            } else {
                return fail("unexpected character after '!' inside braces: \(Lexer.quoteRune(nr))")
            }
        case Lexer.char("{"):
            return fail("unexpected left brace \(Lexer.quoteRune(r))")
        case Lexer.char("}"):
            emit(.rightBrace)
            braceOpen = false
            return .statements
        default:
            return fail("unexpected character inside braces: \(Lexer.quoteRune(r))")
        }
        return .insideBraces
    }

    private mutating func lexDurationExpr() -> State? {
        let r = next()
        switch r {
        case Lexer.eof:
            return fail("unexpected end of input in duration expression")
        case Lexer.char("]"):
            emit(.rightBracket)
            bracketOpen = false
            gotColon = false
            return .statements
        case Lexer.char(":"):
            emit(.colon)
            if !gotDuration {
                return failReplacingLast("unexpected colon before duration in duration expression")
            }
            if gotColon { return failReplacingLast("unexpected repeated colon in duration expression") }
            gotColon = true
        case Lexer.char("("):
            emit(.leftParen)
            parenDepth += 1
        case Lexer.char(")"):
            emit(.rightParen)
            parenDepth -= 1
            if parenDepth < 0 { return failReplacingLast("unexpected right parenthesis \(Lexer.quoteRune(r))") }
        case _ where Lexer.isSpace(r):
            skipSpaces()
        case Lexer.char("+"): emit(.add)
        case Lexer.char("-"): emit(.sub)
        case Lexer.char("*"): emit(.mul)
        case Lexer.char("/"): emit(.div)
        case Lexer.char("%"): emit(.mod)
        case Lexer.char("^"): emit(.pow)
        case Lexer.char(","): emit(.comma)
        case _ where Lexer.isDurationKeywordStart(r):
            if scanDurationKeyword() { return .durationExpr }
            return fail("unexpected character in duration expression: \(Lexer.quoteRune(r))")
        case _ where Lexer.isDigit(r) || (r == Lexer.char(".") && Lexer.isDigit(peek())):
            backup()
            gotDuration = true
            return .numberOrDuration
        default:
            return fail("unexpected character in duration expression: \(Lexer.quoteRune(r))")
        }
        return .durationExpr
    }

    private static func isDurationKeywordStart(_ r: Int32) -> Bool {
        let lowered = r >= 0x41 && r <= 0x5A ? r + 0x20 : r
        return lowered == char("s") || lowered == char("r") || lowered == char("m")
    }

    private mutating func scanDurationKeyword() -> Bool {
        while Lexer.isAlpha(next()) {}
        backup()
        switch text(start, pos).lowercased() {
        case "step": emit(.step)
        case "range": emit(.range)
        case "max_of": emit(.maxOf)
        case "min_of": emit(.minOf)
        default: return false
        }
        return true
    }

    private mutating func lexLineComment() -> State? {
        pos += 1
        var r = next()
        while r != Lexer.char("\r"), r != Lexer.char("\n"), r != Lexer.eof { r = next() }
        backup()
        // Comments are skipped by the parser; drop them here.
        start = pos
        return .statements
    }

    private mutating func lexString() -> State? {
        while true {
            let r = next()
            if r == Lexer.char("\\") {
                if let message = lexEscape() { return fail(message) }
                continue
            }
            if r == 0xFFFD { return fail("invalid UTF-8 rune") }
            if r == Lexer.eof || r == Lexer.char("\n") { return fail("unterminated quoted string") }
            if r == stringOpen { break }
        }
        emit(.string)
        return .statements
    }

    /// Scans an escape sequence after the backslash; returns an error message if it is invalid.
    private mutating func lexEscape() -> String? {
        var ch = next()
        let count: Int
        let base: UInt64
        let maxValue: UInt64
        switch ch {
        case Lexer.char("a"), Lexer.char("b"), Lexer.char("f"), Lexer.char("n"), Lexer.char("r"),
            Lexer.char("t"), Lexer.char("v"), Lexer.char("\\"), stringOpen:
            return nil
        case Lexer.char("0")...Lexer.char("7"):
            (count, base, maxValue) = (3, 8, 255)
        case Lexer.char("x"):
            ch = next()
            (count, base, maxValue) = (2, 16, 255)
        case Lexer.char("u"):
            ch = next()
            (count, base, maxValue) = (4, 16, 0x10FFFF)
        case Lexer.char("U"):
            ch = next()
            (count, base, maxValue) = (8, 16, 0x10FFFF)
        case Lexer.eof:
            return "escape sequence not terminated"
        default:
            return "unknown escape sequence \(Lexer.formatU(ch))"
        }
        var value: UInt64 = 0
        var remaining = count
        while remaining > 0 {
            let digit = UInt64(Lexer.digitValue(ch))
            if digit >= base {
                if ch == Lexer.eof { return "escape sequence not terminated" }
                return "illegal character \(Lexer.formatU(ch)) in escape sequence"
            }
            value = value * base + digit
            remaining -= 1
            if remaining > 0 { ch = next() }
        }
        if value > maxValue || (value >= 0xD800 && value < 0xE000) {
            return "escape sequence is an invalid Unicode code point"
        }
        return nil
    }

    private static func digitValue(_ ch: Int32) -> Int {
        switch ch {
        case char("0")...char("9"): return Int(ch - char("0"))
        case char("a")...char("f"): return Int(ch - char("a") + 10)
        case char("A")...char("F"): return Int(ch - char("A") + 10)
        default: return 16
        }
    }

    private mutating func lexRawString() -> State? {
        while true {
            let r = next()
            if r == 0xFFFD { return fail("invalid UTF-8 rune") }
            if r == Lexer.eof { return fail("unterminated raw string") }
            if r == stringOpen { break }
        }
        emit(.string)
        return .statements
    }

    private mutating func lexNumberOrDuration() -> State? {
        if scanNumber() {
            emit(.number)
            return .statements
        }
        if acceptRemainingDuration() {
            backup()
            emit(.duration)
            return .statements
        }
        return fail("bad number or duration syntax: \(GoString.quote(text(start, pos)))")
    }

    private mutating func acceptRemainingDuration() -> Bool {
        guard accept("smhdwy") else { return false }
        _ = accept("s")
        while accept("0123456789") {
            while accept("0123456789") {}
            guard accept("smhdw") else { return false }
            _ = accept("s")
        }
        return !Lexer.isAlphaNumeric(next())
    }

    /// Scans a decimal, hexadecimal or float number; the text is validated by the parser.
    private mutating func scanNumber() -> Bool {
        let initial = pos
        var digits = "0123456789"
        if accept("0") && accept("xX") {
            _ = accept("_")
            digits = "0123456789abcdefABCDEF"
        }
        let isHex = digits.count > 10
        _ = accept(".")
        _ = accept(digits)
        var dotConsumed = false
        var exponentConsumed = false
        while isNext(digits + "._eE") {
            if isNext("."), dotConsumed {
                _ = accept(".")
                return false
            }
            if isNext("eE"), exponentConsumed {
                _ = accept("eE")
                return false
            }
            if accept(".") {
                dotConsumed = true
                if accept("_.") { return false }
                if isHex { return false }
                continue
            }
            if accept("eE") {
                exponentConsumed = true
                _ = accept("+-")
                if accept("._eE") || peek() == Lexer.eof { return false }
                continue
            }
            if accept("_") {
                if accept("._eE") || peek() == Lexer.eof { return false }
                continue
            }
            acceptRun(digits)
        }
        if pos == initial { return false }
        return !Lexer.isAlphaNumeric(peek())
    }

    private mutating func lexIdentifier() -> State? {
        while Lexer.isAlphaNumeric(next()) {}
        backup()
        emit(.identifier)
        return .statements
    }

    private mutating func lexKeywordOrIdentifier() -> State? {
        while true {
            let r = next()
            if Lexer.isAlphaNumeric(r) || r == Lexer.char(":") { continue }
            backup()
            break
        }
        let word = text(start, pos)
        if let keyword = TokenKind.keywords[word.lowercased()] {
            if keyword == .fill || keyword == .fillLeft || keyword == .fillRight, !followedByLeftParen() {
                emit(.identifier)
            } else {
                emit(keyword)
            }
        } else if word.utf8.contains(UInt8(ascii: ":")) {
            emit(.metricIdentifier)
        } else {
            emit(.identifier)
        }
        return .statements
    }

    private func followedByLeftParen() -> Bool {
        var index = pos
        while index < bytes.count {
            let b = bytes[index]
            if !Lexer.isSpace(Int32(b)) { return b == UInt8(ascii: "(") }
            index += 1
        }
        return false
    }

    // MARK: - Go formatting of runes

    /// Go's `%q` for a rune: `'x'`, `'\n'`, `'\x00'`.
    static func quoteRune(_ r: Int32) -> String {
        GoString.quoteRune(r >= 0 ? Unicode.Scalar(UInt32(r)) ?? "\u{FFFD}" : "\u{FFFD}")
    }

    /// Go's `%#U`: `U+0063 'c'`, or `U+0009` for an unprintable rune.
    static func formatU(_ r: Int32) -> String {
        let value = r < 0 ? 0xFFFD : UInt32(r)
        var hex = String(value, radix: 16, uppercase: true)
        while hex.count < 4 { hex = "0" + hex }
        guard let scalar = Unicode.Scalar(value) else { return "U+" + hex }
        return GoString.isPrintable(scalar) ? "U+\(hex) '\(scalar)'" : "U+" + hex
    }
}
