/// Timestamps as Prometheus handles them: milliseconds since the unix epoch
/// in storage, and either RFC 3339 or (fractional) unix seconds in APIs.
public enum Timestamp {
    /// Parses an API time parameter: unix seconds with an optional fraction
    /// (`1700000000.123`) or RFC 3339 with an optional fraction and offset
    /// (`2023-11-14T22:13:20.123Z`). Returns milliseconds since the epoch,
    /// rounding fractions to the millisecond as Prometheus does.
    public static func parse(_ text: String) throws(ArgusError) -> Int64 {
        if let seconds = Double(text), !text.isEmpty, text.utf8.allSatisfy({ $0 != 0x20 }) {
            guard seconds.isFinite, abs(seconds) < 9.2e15 else {
                throw invalid(text)
            }
            let whole = seconds.rounded(.towardZero)
            let fraction = ((seconds - whole) * 1000).rounded()
            return Int64(whole) * 1000 + Int64(fraction)
        }
        if let ms = parseRFC3339(Array(text.utf8)) { return ms }
        throw invalid(text)
    }

    private static func invalid(_ text: String) -> ArgusError {
        ArgusError(
            .invalidTimestamp,
            "cannot parse \(GoString.quote(text)) to a valid timestamp",
            input: text
        )
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fffffffff](Z|±HH:MM)` into epoch milliseconds.
    public static func parseRFC3339(_ b: [UInt8]) -> Int64? {
        func digits(_ start: Int, _ count: Int) -> Int? {
            guard start + count <= b.count else { return nil }
            var value = 0
            for i in start..<(start + count) {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                value = value * 10 + Int(b[i] - 0x30)
            }
            return value
        }
        guard b.count >= 20,
            let year = digits(0, 4), b[4] == UInt8(ascii: "-"),
            let month = digits(5, 2), b[7] == UInt8(ascii: "-"),
            let day = digits(8, 2), b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: "t"),
            let hour = digits(11, 2), b[13] == UInt8(ascii: ":"),
            let minute = digits(14, 2), b[16] == UInt8(ascii: ":"),
            let second = digits(17, 2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24, minute < 60,
            second < 60
        else { return nil }
        var index = 19
        var millis = 0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            var scale = 100
            while index < b.count, b[index] >= 0x30, b[index] <= 0x39 {
                // Digits past milliseconds are truncated, as time.Time.UnixMilli does.
                if scale >= 1 {
                    millis += Int(b[index] - 0x30) * scale
                    scale /= 10
                }
                index += 1
            }
            guard index > start, index - start <= 9 else { return nil }
        }
        guard index < b.count else { return nil }
        var offsetSeconds = 0
        if b[index] == UInt8(ascii: "Z") || b[index] == UInt8(ascii: "z") {
            index += 1
        } else if b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-") {
            let sign = b[index] == UInt8(ascii: "-") ? -1 : 1
            guard let oh = digits(index + 1, 2), index + 3 < b.count, b[index + 3] == UInt8(ascii: ":"),
                let om = digits(index + 4, 2), oh < 24, om < 60
            else { return nil }
            offsetSeconds = sign * (oh * 3600 + om * 60)
            index += 6
        } else {
            return nil
        }
        guard index == b.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
        return seconds * 1000 + Int64(millis)
    }

    /// Formats epoch milliseconds as RFC 3339 in UTC with millisecond
    /// precision when there is a fraction (`2023-11-14T22:13:20.123Z`).
    public static func formatRFC3339(_ milliseconds: Int64) -> String {
        let (seconds, ms) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        var secs = seconds
        var millis = ms
        if millis < 0 {
            millis += 1000
            secs -= 1
        }
        let (daysRaw, secOfDayRaw) = secs.quotientAndRemainder(dividingBy: 86400)
        var days = daysRaw
        var secOfDay = secOfDayRaw
        if secOfDay < 0 {
            secOfDay += 86400
            days -= 1
        }
        let (y, m, d) = civilFromDays(Int(days))
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, width - s.count)) + s
        }
        var out =
            "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(Int(secOfDay / 3600), 2)):"
            + "\(pad(Int(secOfDay % 3600 / 60), 2)):\(pad(Int(secOfDay % 60), 2))"
        if millis != 0 { out += "." + pad(Int(millis), 3) }
        return out + "Z"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    static func civilFromDays(_ z: Int) -> (Int, Int, Int) {
        let z = z + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Timestamp {
    /// The current wall-clock time in milliseconds since the Unix epoch.
    public static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1000 + Int64(ts.tv_nsec) / 1_000_000
    }

    /// The current wall-clock time as whole seconds and nanoseconds since
    /// the Unix epoch.
    public static func nowWithNanoseconds() -> (seconds: Int64, nanoseconds: Int32) {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return (Int64(ts.tv_sec), Int32(ts.tv_nsec))
    }
}
