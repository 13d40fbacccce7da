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

    /// `strconv.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    static func isPrint(_ scalar: Unicode.Scalar) -> Bool {
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

    /// Go's `%#U` of a code point: `U+0041 'A'`, or just `U+00A0` when it is not printable.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        var out = "U+" + hex(UInt64(scalar.value), uppercase: true, minimumDigits: 4)
        if isPrint(scalar) {
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

    /// Decodes the UTF-8 sequence at `index` of `bytes`; invalid bytes decode as U+FFFD of width 1.
    static func decode(_ bytes: [UInt8], at index: Int) -> (scalar: Unicode.Scalar, width: Int) {
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
