import ArgusCore

/// The character classes of Go's `unicode` and `strconv` packages that template syntax and
/// `fmt` depend on.
enum GoUnicode {
    /// `unicode.IsLetter`: general category L.
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return true
        default: return false
        }
    }

    /// `unicode.IsDigit`: general category Nd.
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        if v < 0x80 { return v >= 0x30 && v <= 0x39 }
        return scalar.properties.generalCategory == .decimalNumber
    }

    /// Go's `%#U` of a code point: `U+0041 'A'`, or just `U+00A0` when it is not printable.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        var out = "U+" + hex(UInt64(scalar.value), uppercase: true, minimumDigits: 4)
        if GoString.isPrintable(scalar) {
            out += " '"
            out.unicodeScalars.append(scalar)
            out += "'"
        }
        return out
    }

    /// `value` in base 16, left-padded with zeros to `minimumDigits`.
    static func hex(_ value: UInt64, uppercase: Bool, minimumDigits: Int = 1) -> String {
        var digits = String(value, radix: 16, uppercase: uppercase)
        if digits.utf8.count < minimumDigits {
            digits = String(repeating: "0", count: minimumDigits - digits.utf8.count) + digits
        }
        return digits
    }
}
