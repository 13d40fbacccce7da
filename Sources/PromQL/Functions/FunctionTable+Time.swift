import ArgusCore

/// `time()` and the calendar functions (`year`, `month`, `day_of_month`,
/// `day_of_week`, `day_of_year`, `days_in_month`, `hour`, `minute`), all in
/// UTC.
///
/// Without an argument a calendar function reads the evaluation time and
/// returns one sample with no labels; with an instant vector it reads each
/// sample's value as Unix seconds (truncated towards zero) and drops the
/// metric name.
extension FunctionTable {
    static var timeFunctions: [String: FunctionImplementation] {
        var table: [String: FunctionImplementation] = [
            "time": .step { _, context in [StepSample(labels: Labels(), value: Double(context.stepTime) / 1000)] }
        ]
        let calendar: [(String, @Sendable (CivilTime) -> Int64)] = [
            ("year", { $0.year }),
            ("month", { $0.month }),
            ("day_of_month", { $0.day }),
            ("day_of_week", { $0.weekday }),
            ("day_of_year", { $0.dayOfYear }),
            ("days_in_month", { CivilTime.daysInMonth(year: $0.year, month: $0.month) }),
            ("hour", { $0.hour }),
            ("minute", { $0.minute }),
        ]
        for (name, field) in calendar {
            table[name] = .step { arguments, context in
                guard let argument = arguments.first else {
                    // Go's integer division truncates towards zero.
                    let seconds = context.stepTime / 1000
                    return [StepSample(labels: Labels(), value: Double(field(CivilTime(unixSeconds: seconds))))]
                }
                return argument.vectorValue.map { sample in
                    let time = CivilTime(unixSeconds: goInt64(sample.value))
                    return StepSample(labels: sample.labels, value: Double(field(time)), dropName: true)
                }
            }
        }
        return table
    }

    /// Go's `int64(f)` on amd64: truncation towards zero, and the
    /// "integer indefinite" value `math.MinInt64` for NaN and values out of
    /// range.
    static func goInt64(_ value: Double) -> Int64 {
        guard value.isFinite, value >= -9_223_372_036_854_775_808.0, value < 9_223_372_036_854_775_808.0 else {
            return .min
        }
        return Int64(value)
    }
}

/// A UTC calendar date and time of day in the proleptic Gregorian calendar,
/// computed from Unix seconds.
struct CivilTime: Hashable {
    var year: Int64
    /// 1…12.
    var month: Int64
    /// 1…31.
    var day: Int64
    /// 0 (Sunday) … 6 (Saturday).
    var weekday: Int64
    /// 1…366.
    var dayOfYear: Int64
    var hour: Int64
    var minute: Int64
    var second: Int64

    init(unixSeconds: Int64) {
        // Floor division keeps negative times on the right day.
        let (quotient, remainder) = unixSeconds.quotientAndRemainder(dividingBy: 86_400)
        let days = remainder < 0 ? quotient - 1 : quotient
        let secondOfDay = remainder < 0 ? remainder + 86_400 : remainder
        hour = secondOfDay / 3_600
        minute = secondOfDay % 3_600 / 60
        second = secondOfDay % 60
        // 1970-01-01 was a Thursday.
        let weekdayRemainder = (days + 4) % 7
        weekday = weekdayRemainder < 0 ? weekdayRemainder + 7 : weekdayRemainder

        // Howard Hinnant's civil_from_days, with eras of 400 years from 0000-03-01.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfMarchYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfMarchYear + 2) / 153
        day = dayOfMarchYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)

        var ordinal = day
        for m in 1..<month { ordinal += CivilTime.daysInMonth(year: year, month: m) }
        dayOfYear = ordinal
    }

    static func isLeapYear(_ year: Int64) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
