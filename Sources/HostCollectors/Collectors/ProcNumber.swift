import ArgusCore

/// Integers of proc files, parsed as Go's `strconv` parses them for
/// node-exporter and procfs.
enum ProcNumber {
    /// `strconv.ParseUint(text, radix, 64)` with radix 10 or 16: digits
    /// only (no sign, prefix or separator), at most `UInt64.max`.
    static func unsigned(_ text: some StringProtocol, radix: Int = 10) -> UInt64? {
        guard !text.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in text.utf8 {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            guard Int(digit) < radix else { return nil }
            let (shifted, overflow) = value.multipliedReportingOverflow(by: UInt64(radix))
            let (sum, carry) = shifted.addingReportingOverflow(UInt64(digit))
            guard !overflow, !carry else { return nil }
            value = sum
        }
        return value
    }

    /// `strconv.ParseUint(text, 0, 64)`: the base taken from a `0x`, `0o`,
    /// `0b` or `0` prefix.
    static func unsignedAnyBase(_ text: some StringProtocol) -> UInt64? {
        GoInt.parseUnsigned(String(text))
    }

    /// `strconv.ParseInt(text, 0, 64)`: a sign, then the base taken from the prefix.
    static func signedAnyBase(_ text: some StringProtocol) -> Int64? {
        GoInt.parse(String(text))
    }
}
