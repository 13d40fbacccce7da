import ArgusCore

/// The pieces of Go's `strconv` the script language inherits beyond
/// ArgusCore's `GoInt`/`GoFloat`: string unquoting and space trimming.
enum GoSyntax {
    /// Unquotes a Go string literal: `"…"` with escapes, `` `…` `` raw, and
    /// `'…'`. With `singleQuotedStrings` (Prometheus' `strutil.Unquote`), a
    /// single-quoted literal may hold any string; without it (`strconv.Unquote`)
    /// exactly one character. Nil when the literal is malformed.
    ///
    /// `\xNN` and octal escapes produce raw bytes; a result that is not valid
    /// UTF-8 is repaired with U+FFFD, as Swift strings must be.
    static func unquote(_ literal: String, singleQuotedStrings: Bool) -> String? {
        let bytes = Array(literal.utf8)
        guard bytes.count >= 2, let quote = bytes.first, bytes.last == quote else { return nil }
        let body = bytes[1..<(bytes.count - 1)]
        switch quote {
        case UInt8(ascii: "`"):
            guard !body.contains(UInt8(ascii: "`")) else { return nil }
            return String(decoding: body.filter { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            break
        default:
            return nil
        }
        guard !body.contains(UInt8(ascii: "\n")) else { return nil }
        var out: [UInt8] = []
        var index = body.startIndex
        var characters = 0
        while index < body.endIndex {
            let byte = body[index]
            if byte == quote { return nil }
            characters += 1
            if byte != UInt8(ascii: "\\") {
                // Copy one UTF-8 sequence.
                out.append(byte)
                index += 1
                while index < body.endIndex, body[index] & 0xC0 == 0x80 {
                    out.append(body[index])
                    index += 1
                }
                continue
            }
            index += 1
            guard index < body.endIndex else { return nil }
            let escape = body[index]
            index += 1
            switch escape {
            case UInt8(ascii: "a"): out.append(0x07)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "v"): out.append(0x0B)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                guard escape == quote else { return nil }
                out.append(escape)
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                guard index + 2 <= body.endIndex else { return nil }
                var value = UInt32(escape - UInt8(ascii: "0"))
                for digit in body[index..<(index + 2)] {
                    guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "7") else { return nil }
                    value = value * 8 + UInt32(digit - UInt8(ascii: "0"))
                }
                guard value <= 255 else { return nil }
                out.append(UInt8(value))
                index += 2
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = escape == UInt8(ascii: "x") ? 2 : (escape == UInt8(ascii: "u") ? 4 : 8)
                guard index + count <= body.endIndex else { return nil }
                var value: UInt32 = 0
                for digit in body[index..<(index + count)] {
                    guard let nibble = hexValue(digit) else { return nil }
                    value = value << 4 | nibble
                }
                index += count
                if escape == UInt8(ascii: "x") {
                    out.append(UInt8(value))
                } else {
                    guard let scalar = Unicode.Scalar(value) else { return nil }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                }
            default:
                return nil
            }
        }
        if quote == UInt8(ascii: "'") && !singleQuotedStrings && characters != 1 { return nil }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return UInt32(byte - UInt8(ascii: "A") + 10)
        default: return nil
        }
    }

    /// Go's `unicode.IsSpace` for `strings.TrimSpace`.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0: return true
        default: return scalar.properties.isWhitespace && scalar.value > 0xFF
        }
    }

    /// Go's `strings.TrimSpace`.
    static func trimSpace(_ s: Substring) -> Substring {
        var scalars = s.unicodeScalars[...]
        while let first = scalars.first, isSpace(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, isSpace(last) { scalars = scalars.dropLast() }
        return Substring(scalars)
    }
}
