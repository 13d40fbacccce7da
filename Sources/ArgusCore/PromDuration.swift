/// A duration in Prometheus' syntax (`model.Duration`): a sequence of
/// integer-valued units from largest to smallest, each at most once —
/// `1y2w3d4h5m6s7ms`, `90s`, `1h30m`, `0`. A year is 365 days, a week 7 days.
///
/// Stored as whole milliseconds.
public struct PromDuration: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The duration in milliseconds.
    public var milliseconds: Int64

    public init(milliseconds: Int64) { self.milliseconds = milliseconds }
    public init(seconds: Int64) { self.milliseconds = seconds * 1000 }

    /// The duration in (fractional) seconds.
    public var seconds: Double { Double(milliseconds) / 1000 }

    static let units: [(suffix: String, milliseconds: Int64)] = [
        ("y", 365 * 24 * 3_600_000),
        ("w", 7 * 24 * 3_600_000),
        ("d", 24 * 3_600_000),
        ("h", 3_600_000),
        ("m", 60_000),
        ("s", 1000),
        ("ms", 1),
    ]

    /// The longest duration Prometheus accepts (Go's `time.Duration`, in nanoseconds, must hold it).
    public static let maxMilliseconds: Int64 = Int64.max / 1_000_000

    /// Parses `text`, throwing an error that quotes it when it is not valid.
    public init(parsing text: String) throws(ArgusError) {
        guard let value = PromDuration.parse(Array(text.utf8)) else {
            throw ArgusError(
                .invalidDuration,
                "not a valid duration string: \(GoString.quote(text))",
                input: text
            )
        }
        self.milliseconds = value
    }

    private static func parse(_ bytes: [UInt8]) -> Int64? {
        if bytes == [UInt8(ascii: "0")] { return 0 }
        guard !bytes.isEmpty else { return nil }
        var index = 0
        var total: Int64 = 0
        var nextUnit = 0
        while index < bytes.count {
            let start = index
            var number: Int64 = 0
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                let (product, overflow1) = number.multipliedReportingOverflow(by: 10)
                let (sum, overflow2) = product.addingReportingOverflow(Int64(bytes[index] - 0x30))
                if overflow1 || overflow2 { return nil }
                number = sum
                index += 1
            }
            guard index > start, index < bytes.count else { return nil }
            // Units must be in decreasing order; "m" and "ms" share a prefix.
            var matched: Int?
            for unitIndex in nextUnit..<units.count {
                let suffix = Array(units[unitIndex].suffix.utf8)
                guard index + suffix.count <= bytes.count, Array(bytes[index..<(index + suffix.count)]) == suffix
                else { continue }
                if suffix == [UInt8(ascii: "m")], index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "s") {
                    continue
                }
                matched = unitIndex
                index += suffix.count
                break
            }
            guard let unit = matched else { return nil }
            let (scaled, overflow1) = number.multipliedReportingOverflow(by: units[unit].milliseconds)
            let (sum, overflow2) = total.addingReportingOverflow(scaled)
            if overflow1 || overflow2 { return nil }
            total = sum
            nextUnit = unit + 1
        }
        // Go keeps durations in nanoseconds: about 292 years at most.
        return total <= maxMilliseconds ? total : nil
    }

    /// The canonical form Prometheus prints: largest units first (years and
    /// weeks only when they divide exactly), `0s` for zero.
    public var description: String {
        if milliseconds == 0 { return "0s" }
        var remaining = milliseconds
        var out = ""
        if remaining < 0 {
            out = "-"
            remaining = -remaining
        }
        for unit in PromDuration.units {
            // Years and weeks only when exact: "90d" reads better than "12w6d".
            if unit.suffix == "y" || unit.suffix == "w", remaining % unit.milliseconds != 0 { continue }
            let count = remaining / unit.milliseconds
            if count > 0 {
                out += "\(count)\(unit.suffix)"
                remaining -= count * unit.milliseconds
            }
        }
        return out
    }

    public static func < (lhs: PromDuration, rhs: PromDuration) -> Bool { lhs.milliseconds < rhs.milliseconds }
}
