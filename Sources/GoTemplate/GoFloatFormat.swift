import ArgusCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Go's `strconv.FormatFloat(value, verb, precision, 64)` for the verbs `fmt` uses: `e E f g G`
/// (precision -1 means the shortest text that reads back as the same value), `b`, `x` and `X`.
/// Infinities print as `+Inf`/`-Inf`, NaN as `NaN`.
enum GoFloatFormat {
    static func format(_ value: Double, verb: Unicode.Scalar, precision: Int) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        switch verb {
        case "b": return binaryExponent(value)
        case "x", "X": return hex(value, uppercase: verb == "X", precision: precision)
        default: break
        }
        if precision < 0 { return shortest(value, verb: verb) }
        let prec = min(precision, 10_000)
        switch verb {
        case "e": return cFormat("%.*e", value, prec)
        case "E": return cFormat("%.*E", value, prec)
        case "f": return cFormat("%.*f", value, prec)
        case "G": return cFormat("%.*G", value, prec)
        default: return cFormat("%.*g", value, prec)
        }
    }

    private static func shortest(_ value: Double, verb: Unicode.Scalar) -> String {
        let sign = value.sign == .minus ? "-" : ""
        if value == 0 {
            switch verb {
            case "e": return sign + "0e+00"
            case "E": return sign + "0E+00"
            default: return sign + "0"
            }
        }
        let (digits, point) = GoFloat.shortestDigits(abs(value))
        let exponent = point - 1
        switch verb {
        case "e", "E": return sign + GoFloat.exponentNotation(digits, exponent: exponent, uppercase: verb == "E")
        case "f": return sign + GoFloat.fixedNotation(digits, point: point)
        default:
            // Go decides with precision 6 when printing the shortest digits.
            if exponent < -4 || exponent >= 6 {
                return sign + GoFloat.exponentNotation(digits, exponent: exponent, uppercase: verb == "G")
            }
            return sign + GoFloat.fixedNotation(digits, point: point)
        }
    }

    private static func cFormat(_ format: String, _ value: Double, _ precision: Int) -> String {
        withVaList([Int32(precision), value]) { arguments -> String in
            let needed = Int(vsnprintf(nil, 0, format, arguments))
            guard needed > 0 else { return "" }
            return withVaList([Int32(precision), value]) { again -> String in
                var buffer = [CChar](repeating: 0, count: needed + 1)
                _ = buffer.withUnsafeMutableBufferPointer { pointer in
                    vsnprintf(pointer.baseAddress, needed + 1, format, again)
                }
                return String(decoding: buffer.prefix(needed).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
    }

    /// `strconv`'s `b` format: decimal mantissa, `p`, binary exponent (`4503599627370496p-52`).
    private static func binaryExponent(_ value: Double) -> String {
        let bits = value.bitPattern
        var exponent = Int((bits >> 52) & 0x7FF)
        var mantissa = bits & ((1 << 52) - 1)
        if exponent == 0 {
            exponent += 1
        } else {
            mantissa |= 1 << 52
        }
        exponent -= 1023 + 52
        let sign = value.sign == .minus ? "-" : ""
        return sign + String(mantissa) + "p" + (exponent >= 0 ? "+" : "") + String(exponent)
    }

    /// `strconv`'s `x` format: `0x1.8p+01`, the mantissa rounded to `precision` hex digits
    /// (half to even) or, for -1, as many as needed.
    private static func hex(_ value: Double, uppercase: Bool, precision: Int) -> String {
        let bits = value.bitPattern
        var exponent = Int((bits >> 52) & 0x7FF)
        var mantissa = bits & ((1 << 52) - 1)
        if exponent == 0 {
            exponent = 1
        } else {
            mantissa |= 1 << 52
        }
        exponent -= 1023
        if mantissa == 0 { exponent = 0 }
        // Put the leading 1 (if any) at bit 60.
        mantissa <<= 8
        while mantissa != 0 && mantissa & (1 << 60) == 0 {
            mantissa <<= 1
            exponent -= 1
        }
        if precision >= 0 && precision < 15 {
            let shift = UInt64(precision * 4)
            let extra = (mantissa << shift) & ((1 << 60) - 1)
            mantissa >>= 60 - shift
            if extra | (mantissa & 1) > 1 << 59 { mantissa += 1 }
            mantissa <<= 60 - shift
            if mantissa & (1 << 61) != 0 {
                mantissa >>= 1
                exponent += 1
            }
        }
        let digits = Array((uppercase ? "0123456789ABCDEF" : "0123456789abcdef").utf8)
        var out = value.sign == .minus ? "-" : ""
        out += uppercase ? "0X" : "0x"
        out += (mantissa >> 60) & 1 == 1 ? "1" : "0"
        mantissa <<= 4
        var fraction: [UInt8] = []
        if precision < 0 {
            while mantissa != 0 {
                fraction.append(digits[Int((mantissa >> 60) & 15)])
                mantissa <<= 4
            }
        } else {
            for _ in 0..<min(precision, 10_000) {
                fraction.append(digits[Int((mantissa >> 60) & 15)])
                mantissa <<= 4
            }
        }
        if !fraction.isEmpty { out += "." + String(decoding: fraction, as: UTF8.self) }
        out += uppercase ? "P" : "p"
        out += exponent < 0 ? "-" : "+"
        let magnitude = abs(exponent)
        out += magnitude < 10 ? "0\(magnitude)" : "\(magnitude)"
        return out
    }
}
