/// Go's `strconv.Unquote` and `utf8.DecodeRune`, for the Go-syntax literals
/// of templates and PromQL test scripts.
extension GoString {
    /// Go's `strconv.Unquote` for a double-quoted, single-quoted or
    /// back-quoted literal; nil where Go reports `invalid syntax`. With
    /// `singleQuotedStrings`, a single-quoted literal may hold any number of
    /// characters, as in Prometheus' `strutil.Unquote`.
    ///
    /// `\x` and octal escapes give raw bytes; a result that is not UTF-8 is
    /// repaired with U+FFFD, as Swift strings must be.
    public static func unquote(_ literal: String, singleQuotedStrings: Bool = false) -> String? {
        let bytes = Array(literal.utf8)
        guard bytes.count >= 2, let quote = bytes.first, bytes.last == quote else { return nil }
        let body = bytes[1..<(bytes.count - 1)]
        switch quote {
        case UInt8(ascii: "`"):
            if body.contains(UInt8(ascii: "`")) { return nil }
            return String(decoding: body.filter { $0 != 0x0D }, as: UTF8.self)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            var out: [UInt8] = []
            var index = body.startIndex
            var count = 0
            while index < body.endIndex {
                if body[index] == 0x0A { return nil }
                guard let (value, isByte, next) = unquoteChar(bytes, at: index, end: body.endIndex, quote: quote)
                else { return nil }
                if isByte {
                    out.append(UInt8(truncatingIfNeeded: value))
                } else if let scalar = Unicode.Scalar(value) {
                    out.append(contentsOf: Array(String(scalar).utf8))
                }
                index = next
                count += 1
            }
            if quote == UInt8(ascii: "'") && !singleQuotedStrings && count != 1 { return nil }
            return String(decoding: out, as: UTF8.self)
        default:
            return nil
        }
    }

    /// Go's `strconv.UnquoteChar` on `bytes[index..<end]` inside a literal
    /// quoted with `quote`: the value of the first (possibly escaped)
    /// character, whether it is a raw byte (`\x`, octal) rather than a code
    /// point, and where the rest starts. Nil for invalid syntax.
    public static func unquoteChar(
        _ bytes: [UInt8],
        at index: Int,
        end: Int,
        quote: UInt8
    ) -> (value: UInt32, isByte: Bool, next: Int)? {
        guard index < end else { return nil }
        let c = bytes[index]
        if c == quote && (quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"")) { return nil }
        if c >= 0x80 {
            let (scalar, width) = decodeRune(bytes, at: index)
            return (scalar.value, false, index + width)
        }
        if c != UInt8(ascii: "\\") { return (UInt32(c), false, index + 1) }
        guard index + 1 < end else { return nil }
        let escape = bytes[index + 1]
        var next = index + 2
        switch escape {
        case UInt8(ascii: "a"): return (0x07, false, next)
        case UInt8(ascii: "b"): return (0x08, false, next)
        case UInt8(ascii: "f"): return (0x0C, false, next)
        case UInt8(ascii: "n"): return (0x0A, false, next)
        case UInt8(ascii: "r"): return (0x0D, false, next)
        case UInt8(ascii: "t"): return (0x09, false, next)
        case UInt8(ascii: "v"): return (0x0B, false, next)
        case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
            let digits = escape == UInt8(ascii: "x") ? 2 : escape == UInt8(ascii: "u") ? 4 : 8
            guard next + digits <= end else { return nil }
            var value: UInt32 = 0
            for j in 0..<digits {
                guard let digit = hexDigitValue(bytes[next + j]).map(UInt32.init) else { return nil }
                value = value << 4 | digit
            }
            next += digits
            if escape == UInt8(ascii: "x") { return (value, true, next) }
            guard value <= 0x10FFFF, !(0xD800...0xDFFF).contains(value) else { return nil }
            return (value, false, next)
        case UInt8(ascii: "0")...UInt8(ascii: "7"):
            var value = UInt32(escape - UInt8(ascii: "0"))
            guard next + 2 <= end else { return nil }
            for j in 0..<2 {
                let digit = bytes[next + j]
                guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "7") else { return nil }
                value = value << 3 | UInt32(digit - UInt8(ascii: "0"))
            }
            guard value <= 255 else { return nil }
            return (value, true, next + 2)
        case UInt8(ascii: "\\"):
            return (0x5C, false, next)
        case UInt8(ascii: "'"), UInt8(ascii: "\""):
            guard escape == quote else { return nil }
            return (UInt32(escape), false, next)
        default:
            return nil
        }
    }

    /// The value of hexadecimal digit `b` (`0-9`, `a-f`, `A-F`), or nil.
    public static func hexDigitValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Go's `utf8.DecodeRune` on `bytes[index...]`: the code point there and
    /// its length in bytes; an invalid or truncated sequence decodes as U+FFFD
    /// of width 1.
    public static func decodeRune(_ bytes: [UInt8], at index: Int) -> (scalar: Unicode.Scalar, width: Int) {
        let b0 = bytes[index]
        if b0 < 0x80 { return (Unicode.Scalar(b0), 1) }
        let count = bytes.count
        func continuation(_ i: Int) -> UInt32? {
            guard i < count, bytes[i] & 0xC0 == 0x80 else { return nil }
            return UInt32(bytes[i] & 0x3F)
        }
        if b0 >= 0xC2 && b0 <= 0xDF, let c1 = continuation(index + 1) {
            if let scalar = Unicode.Scalar((UInt32(b0 & 0x1F) << 6) | c1) { return (scalar, 2) }
        } else if b0 >= 0xE0 && b0 <= 0xEF, let c1 = continuation(index + 1), let c2 = continuation(index + 2) {
            let value = (UInt32(b0 & 0x0F) << 12) | (c1 << 6) | c2
            if value >= 0x800, let scalar = Unicode.Scalar(value) { return (scalar, 3) }
        } else if b0 >= 0xF0 && b0 <= 0xF4, let c1 = continuation(index + 1), let c2 = continuation(index + 2),
            let c3 = continuation(index + 3)
        {
            let value = (UInt32(b0 & 0x07) << 18) | (c1 << 12) | (c2 << 6) | c3
            if value >= 0x10000, let scalar = Unicode.Scalar(value) { return (scalar, 4) }
        }
        return ("\u{FFFD}", 1)
    }
}
