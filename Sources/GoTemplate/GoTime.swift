/// An instant in UTC with nanosecond precision: Go's `time.Time` as templates see it
/// (Prometheus' `toTime`, Alertmanager's `.StartsAt`). Printing and ``format(_:)`` follow Go's
/// `String()` and `Format(layout)`.
public struct GoTime: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Whole seconds since 1970-01-01T00:00:00Z (floor, so negative before the epoch).
    public var seconds: Int64
    /// Nanoseconds within the second, `0..<1_000_000_000`.
    public var nanoseconds: Int32

    public init(seconds: Int64, nanoseconds: Int32 = 0) {
        let extra = Int64(nanoseconds).floorDivided(by: 1_000_000_000)
        self.seconds = seconds &+ extra
        self.nanoseconds = Int32(Int64(nanoseconds) - extra * 1_000_000_000)
    }

    /// The instant `milliseconds` after the epoch.
    public init(unixMilliseconds milliseconds: Int64) {
        let seconds = milliseconds.floorDivided(by: 1000)
        self.init(seconds: seconds, nanoseconds: Int32((milliseconds - seconds * 1000) * 1_000_000))
    }

    /// The instant `nanoseconds` after the epoch.
    public init(unixNanoseconds nanoseconds: Int64) {
        let seconds = nanoseconds.floorDivided(by: 1_000_000_000)
        self.init(seconds: seconds, nanoseconds: Int32(nanoseconds - seconds * 1_000_000_000))
    }

    /// Go's `UnixMilli()`.
    public var unixMilliseconds: Int64 { seconds &* 1000 &+ Int64(nanoseconds / 1_000_000) }
    /// Go's `UnixNano()` (wraps outside about 1678–2262, as Go's does).
    public var unixNanoseconds: Int64 { seconds &* 1_000_000_000 &+ Int64(nanoseconds) }

    /// `self` moved by `duration` (Go's `Add`).
    public func adding(_ duration: GoDuration) -> GoTime {
        let nanos = Int64(nanoseconds) + duration.nanoseconds % 1_000_000_000
        return GoTime(seconds: seconds &+ duration.nanoseconds / 1_000_000_000, nanoseconds: 0)
            .normalized(addingNanoseconds: nanos)
    }

    private func normalized(addingNanoseconds value: Int64) -> GoTime {
        let extra = value.floorDivided(by: 1_000_000_000)
        return GoTime(seconds: seconds &+ extra, nanoseconds: Int32(value - extra * 1_000_000_000))
    }

    /// The duration from `other` to `self` (Go's `Sub`), saturating like Go's.
    public func since(_ other: GoTime) -> GoDuration {
        let (secondsDelta, overflow) = seconds.subtractingReportingOverflow(other.seconds)
        let nanos = Int64(nanoseconds) - Int64(other.nanoseconds)
        let (scaled, overflow2) = secondsDelta.multipliedReportingOverflow(by: 1_000_000_000)
        let (total, overflow3) = scaled.addingReportingOverflow(nanos)
        if overflow || overflow2 || overflow3 {
            return GoDuration(nanoseconds: secondsDelta < 0 ? Int64.min : Int64.max)
        }
        return GoDuration(nanoseconds: total)
    }

    public static func < (lhs: GoTime, rhs: GoTime) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    // MARK: Calendar

    /// The UTC calendar fields of the instant.
    public struct Fields: Sendable, Hashable {
        public var year: Int64
        /// 1...12
        public var month: Int
        public var day: Int
        public var hour: Int
        public var minute: Int
        public var second: Int
        /// 0 is Sunday.
        public var weekday: Int
        /// 1...366
        public var yearDay: Int
    }

    /// Calendar fields in UTC (proleptic Gregorian).
    public var fields: Fields {
        let days = seconds.floorDivided(by: 86_400)
        let secondOfDay = Int(seconds - days * 86_400)
        // Howard Hinnant's days-to-civil.
        let z = days + 719_468
        let era = z.floorDivided(by: 146_097)
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        var year = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = Int(doy - (153 * mp + 2) / 5 + 1)
        let month = Int(mp < 10 ? mp + 3 : mp - 9)
        if month <= 2 { year += 1 }
        let weekday = Int((days + 4).floorModulo(7))
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
        let cumulative = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334]
        var yearDay = cumulative[month - 1] + day
        if leap && month > 2 { yearDay += 1 }
        return Fields(
            year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60,
            second: secondOfDay % 60, weekday: weekday, yearDay: yearDay)
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    static let weekdayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// Go's `Time.String()` for a UTC time: `2015-06-23 13:19:44.128 +0000 UTC`.
    public var description: String {
        format("2006-01-02 15:04:05.999999999 -0700 MST")
    }
}

extension Int64 {
    func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }

    func floorModulo(_ divisor: Int64) -> Int64 {
        self - floorDivided(by: divisor) * divisor
    }
}
