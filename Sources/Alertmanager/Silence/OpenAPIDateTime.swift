import ArgusCore
import GoTemplate

/// Times in API v2 request bodies, read as go-openapi's `strfmt.DateTime`
/// does in Alertmanager 0.25: RFC 3339 with or without a fraction, the
/// same without a zone (UTC), with minutes only (`2006-01-02T15:04`,
/// optionally `Z`), with a space instead of `T` and no zone, and the empty
/// string for the Unix epoch.
public enum OpenAPIDateTime {
    /// The time in `text`, or Go's message for a time it cannot read, which
    /// is the error of its last layout, `2006-01-02 15:04:05`.
    public static func parse(_ text: String) -> Result<GoTime, OpenAPIDateTimeError> {
        if text.isEmpty { return .success(GoTime(seconds: 0)) }
        if let time = accepted(Array(text.utf8)) { return .success(time) }
        return .failure(OpenAPIDateTimeError(message: lastLayoutError(text)))
    }

    private struct Cursor {
        let bytes: [UInt8]
        var index = 0

        var isAtEnd: Bool { index == bytes.count }
        var remaining: Int { bytes.count - index }

        func peek(_ offset: Int = 0) -> UInt8? {
            index + offset < bytes.count ? bytes[index + offset] : nil
        }

        mutating func eat(_ character: Character) -> Bool {
            guard peek() == character.asciiValue else { return false }
            index += 1
            return true
        }

        func isDigit(_ offset: Int = 0) -> Bool {
            guard let byte = peek(offset) else { return false }
            return byte >= 0x30 && byte <= 0x39
        }

        /// Exactly `count` digits.
        mutating func digits(_ count: Int) -> Int? {
            var value = 0
            for offset in 0..<count {
                guard isDigit(offset), let byte = peek(offset) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            index += count
            return value
        }

        /// One or two digits, as Go reads an hour.
        mutating func shortNumber() -> Int? {
            guard isDigit(), let first = peek() else { return nil }
            guard isDigit(1), let second = peek(1) else {
                index += 1
                return Int(first - 0x30)
            }
            index += 2
            return Int(first - 0x30) * 10 + Int(second - 0x30)
        }
    }

    private static func accepted(_ bytes: [UInt8]) -> GoTime? {
        var cursor = Cursor(bytes: bytes)
        guard let year = cursor.digits(4), cursor.eat("-"), let month = cursor.digits(2), cursor.eat("-"),
            let day = cursor.digits(2)
        else { return nil }
        let spaced = cursor.eat(" ")
        guard spaced || cursor.eat("T"), let hour = cursor.shortNumber(), cursor.eat(":"),
            let minute = cursor.digits(2)
        else { return nil }
        var second = 0
        var nanoseconds = 0
        var fractionDigits = 0
        var offset = 0
        if cursor.eat(":") {
            guard let value = cursor.digits(2) else { return nil }
            second = value
            if cursor.peek() == UInt8(ascii: ".") || cursor.peek() == UInt8(ascii: ","), cursor.isDigit(1) {
                cursor.index += 1
                var scale = 100_000_000
                while cursor.isDigit(), let byte = cursor.peek() {
                    nanoseconds += Int(byte - 0x30) * scale
                    scale /= 10
                    fractionDigits += 1
                    cursor.index += 1
                }
            }
            if !spaced && !cursor.isAtEnd {
                if cursor.eat("Z") {
                    // UTC
                } else if let sign = cursor.peek(), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                    cursor.index += 1
                    guard let hours = cursor.digits(2) else { return nil }
                    let colon = cursor.eat(":")
                    // Without a colon only the layouts with exactly three or six fraction digits apply.
                    guard colon || fractionDigits == 3 || fractionDigits == 6, let minutes = cursor.digits(2),
                        hours < 24, minutes < 60
                    else { return nil }
                    offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
                } else {
                    return nil
                }
            }
        } else if !spaced {
            _ = cursor.eat("Z")
        } else {
            return nil
        }
        guard cursor.isAtEnd, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = Int64(days) * 86400 + Int64(hour * 3600 + minute * 60 + second - offset)
        return GoTime(seconds: seconds, nanoseconds: Int32(nanoseconds))
    }

