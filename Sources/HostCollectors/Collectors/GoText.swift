import ArgusCore

/// Go's text handling (`strings`, `bytes`, `strconv`) where Swift's differs:
/// white space as `unicode.IsSpace` defines it, UTF-8 decoded rune by rune
/// with each invalid byte a rune of its own, and Go's number syntax.
enum GoText {
    /// Go's `unicode.IsSpace`.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    /// `bytes.TrimSpace`: `bytes` without leading and trailing white space.
    static func trimSpace(_ bytes: [UInt8]) -> ArraySlice<UInt8> {
        var start: Int?
        var end = 0
        var index = 0
        while index < bytes.count {
            let (scalar, width) = GoString.decodeRune(bytes, at: index)
            if !isSpace(scalar) {
                if start == nil { start = index }
                end = index + width
            }
            index += width
        }
        guard let start else { return bytes[0..<0] }
        return bytes[start..<end]
    }

    /// `strings.TrimSpace`.
    static func trimSpace(_ text: Substring) -> Substring {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
            let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return text[text.endIndex...] }
        return Substring(scalars[first...last])
    }

    /// `strings.Fields`: the runs of text between white space.
    static func fields(_ text: Substring) -> [Substring] {
        text.unicodeScalars.split(whereSeparator: isSpace).map(Substring.init)
    }

    /// `strings.ToValidUTF8(s, "\u{FFFD}")`: each run of invalid bytes
    /// becomes one replacement character.
    static func validUTF8(_ bytes: some Collection<UInt8>) -> String {
        let bytes = Array(bytes)
        var scalars = String.UnicodeScalarView()
        var index = 0
        var inInvalidRun = false
        while index < bytes.count {
            let (scalar, width) = GoString.decodeRune(bytes, at: index)
            index += width
            if scalar == "\u{FFFD}" && width == 1 {
                if !inInvalidRun { scalars.append(scalar) }
                inInvalidRun = true
            } else {
                scalars.append(scalar)
                inInvalidRun = false
            }
        }
        return String(scalars)
    }

    /// `strconv.ParseFloat(s, 64)` without error: out-of-range values
    /// (which Go reports as ±Inf with `ErrRange`) are nil too.
    static func parseFloat(_ text: some StringProtocol) -> Double? {
        let text = String(text)
        guard let value = GoFloat.parseAllowingSeparators(text) else { return nil }
        if value.isInfinite && !text.lowercased().contains("inf") { return nil }
        return value
    }

    /// `strconv.ParseInt(s, 10, 64)`: an optional sign and decimal digits.
    static func parseInt(_ text: some StringProtocol) -> Int64? { Int64(String(text)) }

}
