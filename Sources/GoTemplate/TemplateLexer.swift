import ArgusCore

/// One token of template text, with the byte offset and line where it starts.
struct LexItem: Sendable, CustomStringConvertible {
    enum Kind: Int, Sendable, Comparable {
        case error, bool, char, charConstant, comment, complex, assign, declare, eof, field, identifier
        case leftDelim, leftParen, number, pipe, rawString, rightDelim, rightParen, space, string, text
        case variable
        /// Everything after this is a keyword.
        case keyword
        case block, breakKeyword, continueKeyword, dot, define, elseKeyword, end, ifKeyword, nilKeyword
        case range, template, with

        static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    var kind: Kind
    var pos: Int
    var value: String
    var line: Int

    /// How parse errors quote the token, as Go's `item.String()`.
    var description: String {
        switch kind {
        case .eof: return "EOF"
        case .error: return value
        default:
            if kind > .keyword { return "<" + value + ">" }
            if value.utf8.count > 10 { return GoString.quote(String(value.unicodeScalars.prefix(10))) + "..." }
            return GoString.quote(value)
        }
    }
}

/// Splits template text into tokens the way Go's `text/template/parse` lexer does, including
/// trim markers (`{{- `, ` -}}`) and comments. The whole input is tokenized up front; an error
/// token ends the stream.
struct TemplateLexer {
    private static let keywords: [String: LexItem.Kind] = [
        "block": .block, "break": .breakKeyword, "continue": .continueKeyword, "define": .define,
        "else": .elseKeyword, "end": .end, "if": .ifKeyword, "range": .range, "nil": .nilKeyword,
        "template": .template, "with": .with,
    ]

    private enum State {
        case text, leftDelim, comment, insideAction, rightDelim, space, identifier, field, variable
        case char, number, quote, rawQuote
    }

    private let input: [UInt8]
    private let breakOK: Bool
    private let continueOK: Bool
    private var pos = 0
    private var start = 0
    private var atEOF = false
    private var parenDepth = 0
    private var line = 1
    private var startLine = 1
    private var items: [LexItem] = []

    private static let leftDelim: [UInt8] = Array("{{".utf8)
    private static let rightDelim: [UInt8] = Array("}}".utf8)
    private static let eof: Int32 = -1

    /// Tokenizes `text`. `breakOK`/`continueOK` are false when a function of that name shadows
    /// the keyword.
    static func tokenize(_ text: String, breakOK: Bool = true, continueOK: Bool = true) -> [LexItem] {
        var lexer = TemplateLexer(input: Array(text.utf8), breakOK: breakOK, continueOK: continueOK)
        lexer.run()
        return lexer.items
    }

    private init(input: [UInt8], breakOK: Bool, continueOK: Bool) {
        self.input = input
        self.breakOK = breakOK
        self.continueOK = continueOK
    }

    private mutating func run() {
        var state: State? = .text
        while let current = state {
            switch current {
            case .text: state = lexText()
            case .leftDelim: state = lexLeftDelim()
            case .comment: state = lexComment()
            case .insideAction: state = lexInsideAction()
            case .rightDelim: state = lexRightDelim()
            case .space: state = lexSpace()
            case .identifier: state = lexIdentifier()
            case .field: state = lexFieldOrVariable(.field)
            case .variable: state = lexVariable()
            case .char: state = lexChar()
            case .number: state = lexNumber()
            case .quote: state = lexQuote()
            case .rawQuote: state = lexRawQuote()
            }
        }
    }

    // MARK: Reading

    private mutating func next() -> Int32 {
        guard pos < input.count else {
            atEOF = true
            return Self.eof
        }
        let (scalar, width) = GoString.decodeRune(input, at: pos)
        pos += width
        if scalar == "\n" { line += 1 }
        return Int32(scalar.value)
    }

    private mutating func peek() -> Int32 {
        let r = next()
        backup()
        return r
    }

    private mutating func backup() {
        guard !atEOF, pos > 0 else { return }
        pos -= 1
        while pos > 0, input[pos] & 0xC0 == 0x80 { pos -= 1 }
        if input[pos] == 0x0A { line -= 1 }
    }

    private mutating func emit(_ kind: LexItem.Kind) {
        items.append(LexItem(kind: kind, pos: start, value: slice(start, pos), line: startLine))
        start = pos
        startLine = line
    }

    private mutating func ignore() {
        line += countNewlines(start, pos)
        start = pos
        startLine = line
    }

    private mutating func accept(_ valid: String) -> Bool {
        let r = next()
        if r >= 0, valid.unicodeScalars.contains(where: { Int32($0.value) == r }) { return true }
        backup()
        return false
    }

    private mutating func acceptRun(_ valid: String) {
        while true {
            let r = next()
            if r < 0 || !valid.unicodeScalars.contains(where: { Int32($0.value) == r }) { break }
        }
        backup()
    }

    private mutating func errorf(_ message: String) -> State? {
        items.append(LexItem(kind: .error, pos: start, value: message, line: startLine))
        return nil
    }

