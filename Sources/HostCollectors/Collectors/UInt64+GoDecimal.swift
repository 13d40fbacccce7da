extension UInt64 {
    /// Parses `text` as Go's `strconv.ParseUint(text, 10, 64)` does: decimal
    /// digits only, no sign, no separators, at most `UInt64.max`.
    init?(goDecimal text: some StringProtocol) {
        var value: UInt64 = 0
        var sawDigit = false
        for byte in text.utf8 {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, carry) = product.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow, !carry else { return nil }
            value = sum
            sawDigit = true
        }
        guard sawDigit else { return nil }
        self = value
    }
}
