import ArgusConfig
import ArgusCore

extension TimeIntervalRange {
    enum CodingKeys: String, CodingKey {
        case times, weekdays, daysOfMonth = "days_of_month", months, years, location
    }

    enum TimeRangeKeys: String, CodingKey {
        case startTime = "start_time", endTime = "end_time"
    }

    static let weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
        "november", "december",
    ]

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init()
        if container.contains(.times), try !container.decodeNil(forKey: .times) {
            var list = try container.nestedUnkeyedContainer(forKey: .times)
            var ranges: [TimeRange] = []
            while !list.isAtEnd {
                let index = list.currentIndex
                let entry = try list.nestedContainer(keyedBy: TimeRangeKeys.self)
                let start = try entry.decodeIfPresent(String.self, forKey: .startTime) ?? ""
                let end = try entry.decodeIfPresent(String.self, forKey: .endTime) ?? ""
                do {
                    ranges.append(try Self.timeRange(start: start, end: end))
                } catch {
                    throw ConfigValidationError(error.message, at: [.key("times"), .index(index)])
                }
            }
            times = ranges
        }
        weekdays = try Self.decodeRanges(container, .weekdays, Self.weekday)
        daysOfMonth = try Self.decodeRanges(container, .daysOfMonth, Self.dayOfMonth)
        months = try Self.decodeRanges(container, .months, Self.month)
        years = try Self.decodeRanges(container, .years, Self.year)
        if let name = try container.decodeIfPresent(String.self, forKey: .location) {
            do {
                location = try TimeZoneInfo.load(name)
            } catch {
                throw ConfigValidationError(error.description, field: "location")
            }
        }
    }

    private static func decodeRanges(
        _ container: KeyedDecodingContainer<CodingKeys>, _ key: CodingKeys,
        _ parse: (String) throws(ConfigValidationError) -> InclusiveRange
    ) throws -> [InclusiveRange]? {
        guard let texts = try container.decodeIfPresent([String].self, forKey: key) else { return nil }
        var result: [InclusiveRange] = []
        for (index, text) in texts.enumerated() {
            do {
                result.append(try parse(text))
            } catch {
                throw ConfigValidationError(error.message, at: [.key(key.stringValue), .index(index)])
            }
        }
        return result
    }

    /// `HH:MM` start and end, as upstream validates them.
    static func timeRange(start: String, end: String) throws(ConfigValidationError) -> TimeRange {
        if start.isEmpty || end.isEmpty {
            throw ConfigValidationError("both start and end times must be provided")
        }
        let startMinute = try minuteOfDay(start)
        let endMinute = try minuteOfDay(end)
        if startMinute >= endMinute {
            throw ConfigValidationError("start time cannot be equal or greater than end time")
        }
        return TimeRange(startMinute: startMinute, endMinute: endMinute)
    }

    /// `00:00`…`23:59` or `24:00` as minutes since midnight.
    static func minuteOfDay(_ text: String) throws(ConfigValidationError) -> Int {
        let digits = Array(text.utf8)
        func digit(_ index: Int) -> Int? {
            let byte = digits[index]
            return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? Int(byte - UInt8(ascii: "0")) : nil
        }
        guard digits.count == 5, digits[2] == UInt8(ascii: ":"), let h1 = digit(0), let h2 = digit(1),
            let m1 = digit(3), let m2 = digit(4)
        else {
            throw ConfigValidationError("couldn't parse timestamp \(text), invalid format")
        }
        let hour = h1 * 10 + h2
        let minute = m1 * 10 + m2
        let valid = (hour <= 23 && m1 <= 5) || (hour == 24 && minute == 0)
        guard valid else { throw ConfigValidationError("couldn't parse timestamp \(text), invalid format") }
        return hour * 60 + minute
    }

    /// Splits `a:b` (or `a`) after lower-casing, converting each side with `member`.
    static func range(
        _ text: String, _ member: (String) throws(ConfigValidationError) -> Int
    ) throws(ConfigValidationError) -> InclusiveRange {
        let lowered = text.lowercased()
        let parts = lowered.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count > 2 { throw ConfigValidationError("couldn't parse range \(lowered), invalid format") }
        let begin = try member(parts[0])
        let end = parts.count == 2 ? try member(parts[1]) : begin
        return InclusiveRange(begin: begin, end: end)
    }

    /// Go's `strconv.Atoi` with its error text.
    static func atoi(_ text: String) throws(ConfigValidationError) -> Int {
        var body = Substring(text)
        if body.hasPrefix("+") || body.hasPrefix("-") { body = body.dropFirst() }
        guard !body.isEmpty, body.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) else {
            throw ConfigValidationError("strconv.Atoi: parsing \(GoString.quote(text)): invalid syntax")
        }
        guard let value = Int(text) else {
            throw ConfigValidationError("strconv.Atoi: parsing \(GoString.quote(text)): value out of range")
        }
        return value
    }

    static func weekday(_ text: String) throws(ConfigValidationError) -> InclusiveRange {
        let range = try range(text) { (name: String) throws(ConfigValidationError) -> Int in
            guard let index = weekdayNames.firstIndex(of: name) else {
                throw ConfigValidationError("\(name) is not a valid weekday")
            }
            return index
        }
        if range.begin > range.end { throw ConfigValidationError("start day cannot be before end day") }
        return range
    }

    static func dayOfMonth(_ text: String) throws(ConfigValidationError) -> InclusiveRange {
        let range = try range(text, atoi)
        for day in [range.begin, range.end] where day == 0 || day < -31 || day > 31 {
            throw ConfigValidationError("\(day) is not a valid day of the month: out of range")
        }
        if range.begin < 0 && range.end > 0 {
            throw ConfigValidationError("end day must be negative if start day is negative")
        }
        // Negative days are compared as if the month had 28 days, the shortest case.
        let begin = range.begin < 0 ? 28 + range.begin : range.begin
        let end = range.end < 0 ? 28 + range.end : range.end
        if begin > end {
            throw ConfigValidationError("end day \(range.end) is always before start day \(range.begin)")
        }
        return range
    }

    static func month(_ text: String) throws(ConfigValidationError) -> InclusiveRange {
        let range = try range(text) { (name: String) throws(ConfigValidationError) -> Int in
            if let index = monthNames.firstIndex(of: name) { return index + 1 }
            guard let number = try? atoi(name) else { throw ConfigValidationError("\(name) is not a valid month") }
            return number
        }
        if range.begin > range.end {
            let name = { (month: Int) in (1...12).contains(month) ? monthNames[month - 1] : "" }
            throw ConfigValidationError("end month \(name(range.end)) is before start month \(name(range.begin))")
        }
        return range
    }

    static func year(_ text: String) throws(ConfigValidationError) -> InclusiveRange {
        let range = try range(text, atoi)
        if range.begin > range.end {
            throw ConfigValidationError("end year \(range.end) is before start year \(range.begin)")
        }
        return range
    }
}
