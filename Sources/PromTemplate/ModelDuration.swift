import ArgusCore
import GoTemplate

/// Prometheus' duration syntax as `model.ParseDurationAllowNegative` reads it for the
/// `parseDuration` template function: `1h2m10ms`, `-30m`, `0`.
public enum ModelDuration {
    private static let units: [(suffix: String, position: Int, nanoseconds: UInt64)] = [
        ("ms", 7, 1_000_000),
        ("s", 6, 1_000_000_000),
        ("m", 5, 60_000_000_000),
        ("h", 4, 3_600_000_000_000),
        ("d", 3, 86_400_000_000_000),
        ("w", 2, 604_800_000_000_000),
        ("y", 1, 31_536_000_000_000_000),
    ]

    /// The duration in nanoseconds, with Go's error messages.
    public static func parseAllowingNegative(_ text: String) throws(TemplateFunctionError) -> Int64 {
        guard text.hasPrefix("-") else { return try parse(text) }
        return 0 &- (try parse(String(text.dropFirst())))
    }

    /// `model.ParseDuration`, in nanoseconds.
    public static func parse(_ text: String) throws(TemplateFunctionError) -> Int64 {
        if text == "0" { return 0 }
        if text.isEmpty { throw TemplateFunctionError("empty duration string") }
        let invalid = TemplateFunctionError("not a valid duration string: \(GoString.quote(text))")
        let bytes = Array(text.utf8)
        var index = 0
        var total: UInt64 = 0
        var lastPosition = 0
        func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }
        while index < bytes.count {
            guard isDigit(bytes[index]) else { throw invalid }
            var value: UInt64 = 0
            while index < bytes.count, isDigit(bytes[index]) {
                let (product, overflow1) = value.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(UInt64(bytes[index] - UInt8(ascii: "0")))
                if overflow1 || overflow2 { throw invalid }
                value = sum
                index += 1
            }
            let unitStart = index
            while index < bytes.count, !isDigit(bytes[index]) { index += 1 }
            if index == unitStart { throw invalid }
            let unitText = String(decoding: bytes[unitStart..<index], as: UTF8.self)
            guard let unit = units.first(where: { $0.suffix == unitText }) else {
                throw TemplateFunctionError(
                    "unknown unit \(GoString.quote(unitText)) in duration \(GoString.quote(text))")
            }
            if unit.position <= lastPosition { throw invalid }
            lastPosition = unit.position
            if value > (1 << 63) / unit.nanoseconds { throw TemplateFunctionError("duration out of range") }
            total += value * unit.nanoseconds
            if total > UInt64(Int64.max) { throw TemplateFunctionError("duration out of range") }
        }
        return Int64(total)
    }
}