    /// Go's `time.Parse("2006-01-02 15:04:05", text)` error.
    private static func lastLayoutError(_ text: String) -> String {
        let layout = "2006-01-02 15:04:05"
        func cannot(_ rest: ArraySlice<UInt8>, _ element: String) -> String {
            "parsing time \(GoString.quote(text)) as \(GoString.quote(layout)): cannot parse "
                + "\(GoString.quote(String(decoding: rest, as: UTF8.self))) as \(GoString.quote(element))"
        }
        func outOfRange(_ what: String) -> String { "parsing time \(GoString.quote(text)): \(what) out of range" }
        let bytes = Array(text.utf8)
        var rest = bytes[...]
        func isDigit(_ offset: Int) -> Bool {
            guard rest.count > offset else { return false }
            let byte = rest[rest.startIndex + offset]
            return byte >= 0x30 && byte <= 0x39
        }
        func number(fixed: Bool) -> Int? {
            guard isDigit(0) else { return nil }
            let first = Int(rest[rest.startIndex] - 0x30)
            guard isDigit(1) else {
                if fixed { return nil }
                rest = rest.dropFirst()
                return first
            }
            let value = first * 10 + Int(rest[rest.startIndex + 1] - 0x30)
            rest = rest.dropFirst(2)
            return value
        }
        func literal(_ character: UInt8) -> Bool {
            guard rest.first == character else { return false }
            rest = rest.dropFirst()
            return true
        }
        guard rest.count >= 4, (0..<4).allSatisfy(isDigit) else { return cannot(rest, "2006") }
        let year = Int(String(decoding: rest.prefix(4), as: UTF8.self)) ?? 0
        rest = rest.dropFirst(4)
        guard literal(UInt8(ascii: "-")) else { return cannot(rest, "-") }
        var hold = rest
        guard let month = number(fixed: true) else { return cannot(hold, "01") }
        guard (1...12).contains(month) else { return outOfRange("month") }
        guard literal(UInt8(ascii: "-")) else { return cannot(rest, "-") }
        hold = rest
        guard let day = number(fixed: true) else { return cannot(hold, "02") }
        // A space in the layout matches any run of spaces, or the end.
        if let first = rest.first, first != UInt8(ascii: " ") { return cannot(rest, " ") }
        rest = rest.drop { $0 == UInt8(ascii: " ") }
        hold = rest
        guard let hour = number(fixed: false) else { return cannot(hold, "15") }
        guard hour < 24 else { return outOfRange("hour") }
        guard literal(UInt8(ascii: ":")) else { return cannot(rest, ":") }
        hold = rest
        guard let minute = number(fixed: true) else { return cannot(hold, "04") }
        guard minute < 60 else { return outOfRange("minute") }
        guard literal(UInt8(ascii: ":")) else { return cannot(rest, ":") }
        hold = rest
        guard let second = number(fixed: true) else { return cannot(hold, "05") }
        guard second < 60 else { return outOfRange("second") }
        if let first = rest.first, first == UInt8(ascii: ".") || first == UInt8(ascii: ","), isDigit(1) {
            rest = rest.dropFirst().drop { $0 >= 0x30 && $0 <= 0x39 }
        }
        if !rest.isEmpty {
            return
                "parsing time \(GoString.quote(text)): extra text: \(GoString.quote(String(decoding: rest, as: UTF8.self)))"
        }
        if day < 1 || day > daysIn(month: month, year: year) { return outOfRange("day") }
        // Readable by the last layout but refused by an earlier check (a zone offset past 23:59).
        return "parsing time \(GoString.quote(text)): time zone offset out of range"
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    private static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
