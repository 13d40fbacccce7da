#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Float parsing and printing with the exact behaviour of Go's `strconv`,
/// which Prometheus uses for sample values on the wire and in its APIs.
public enum GoFloat {
    /// The NaN bit pattern Go's `ParseFloat("NaN")` returns.
    public static let parsedNaN = Double(bitPattern: 0x7FF8_0000_0000_0001)

    /// Parses the bytes in `start..<end` of `base` like Go's
    /// `strconv.ParseFloat(s, 64)`: decimal and hexadecimal forms, an optional
    /// sign, `Inf`/`Infinity`/`NaN` in any case. Returns nil when the text is
    /// not a float. With `allowHex` false, hexadecimal floats (`0x1p4`) are
    /// rejected too, as Prometheus' exposition parsers reject them.
    public static func parse(_ base: UnsafePointer<UInt8>, _ start: Int, _ end: Int, allowHex: Bool = true) -> Double? {
        let count = end - start
        guard count > 0 else { return nil }
        if let fast = parseSimpleDecimal(base + start, count) { return fast }
        guard count <= 1024 else { return nil }
        var sawDigit = false
        for i in start..<end {
            let b = base[i]
            switch b {
            case 0x30...0x39: sawDigit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."): break
            case UInt8(ascii: "p"), UInt8(ascii: "P"): if !allowHex { return nil }
            case 0x41...0x5A, 0x61...0x7A: break
            default: return nil
            }
        }
        // Words: inf, infinity, nan (any case), with an optional sign.
        if !sawDigit {
            var wordStart = start
            var negative = false
            if base[wordStart] == UInt8(ascii: "+") || base[wordStart] == UInt8(ascii: "-") {
                negative = base[wordStart] == UInt8(ascii: "-")
                wordStart += 1
            }
            var word = ""
            for i in wordStart..<end { word.unicodeScalars.append(Unicode.Scalar(base[i] | 0x20)) }
            switch word {
            case "inf", "infinity": return negative ? -.infinity : .infinity
            case "nan" where wordStart == start: return parsedNaN
            default: return nil
            }
        }
        // Everything else goes to strtod on a NUL-terminated copy.
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            for i in 0..<count { buffer[i] = CChar(bitPattern: base[start + i]) }
            buffer[count] = 0
            var endPointer: UnsafeMutablePointer<CChar>?
            let value = strtod(buffer.baseAddress!, &endPointer)
            guard let endPointer, endPointer - buffer.baseAddress! == count else { return nil }
            // Go rejects a hexadecimal mantissa without a 'p' exponent.
            let lowered = (0..<count).map { UInt8(bitPattern: buffer[$0]) | 0x20 }
            if lowered.contains(UInt8(ascii: "x")) && !lowered.contains(UInt8(ascii: "p")) { return nil }
            return value
        }
    }

    /// Parses `text` like Go's `strconv.ParseFloat(text, 64)`.
    public static func parse(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { buffer in
            guard let base = buffer.baseAddress else { return nil }
            return parse(base, 0, buffer.count)
        }
    }

    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
        1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The exact fast path (Clinger): a mantissa below 2^53 scaled by a power
    /// of ten up to 22 is correctly rounded by one multiplication or division.
    @inline(__always)
    private static func parseSimpleDecimal(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var i = 0
        var negative = false
        if p[0] == UInt8(ascii: "-") || p[0] == UInt8(ascii: "+") {
            negative = p[0] == UInt8(ascii: "-")
            i = 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var fractionDigits = 0
        var sawPoint = false
        var sawDigit = false
        while i < count {
            let b = p[i]
            if b >= 0x30 && b <= 0x39 {
                sawDigit = true
                if mantissa == 0 && b == 0x30 {
                    if sawPoint { fractionDigits += 1 }
                } else {
                    digits += 1
                    if digits > 19 { return nil }
                    mantissa = mantissa &* 10 &+ UInt64(b - 0x30)
                    if sawPoint { fractionDigits += 1 }
                }
            } else if b == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
            } else {
                break
            }
            i += 1
        }
        guard sawDigit else { return nil }
        var exponent = -fractionDigits
        if i < count {
            guard p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") else { return nil }
            i += 1
            guard i < count else { return nil }
            var expNegative = false
            if p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < count else { return nil }
            var e = 0
            while i < count {
                let b = p[i]
                guard b >= 0x30 && b <= 0x39 else { return nil }
                e = e * 10 + Int(b - 0x30)
                if e > 100_000 { return nil }
                i += 1
            }
            exponent += expNegative ? -e : e
        }
        guard mantissa < (1 << 53) else { return nil }
        var value = Double(mantissa)
        if mantissa != 0 {
            if exponent < 0 {
                guard exponent >= -22 else { return nil }
                value /= powersOfTen[-exponent]
            } else if exponent > 0 {
                guard exponent <= 22 else { return nil }
                value *= powersOfTen[exponent]
            }
        }
        return negative ? -value : value
    }

    // MARK: Formatting

    /// The shortest decimal digits that read back as `magnitude` (positive,
    /// finite, non-zero), and the position of the decimal point:
    /// magnitude = 0.d1d2… × 10^point. These are the digits Go's `strconv`
    /// prints for precision -1; ``exponentNotation(_:exponent:uppercase:)``
    /// and ``fixedNotation(_:point:)`` lay them out.
    public static func shortestDigits(_ magnitude: Double) -> (digits: [UInt8], point: Int) {
        let text = Array(magnitude.description.utf8)
        var digits: [UInt8] = []
        var point = 0
        var sawPoint = false
        var exponent = 0
        var index = 0
        while index < text.count {
            let b = text[index]
            if b == UInt8(ascii: ".") {
                sawPoint = true
            } else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
                exponent = Int(String(decoding: text[(index + 1)...], as: UTF8.self)) ?? 0
                break
            } else if b >= 0x30 && b <= 0x39 {
                if digits.isEmpty && b == 0x30 {
                    if sawPoint { point -= 1 }
                } else {
                    digits.append(b)
                    if !sawPoint { point += 1 }
                }
            }
            index += 1
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (digits, point + exponent)
    }

    /// Formats like Go's `strconv.FormatFloat(value, 'g', -1, 64)` with
    /// Prometheus' spellings `+Inf`, `-Inf` and `NaN`.
    public static func formatG(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let (digits, point) = shortestDigits(abs(value))
        let sign = value < 0 ? "-" : ""
        let exponent = point - 1
        if exponent < -4 || exponent >= 6 {
            return sign + exponentNotation(digits, exponent: exponent)
        }
        return sign + fixedNotation(digits, point: point)
    }

    /// Formats like Go's `strconv.FormatFloat(value, 'f', -1, 64)`, as the
    /// Prometheus HTTP API prints sample values.
    public static func formatF(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == 0 { return value.sign == .minus ? "-0" : "0" }
        let (digits, point) = shortestDigits(abs(value))
        return (value < 0 ? "-" : "") + fixedNotation(digits, point: point)
    }

    /// Formats like Go's `strconv.FormatFloat(value, 'e', -1, 64)` (`1.5e+00`), as the
    /// alerts API prints alert values.
    public static func formatE(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        if value == 0 { return value.sign == .minus ? "-0e+00" : "0e+00" }
        let (digits, point) = shortestDigits(abs(value))
        return (value < 0 ? "-" : "") + exponentNotation(digits, exponent: point - 1)
    }

    /// Non-empty decimal `digits` in Go's exponent notation, `d.ddde+XX`:
    /// the first digit, the rest after a point, then `e` (`E` when
    /// `uppercase`), the sign and at least two digits of `exponent`.
    public static func exponentNotation(_ digits: [UInt8], exponent: Int, uppercase: Bool = false) -> String {
        var out = String(decoding: digits[0..<1], as: UTF8.self)
        if digits.count > 1 {
            out += "." + String(decoding: digits[1...], as: UTF8.self)
        }
        out += uppercase ? "E" : "e"
        out += exponent < 0 ? "-" : "+"
        let magnitude = abs(exponent)
        out += magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
        return out
    }

    /// Non-empty decimal `digits` with the decimal point `point` places from
    /// the left (value = 0.d1d2… × 10^point), without an exponent: zeros fill
    /// in before the digits or up to the point, as Go's `%f` prints them.
    public static func fixedNotation(_ digits: [UInt8], point: Int) -> String {
        if point <= 0 {
            return "0." + String(repeating: "0", count: -point) + String(decoding: digits, as: UTF8.self)
        }
        if point >= digits.count {
            return String(decoding: digits, as: UTF8.self) + String(repeating: "0", count: point - digits.count)
        }
        return String(decoding: digits[0..<point], as: UTF8.self) + "."
            + String(decoding: digits[point...], as: UTF8.self)
    }
}
