/// Go's integer syntax (`strconv.ParseInt(s, 0, 64)`) and the digit
/// separators Go number literals allow, shared by PromQL's lexer and the
/// PromQL test-script reader.
public enum GoInt {
    /// Go's `strconv.ParseInt(s, 0, 64)`: an optional sign, then `0x`/`0o`/`0b`
    /// prefixes, a leading `0` for octal, `_` separators between digits.
    /// Nil when the text is not an integer or overflows.
    public static func parse(_ text: String) -> Int64? {
        var bytes = Array(text.utf8)
        guard !bytes.isEmpty else { return nil }
        var negative = false
        if bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-") {
            negative = bytes[0] == UInt8(ascii: "-")
            bytes.removeFirst()
        }
        guard let magnitude = parseMagnitude(bytes) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// Go's `strconv.ParseUint(s, 0, 64)`: the syntax of ``parse(_:)``
    /// without a sign, up to `UInt64.max`. Nil when the text is not an
    /// unsigned integer or overflows.
    public static func parseUnsigned(_ text: String) -> UInt64? {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, first != UInt8(ascii: "+"), first != UInt8(ascii: "-") else { return nil }
        return parseMagnitude(bytes)
    }

    /// Unsigned digits in base 16, 8 or 2 after a `0x`, `0o`/`0` or `0b`
    /// prefix, else base 10, with `_` separators; nil on any other byte,
    /// misplaced `_`, no digits, or a value above `UInt64.max`.
    private static func parseMagnitude(_ bytes: [UInt8]) -> UInt64? {
        guard !bytes.isEmpty, underscoresAreValid(bytes) else { return nil }
        var base: UInt64 = 10
        var digits = bytes[...]
        if bytes[0] == UInt8(ascii: "0") && bytes.count > 1 {
            switch bytes[1] | 0x20 {
            case UInt8(ascii: "x"):
                base = 16
                digits = bytes[2...]
            case UInt8(ascii: "o"):
                base = 8
                digits = bytes[2...]
            case UInt8(ascii: "b"):
                base = 2
                digits = bytes[2...]
            default:
                base = 8
                digits = bytes[1...]
            }
        }
        var magnitude: UInt64 = 0
        var sawDigit = false
        for byte in digits {
            if byte == UInt8(ascii: "_") { continue }
            let value: UInt64
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = UInt64(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): value = UInt64(byte - UInt8(ascii: "a")) + 10
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): value = UInt64(byte - UInt8(ascii: "A")) + 10
            default: return nil
            }
            guard value < base else { return nil }
            let (product, overflow1) = magnitude.multipliedReportingOverflow(by: base)
            let (sum, overflow2) = product.addingReportingOverflow(value)
            if overflow1 || overflow2 { return nil }
            magnitude = sum
            sawDigit = true
        }
        return sawDigit ? magnitude : nil
    }

    /// Go's `underscoreOK`: every `_` sits between digits, or between a base
    /// prefix and a digit.
    public static func underscoresAreValid(_ input: [UInt8]) -> Bool {
        var bytes = input[...]
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            bytes = bytes.dropFirst()
        }
        var saw: UInt8 = UInt8(ascii: "^")
        var hex = false
        if bytes.count >= 2, bytes.first == UInt8(ascii: "0") {
            let prefix = bytes[bytes.startIndex + 1] | 0x20
            if prefix == UInt8(ascii: "b") || prefix == UInt8(ascii: "o") || prefix == UInt8(ascii: "x") {
                bytes = bytes.dropFirst(2)
                saw = UInt8(ascii: "0")
                hex = prefix == UInt8(ascii: "x")
            }
        }
        for byte in bytes {
            let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
            let isHexLetter = hex && (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f")
            if isDigit || isHexLetter {
                saw = UInt8(ascii: "0")
                continue
            }
            if byte == UInt8(ascii: "_") {
                if saw != UInt8(ascii: "0") { return false }
                saw = UInt8(ascii: "_")
                continue
            }
            if saw == UInt8(ascii: "_") { return false }
            saw = UInt8(ascii: "!")
        }
        return saw != UInt8(ascii: "_")
    }
}

extension GoFloat {
    /// Go's `strconv.ParseFloat(s, 64)`, including `_` digit separators.
    public static func parseAllowingSeparators(_ text: String) -> Double? {
        let bytes = Array(text.utf8)
        guard bytes.contains(UInt8(ascii: "_")) else { return GoFloat.parse(text) }
        guard GoInt.underscoresAreValid(bytes) else { return nil }
        return GoFloat.parse(String(decoding: bytes.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self))
    }

    /// How Prometheus turns a number token into a value: `ParseInt(s, 0, 64)`,
    /// falling back to `ParseFloat(s, 64)`.
    public static func parseNumberToken(_ text: String) -> Double? {
        if let integer = GoInt.parse(text) { return Double(integer) }
        return parseAllowingSeparators(text)
    }
}
