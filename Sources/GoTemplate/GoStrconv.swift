/// Go's `strconv` quoting and unquoting, as template literals and `fmt`'s `%q` use them.
enum GoStrconv {
    // MARK: Quoting

    /// `strconv.Quote` (or `QuoteToASCII` when `asciiOnly`).
    static func quote(_ s: String, asciiOnly: Bool = false) -> String {
        var out = "\""
        for scalar in s.unicodeScalars { appendEscaped(scalar, quote: "\"", asciiOnly: asciiOnly, to: &out) }
        out += "\""
        return out
    }

    /// `strconv.QuoteRune` (or `QuoteRuneToASCII`); code points that are not valid become U+FFFD.
    static func quoteRune(_ value: UInt64, asciiOnly: Bool = false) -> String {
        let scalar = value <= 0x10FFFF ? Unicode.Scalar(UInt32(value)) ?? "\u{FFFD}" : "\u{FFFD}"
        var out = "'"
        appendEscaped(scalar, quote: "'", asciiOnly: asciiOnly, to: &out)
        out += "'"
        return out
    }

    /// `strconv.CanBackquote`: whether `s` can be written as a raw string literal.
    static func canBackquote(_ s: String) -> Bool {
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v >= 0x80 {
                if v == 0xFEFF { return false }
                continue
            }
            if (v < 0x20 && v != 0x09) || v == 0x60 || v == 0x7F { return false }
        }
        return true
    }

    private static func appendEscaped(
        _ scalar: Unicode.Scalar, quote: Unicode.Scalar, asciiOnly: Bool, to out: inout String
    ) {
        if scalar == quote || scalar == "\\" {
            out += "\\"
            out.unicodeScalars.append(scalar)
            return
        }
        if asciiOnly {
            if scalar.value < 0x80 && GoUnicode.isPrint(scalar) {
                out.unicodeScalars.append(scalar)
                return
            }
        } else if GoUnicode.isPrint(scalar) {
            out.unicodeScalars.append(scalar)
            return
        }
        switch scalar {
        case "\u{07}": out += "\\a"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        case "\n": out += "\\n"
        case "\r": out += "\\r"
        case "\t": out += "\\t"
        case "\u{0B}": out += "\\v"
        default:
            let v = UInt64(scalar.value)
            if v < 0x20 || v == 0x7F {
                out += "\\x" + GoUnicode.hex(v, uppercase: false, minimumDigits: 2)
            } else if v < 0x10000 {
                out += "\\u" + GoUnicode.hex(v, uppercase: false, minimumDigits: 4)
            } else {
                out += "\\U" + GoUnicode.hex(v, uppercase: false, minimumDigits: 8)
            }
        }
    }

    // MARK: Unquoting

    /// `strconv.Unquote` for a double-quoted, single-quoted or back-quoted literal; nil where Go
    /// reports `invalid syntax`.
    static func unquote(_ literal: String) -> String? {
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
            if quote == UInt8(ascii: "'") && count != 1 { return nil }
            return String(decoding: out, as: UTF8.self)
        default:
            return nil
        }
    }

    /// `strconv.UnquoteChar` on `bytes[index..<end]`: the value of the first (possibly escaped)
    /// character, whether it is a raw byte (`\x`, octal) rather than a code point, and where the
    /// rest starts. Nil for invalid syntax.
    static func unquoteChar(
        _ bytes: [UInt8],
        at index: Int,
        end: Int,
        quote: UInt8
    ) -> (value: UInt32, isByte: Bool, next: Int)? {
        guard index < end else { return nil }
        let c = bytes[index]
        if c == quote && (quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"")) { return nil }
        if c >= 0x80 {
            let (scalar, width) = GoUnicode.decode(bytes, at: index)
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
                guard let digit = hexValue(bytes[next + j]) else { return nil }
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

    private static func hexValue(_ b: UInt8) -> UInt32? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(b - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(b - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(b - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }
}