    private func slice(_ from: Int, _ to: Int) -> String {
        String(decoding: input[from..<to], as: UTF8.self)
    }

    private func countNewlines(_ from: Int, _ to: Int) -> Int {
        guard from < to else { return 0 }
        var count = 0
        for i in from..<to where input[i] == 0x0A { count += 1 }
        return count
    }

    private func hasPrefix(_ prefix: [UInt8], at index: Int) -> Bool {
        guard index >= 0, index + prefix.count <= input.count else { return false }
        for (offset, byte) in prefix.enumerated() where input[index + offset] != byte { return false }
        return true
    }

    private static func isSpace(_ r: Int32) -> Bool { r == 0x20 || r == 0x09 || r == 0x0D || r == 0x0A }

    private static func isSpaceByte(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D || b == 0x0A }

    private static func isAlphaNumeric(_ r: Int32) -> Bool {
        guard r >= 0, let scalar = Unicode.Scalar(UInt32(r)) else { return false }
        return r == 0x5F || GoUnicode.isLetter(scalar) || GoUnicode.isDigit(scalar)
    }

    private func hasLeftTrimMarker(at index: Int) -> Bool {
        index + 1 < input.count && input[index] == UInt8(ascii: "-") && Self.isSpaceByte(input[index + 1])
    }

    private func hasRightTrimMarker(at index: Int) -> Bool {
        index >= 0 && index + 1 < input.count && Self.isSpaceByte(input[index]) && input[index + 1] == UInt8(ascii: "-")
    }

    private func describe(_ r: Int32) -> String {
        guard r >= 0, let scalar = Unicode.Scalar(UInt32(r)) else { return "U+FFFFFFFF" }
        return GoUnicode.describe(scalar)
    }

    // MARK: States

    private mutating func lexText() -> State? {
        if let offset = firstIndex(of: Self.leftDelim, from: pos) {
            pos = offset
            var trimLength = 0
            if hasLeftTrimMarker(at: pos + Self.leftDelim.count) {
                var i = pos
                while i > start, Self.isSpaceByte(input[i - 1]) { i -= 1 }
                trimLength = pos - i
            }
            pos -= trimLength
            if pos > start {
                line += countNewlines(start, pos)
                emit(.text)
            }
            pos += trimLength
            ignore()
            return .leftDelim
        }
        pos = input.count
        if pos > start {
            line += countNewlines(start, pos)
            emit(.text)
        }
        emit(.eof)
        return nil
    }

    private func firstIndex(of needle: [UInt8], from: Int) -> Int? {
        guard needle.count <= input.count else { return nil }
        var i = from
        while i + needle.count <= input.count {
            if hasPrefix(needle, at: i) { return i }
            i += 1
        }
        return nil
    }

    private func atRightDelim() -> (delim: Bool, trimSpaces: Bool) {
        if hasRightTrimMarker(at: pos) && hasPrefix(Self.rightDelim, at: pos + 2) { return (true, true) }
        if hasPrefix(Self.rightDelim, at: pos) { return (true, false) }
        return (false, false)
    }

    private mutating func lexLeftDelim() -> State? {
        pos += Self.leftDelim.count
        let afterMarker = hasLeftTrimMarker(at: pos) ? 2 : 0
        if hasPrefix(Array("/*".utf8), at: pos + afterMarker) {
            pos += afterMarker
            ignore()
            return .comment
        }
        emit(.leftDelim)
        pos += afterMarker
        ignore()
        parenDepth = 0
        return .insideAction
    }

    private mutating func lexComment() -> State? {
        pos += 2
        guard let end = firstIndex(of: Array("*/".utf8), from: pos) else { return errorf("unclosed comment") }
        pos = end + 2
        let (delim, trimSpace) = atRightDelim()
        if !delim { return errorf("comment ends before closing delimiter") }
        if trimSpace { pos += 2 }
        pos += Self.rightDelim.count
        if trimSpace { skipLeadingSpace() }
        ignore()
        return .text
    }

    private mutating func skipLeadingSpace() {
        while pos < input.count, Self.isSpaceByte(input[pos]) { pos += 1 }
    }

    private mutating func lexRightDelim() -> State? {
        let trimSpace = hasRightTrimMarker(at: pos)
        if trimSpace {
            pos += 2
            ignore()
        }
        pos += Self.rightDelim.count
        emit(.rightDelim)
        if trimSpace {
            skipLeadingSpace()
            ignore()
        }
        return .text
    }

