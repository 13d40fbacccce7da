/// A signed span of nanoseconds: Go's `time.Duration`, printed as Go prints it (`1h2m0.5s`,
/// `1.5ms`, `0s`).
public struct GoDuration: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var nanoseconds: Int64

    public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// `seconds` converted as Go's `time.Duration(seconds * float64(time.Second))` does,
    /// saturating instead of wrapping when out of range.
    public init(seconds: Double) {
        let value = seconds * 1e9
        if value.isNaN {
            nanoseconds = Int64.min
        } else if value >= 9.223372036854775807e18 {
            nanoseconds = Int64.max
        } else if value <= -9.223372036854775808e18 {
            nanoseconds = Int64.min
        } else {
            nanoseconds = Int64(value)
        }
    }

    /// Go's `Seconds()`.
    public var seconds: Double {
        let whole = nanoseconds / 1_000_000_000
        let fraction = nanoseconds % 1_000_000_000
        return Double(whole) + Double(fraction) / 1e9
    }

    public static func < (lhs: GoDuration, rhs: GoDuration) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// Go's `Duration.String()`.
    public var description: String {
        var magnitude = nanoseconds.magnitude
        var out: [UInt8] = []  // built backwards
        if magnitude < 1_000_000_000 {
            if magnitude == 0 { return "0s" }
            out.append(UInt8(ascii: "s"))
            var precision: Int
            if magnitude < 1000 {
                precision = 0
                out.append(UInt8(ascii: "n"))
            } else if magnitude < 1_000_000 {
                precision = 3
                out.append(contentsOf: Array("µ".utf8).reversed())
            } else {
                precision = 6
                out.append(UInt8(ascii: "m"))
            }
            magnitude = Self.appendFraction(&out, magnitude, precision: precision)
            Self.appendInteger(&out, magnitude)
        } else {
            out.append(UInt8(ascii: "s"))
            magnitude = Self.appendFraction(&out, magnitude, precision: 9)
            Self.appendInteger(&out, magnitude % 60)
            magnitude /= 60
            if magnitude > 0 {
                out.append(UInt8(ascii: "m"))
                Self.appendInteger(&out, magnitude % 60)
                magnitude /= 60
                if magnitude > 0 {
                    out.append(UInt8(ascii: "h"))
                    Self.appendInteger(&out, magnitude)
                }
            }
        }
        if nanoseconds < 0 { out.append(UInt8(ascii: "-")) }
        return String(decoding: out.reversed(), as: UTF8.self)
    }

    /// Go's `fmtFrac`, writing backwards: the fraction of `value / 10^precision` without trailing
    /// zeros (nothing when it is zero); returns the integer part.
    private static func appendFraction(_ out: inout [UInt8], _ value: UInt64, precision: Int) -> UInt64 {
        var value = value
        var printing = false
        for _ in 0..<precision {
            let digit = value % 10
            printing = printing || digit != 0
            if printing { out.append(UInt8(ascii: "0") + UInt8(digit)) }
            value /= 10
        }
        if printing { out.append(UInt8(ascii: ".")) }
        return value
    }

    private static func appendInteger(_ out: inout [UInt8], _ value: UInt64) {
        var value = value
        repeat {
            out.append(UInt8(ascii: "0") + UInt8(value % 10))
            value /= 10
        } while value > 0
    }
}
