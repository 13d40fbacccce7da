/// Go's string quoting (`strconv.Quote` and its relatives), which Prometheus
/// uses wherever it prints label values, matchers and PromQL string literals,
/// and Go templates use for `%q` and `printf "%q"`.
public enum GoString {
    /// Quotes `s` with double quotes, escaping as Go's `strconv.Quote` does:
    /// non-printable characters (see ``isPrintable(_:)``) become `\a`-style,
    /// `\x`, `\u` or `\U` escapes.
    public static func quote(_ s: String) -> String {
        doubleQuoted(s, asciiOnly: false)
    }

    /// Quotes `s` like Go's `strconv.QuoteToASCII`: as ``quote(_:)``, but
    /// every character outside ASCII is escaped too.
    public static func quoteToASCII(_ s: String) -> String {
        doubleQuoted(s, asciiOnly: true)
    }

    /// Quotes `scalar` with single quotes, like Go's `strconv.QuoteRune`
    /// (or `QuoteRuneToASCII` when `asciiOnly`).
    public static func quoteRune(_ scalar: Unicode.Scalar, asciiOnly: Bool = false) -> String {
        var out = "'"
        appendEscaped(scalar, quote: "'", asciiOnly: asciiOnly, to: &out)
        out += "'"
        return out
    }

    /// Go's `strconv.CanBackquote`: whether `s` can be written as a raw
    /// (back-quoted) string literal.
    public static func canBackquote(_ s: String) -> Bool {
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

    /// Go's `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols
    /// and the ASCII space, by the general category of Swift's Unicode tables.
    public static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v >= 0x20 && v < 0x7F }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .nonspacingMark, .spacingMark, .enclosingMark,
            .decimalNumber, .letterNumber, .otherNumber,
            .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
            .initialPunctuation, .finalPunctuation, .otherPunctuation,
            .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    private static func doubleQuoted(_ s: String, asciiOnly: Bool) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars { appendEscaped(scalar, quote: "\"", asciiOnly: asciiOnly, to: &out) }
        out += "\""
        return out
    }

    /// Go's `appendEscapedRune`: `scalar` as it stands between `quote`s.
    private static func appendEscaped(
        _ scalar: Unicode.Scalar, quote: Unicode.Scalar, asciiOnly: Bool, to out: inout String
    ) {
        if scalar == quote || scalar == "\\" {
            out += "\\"
            out.unicodeScalars.append(scalar)
            return
        }
        if isPrintable(scalar) && (!asciiOnly || scalar.isASCII) {
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
            let v = scalar.value
            if v < 0x20 || v == 0x7F {
                out += "\\x" + hex(v, width: 2)
            } else if v < 0x10000 {
                out += "\\u" + hex(v, width: 4)
            } else {
                out += "\\U" + hex(v, width: 8)
            }
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
