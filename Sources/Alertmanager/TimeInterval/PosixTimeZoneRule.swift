import GoTemplate

/// The POSIX `TZ` rule at the end of a TZif file (`CET-1CEST,M3.5.0,M10.5.0/3`), which gives
/// the local time after the file's last transition.
struct PosixTimeZoneRule: Hashable, Sendable {
    /// When daylight time starts or ends within a year, and at what local second of that day.
    enum Day: Hashable, Sendable {
        /// `Jn`: day 1…365, February 29 never counted.
        case julian(Int)
        /// `n`: day 0…365, February 29 counted in leap years.
        case zeroBased(Int)
        /// `Mm.w.d`: weekday `d` (0 Sunday) of week `w` (5 = last) of month `m`.
        case monthWeekDay(month: Int, week: Int, weekday: Int)
    }

    struct Transition: Hashable, Sendable {
        var day: Day
        var time: Int
    }

    var standard: TimeZoneInfo.LocalType
    var daylight: TimeZoneInfo.LocalType?
    var start: Transition?
    var end: Transition?

    init(standard abbreviation: String, offset: Int) {
        standard = TimeZoneInfo.LocalType(offset: offset, isDST: false, abbreviation: abbreviation)
    }

    /// Parses a rule; nil when it is malformed or empty.
    init?(parsing text: String) {
        var scanner = RuleScanner(scalars: Array(text.unicodeScalars))
        guard let standardName = scanner.name(), let standardOffset = scanner.offset() else { return nil }
        // POSIX offsets are west of UTC; local types are east.
        standard = TimeZoneInfo.LocalType(offset: -standardOffset, isDST: false, abbreviation: standardName)
        if scanner.atEnd { return }
        guard let daylightName = scanner.name() else { return nil }
        var daylightOffset = -standardOffset + 3600
        if let offset = scanner.offset() { daylightOffset = -offset }
        daylight = TimeZoneInfo.LocalType(offset: daylightOffset, isDST: true, abbreviation: daylightName)
        if scanner.atEnd {
            // No rule given: the US rules Go also assumes.
            start = Transition(day: .monthWeekDay(month: 3, week: 2, weekday: 0), time: 7200)
            end = Transition(day: .monthWeekDay(month: 11, week: 1, weekday: 0), time: 7200)
            return
        }
        guard scanner.consume(","), let start = scanner.transition(), scanner.consume(","),
            let end = scanner.transition(), scanner.atEnd
        else { return nil }
        self.start = start
        self.end = end
    }

    /// The local type in effect at `seconds` since the Unix epoch.
    func localType(at seconds: Int64) -> TimeZoneInfo.LocalType {
        guard let daylight, let start, let end else { return standard }
        let year = GoTime(seconds: seconds + Int64(standard.offset)).fields.year
        let yearStart = Self.unixSeconds(year: year, month: 1, day: 1)
        // Start is given in standard time, end in daylight time.
        let startAt = yearStart + Self.secondOfYear(start.day, year: year) + Int64(start.time - standard.offset)
        let endAt = yearStart + Self.secondOfYear(end.day, year: year) + Int64(end.time - daylight.offset)
        let inDaylight =
            startAt < endAt ? (seconds >= startAt && seconds < endAt) : !(seconds >= endAt && seconds < startAt)
        return inDaylight ? daylight : standard
    }

    static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    /// Seconds from January 1 00:00 to the start of `day` in `year`.
    static func secondOfYear(_ day: Day, year: Int64) -> Int64 {
        switch day {
        case .julian(let number):
            var days = number - 1
            if isLeap(year) && number >= 60 { days += 1 }
            return Int64(days) * 86_400
        case .zeroBased(let number):
            return Int64(number) * 86_400
        case .monthWeekDay(let month, let week, let weekday):
            let monthStart = unixSeconds(year: year, month: month, day: 1)
            let firstWeekday = GoTime(seconds: monthStart).fields.weekday
            var day = (weekday - firstWeekday + 7) % 7 + 1 + (week - 1) * 7
            let length = TimeIntervalRange.daysInMonth(year: year, month: month)
            while day > length { day -= 7 }
            return monthStart - unixSeconds(year: year, month: 1, day: 1) + Int64(day - 1) * 86_400
        }
    }

    /// Unix seconds of `year-month-day 00:00 UTC` (proleptic Gregorian).
    static func unixSeconds(year: Int64, month: Int, day: Int) -> Int64 {
        // Howard Hinnant's days-from-civil.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return (era * 146_097 + doe - 719_468) * 86_400
    }
}

/// Reads the parts of a POSIX TZ rule.
private struct RuleScanner {
    let scalars: [Unicode.Scalar]
    var index = 0

    var atEnd: Bool { index >= scalars.count }

    mutating func consume(_ scalar: Unicode.Scalar) -> Bool {
        guard !atEnd, scalars[index] == scalar else { return false }
        index += 1
        return true
    }

    /// `CET` or `<+0330>`.
    mutating func name() -> String? {
        var result = ""
        if consume("<") {
            while !atEnd, scalars[index] != ">" {
                result.unicodeScalars.append(scalars[index])
                index += 1
            }
            guard consume(">") else { return nil }
        } else {
            while !atEnd, scalars[index].properties.isAlphabetic {
                result.unicodeScalars.append(scalars[index])
                index += 1
            }
        }
        return result.count >= 3 ? result : nil
    }

    mutating func number() -> Int? {
        var value: Int?
        while !atEnd, let digit = Int(String(scalars[index])), scalars[index].isASCII {
            value = (value ?? 0) * 10 + digit
            index += 1
        }
        return value
    }

    /// `[+-]hh[:mm[:ss]]` in seconds.
    mutating func offset() -> Int? {
        var sign = 1
        if consume("-") { sign = -1 } else { _ = consume("+") }
        guard let hours = number() else { return nil }
        var seconds = hours * 3600
        if consume(":") {
            guard let minutes = number() else { return nil }
            seconds += minutes * 60
            if consume(":") {
                guard let secs = number() else { return nil }
                seconds += secs
            }
        }
        return sign * seconds
    }

    /// `Jn`, `n` or `Mm.w.d`, optionally followed by `/time`.
    mutating func transition() -> PosixTimeZoneRule.Transition? {
        let day: PosixTimeZoneRule.Day
        if consume("J") {
            guard let number = number(), (1...365).contains(number) else { return nil }
            day = .julian(number)
        } else if consume("M") {
            guard let month = number(), consume("."), let week = number(), consume("."), let weekday = number(),
                (1...12).contains(month), (1...5).contains(week), (0...6).contains(weekday)
            else { return nil }
            day = .monthWeekDay(month: month, week: week, weekday: weekday)
        } else {
            guard let number = number(), (0...365).contains(number) else { return nil }
            day = .zeroBased(number)
        }
        var time = 7200
        if consume("/") {
            guard let offset = offset() else { return nil }
            time = offset
        }
        return PosixTimeZoneRule.Transition(day: day, time: time)
    }
}