    private mutating func lexInsideAction() -> State? {
        if atRightDelim().delim {
            if parenDepth == 0 { return .rightDelim }
            return errorf("unclosed left paren")
        }
        let r = next()
        switch r {
        case Self.eof:
            return errorf("unclosed action")
        case _ where Self.isSpace(r):
            backup()
            return .space
        case 0x3D:  // =
            emit(.assign)
        case 0x3A:  // :
            if next() != 0x3D { return errorf("expected :=") }
            emit(.declare)
        case 0x7C:  // |
            emit(.pipe)
        case 0x22:  // "
            return .quote
        case 0x60:  // `
            return .rawQuote
        case 0x24:  // $
            return .variable
        case 0x27:  // '
            return .char
        case 0x2E:  // .
            if pos < input.count {
                let following = input[pos]
                if following < UInt8(ascii: "0") || following > UInt8(ascii: "9") { return .field }
            }
            backup()
            return .number
        case 0x2B, 0x2D, 0x30...0x39:  // + - digit
            backup()
            return .number
        case _ where Self.isAlphaNumeric(r):
            backup()
            return .identifier
        case 0x28:  // (
            emit(.leftParen)
            parenDepth += 1
        case 0x29:  // )
            emit(.rightParen)
            parenDepth -= 1
            if parenDepth < 0 { return errorf("unexpected right paren \(describe(r))") }
        case 0x20...0x7E:
            emit(.char)
        default:
            return errorf("unrecognized character in action: \(describe(r))")
        }
        return .insideAction
    }

    private mutating func lexSpace() -> State? {
        var numSpaces = 0
        while Self.isSpace(peek()) {
            _ = next()
            numSpaces += 1
        }
        if hasRightTrimMarker(at: pos - 1) && hasPrefix(Self.rightDelim, at: pos - 1 + 2) {
            backup()
            if numSpaces == 1 { return .rightDelim }
        }
        emit(.space)
        return .insideAction
    }

    private mutating func lexIdentifier() -> State? {
        while true {
            let r = next()
            if Self.isAlphaNumeric(r) { continue }
            backup()
            let word = slice(start, pos)
            if !atTerminator() { return errorf("bad character \(describe(r))") }
            if let keyword = Self.keywords[word] {
                if keyword == .breakKeyword && !breakOK || keyword == .continueKeyword && !continueOK {
                    emit(.identifier)
                } else {
                    emit(keyword)
                }
            } else if word == "true" || word == "false" {
                emit(.bool)
            } else {
                emit(.identifier)
            }
            return .insideAction
        }
    }

    private mutating func lexVariable() -> State? {
        if atTerminator() {
            emit(.variable)
            return .insideAction
        }
        return lexFieldOrVariable(.variable)
    }

    private mutating func lexFieldOrVariable(_ kind: LexItem.Kind) -> State? {
        if atTerminator() {
            emit(kind == .variable ? .variable : .dot)
            return .insideAction
        }
        var r: Int32
        repeat { r = next() } while Self.isAlphaNumeric(r)
        backup()
        if !atTerminator() { return errorf("bad character \(describe(r))") }
        emit(kind)
        return .insideAction
    }

    private mutating func atTerminator() -> Bool {
        let r = peek()
        if Self.isSpace(r) { return true }
        switch r {
        case Self.eof, 0x2E, 0x2C, 0x7C, 0x3A, 0x29, 0x28: return true
        default: return hasPrefix(Self.rightDelim, at: pos)
        }
    }

    private mutating func lexChar() -> State? {
        while true {
            let r = next()
            if r == 0x5C {
                let escaped = next()
                if escaped != Self.eof && escaped != 0x0A { continue }
                return errorf("unterminated character constant")
            }
            if r == Self.eof || r == 0x0A { return errorf("unterminated character constant") }
            if r == 0x27 { break }
        }
        emit(.charConstant)
        return .insideAction
    }

    private mutating func lexNumber() -> State? {
        if !scanNumber() { return errorf("bad number syntax: \(GoString.quote(slice(start, pos)))") }
        let sign = peek()
        if sign == 0x2B || sign == 0x2D {
            if !scanNumber() || input[pos - 1] != UInt8(ascii: "i") {
                return errorf("bad number syntax: \(GoString.quote(slice(start, pos)))")
            }
            emit(.complex)
        } else {
            emit(.number)
        }
        return .insideAction
    }

    private mutating func scanNumber() -> Bool {
        _ = accept("+-")
        var digits = "0123456789_"
        if accept("0") {
            if accept("xX") {
                digits = "0123456789abcdefABCDEF_"
            } else if accept("oO") {
                digits = "01234567_"
            } else if accept("bB") {
                digits = "01_"
            }
        }
        acceptRun(digits)
        if accept(".") { acceptRun(digits) }
        if digits.utf8.count == 11 && accept("eE") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        if digits.utf8.count == 23 && accept("pP") {
            _ = accept("+-")
            acceptRun("0123456789_")
        }
        _ = accept("i")
        if Self.isAlphaNumeric(peek()) {
            _ = next()
            return false
        }
        return true
    }

    private mutating func lexQuote() -> State? {
        while true {
            let r = next()
            if r == 0x5C {
                let escaped = next()
                if escaped != Self.eof && escaped != 0x0A { continue }
                return errorf("unterminated quoted string")
            }
            if r == Self.eof || r == 0x0A { return errorf("unterminated quoted string") }
            if r == 0x22 { break }
        }
        emit(.string)
        return .insideAction
    }

    private mutating func lexRawQuote() -> State? {
        while true {
            let r = next()
            if r == Self.eof { return errorf("unterminated raw quoted string") }
            if r == 0x60 { break }
        }
        emit(.rawString)
        return .insideAction
    }
}
