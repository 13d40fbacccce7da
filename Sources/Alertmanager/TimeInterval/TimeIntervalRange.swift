import ArgusConfig
import GoTemplate

/// One entry of a time interval's `time_intervals` list (upstream `timeinterval.TimeInterval`).
/// Every field that is set must match; a field that is absent matches anything, while a field
/// set to an empty list matches nothing, as upstream.
public struct TimeIntervalRange: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "time_interval_range"

    /// Minutes of the day, start inclusive and end exclusive (`00:00`…`24:00`).
    public struct TimeRange: Hashable, Sendable {
        public var startMinute: Int
        public var endMinute: Int

        public init(startMinute: Int, endMinute: Int) {
            self.startMinute = startMinute
            self.endMinute = endMinute
        }
    }

    /// An inclusive `begin...end` range of weekdays (0 is Sunday), days of the month (negative
    /// counts from the end), months (1…12) or years.
    public struct InclusiveRange: Hashable, Sendable {
        public var begin: Int
        public var end: Int

        public init(begin: Int, end: Int) {
            self.begin = begin
            self.end = end
        }
    }

    public var times: [TimeRange]?
    public var weekdays: [InclusiveRange]?
    public var daysOfMonth: [InclusiveRange]?
    public var months: [InclusiveRange]?
    public var years: [InclusiveRange]?
    /// The zone the fields are read in; nil means UTC.
    public var location: TimeZoneInfo?

    public init(
        times: [TimeRange]? = nil, weekdays: [InclusiveRange]? = nil, daysOfMonth: [InclusiveRange]? = nil,
        months: [InclusiveRange]? = nil, years: [InclusiveRange]? = nil, location: TimeZoneInfo? = nil
    ) {
        self.times = times
        self.weekdays = weekdays
        self.daysOfMonth = daysOfMonth
        self.months = months
        self.years = years
        self.location = location
    }

    /// Whether `time`, read in ``location``, satisfies every field that is set.
    public func contains(_ time: GoTime) -> Bool {
        let offset = location?.offset(at: time.seconds) ?? 0
        let fields = GoTime(seconds: time.seconds + Int64(offset)).fields
        if let times {
            let minute = fields.hour * 60 + fields.minute
            guard times.contains(where: { minute >= $0.startMinute && minute < $0.endMinute }) else { return false }
        }
        if let daysOfMonth {
            let length = Self.daysInMonth(year: fields.year, month: fields.month)
            let inside = daysOfMonth.contains { range in
                var begin = range.begin < 0 ? length + range.begin + 1 : range.begin
                var end = range.end < 0 ? length + range.end + 1 : range.end
                if begin > length { return false }
                begin = min(max(begin, -length), length)
                end = min(max(end, -length), length)
                return fields.day >= begin && fields.day <= end
            }
            guard inside else { return false }
        }
        if let months {
            guard months.contains(where: { fields.month >= $0.begin && fields.month <= $0.end }) else { return false }
        }
        if let weekdays {
            guard weekdays.contains(where: { fields.weekday >= $0.begin && fields.weekday <= $0.end }) else {
                return false
            }
        }
        if let years {
            guard years.contains(where: { fields.year >= Int64($0.begin) && fields.year <= Int64($0.end) }) else {
                return false
            }
        }
        return true
    }

    static func daysInMonth(year: Int64, month: Int) -> Int {
        switch month {
        case 2:
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
