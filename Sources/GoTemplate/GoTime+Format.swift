extension GoTime {
    /// The layout elements Go's `time.Format` recognises.
    private enum Element {
        case longMonth, month, numMonth, zeroMonth
        case longWeekday, weekday
        case day, underDay, zeroDay, underYearDay, zeroYearDay
        case hour, hour12, zeroHour12, minute, zeroMinute, second, zeroSecond
        case longYear, year, pm, lowerPM, zoneName
        case iso8601(String), numericZone(String)
        case fraction(separator: Character, digits: Int, trimZeros: Bool)
    }

    /// Formats like Go's `Time.Format(layout)` with Go's reference-time layout
    /// (`Mon Jan 2 15:04:05 MST 2006`), in UTC.
    public func format(_ layout: String) -> String {
        let f = fields
        var out = ""
        var rest = Substring(layout)
        while !rest.isEmpty {
            guard let (prefix, element, suffix) = Self.nextElement(rest) else {
                out += rest
                break
            }
            out += prefix
            rest = suffix
            switch element {
            case .longYear: out += Self.pad(f.year, 4)
            case .year: out += Self.pad(f.year.floorModulo(100), 2)
            case .longMonth: out += Self.monthNames[f.month - 1]
            case .month: out += Self.monthNames[f.month - 1].prefix(3)
            case .numMonth: out += String(f.month)
            case .zeroMonth: out += Self.pad(Int64(f.month), 2)
            case .longWeekday: out += Self.weekdayNames[f.weekday]
            case .weekday: out += Self.weekdayNames[f.weekday].prefix(3)
            case .day: out += String(f.day)
            case .underDay: out += (f.day < 10 ? " " : "") + String(f.day)
            case .zeroDay: out += Self.pad(Int64(f.day), 2)
            case .underYearDay:
                out += String(repeating: " ", count: f.yearDay < 10 ? 2 : f.yearDay < 100 ? 1 : 0) + String(f.yearDay)
            case .zeroYearDay: out += Self.pad(Int64(f.yearDay), 3)
            case .hour: out += Self.pad(Int64(f.hour), 2)
            case .hour12: out += String(f.hour % 12 == 0 ? 12 : f.hour % 12)
            case .zeroHour12: out += Self.pad(Int64(f.hour % 12 == 0 ? 12 : f.hour % 12), 2)
            case .minute: out += String(f.minute)
            case .zeroMinute: out += Self.pad(Int64(f.minute), 2)
            case .second: out += String(f.second)
            case .zeroSecond: out += Self.pad(Int64(f.second), 2)
            case .pm: out += f.hour >= 12 ? "PM" : "AM"
            case .lowerPM: out += f.hour >= 12 ? "pm" : "am"
            case .zoneName: out += "UTC"
            case .iso8601: out += "Z"
            case .numericZone(let pattern):
                // UTC: +00, +0000, +00:00, +000000 or +00:00:00 after the pattern's shape.
                out += "+" + pattern.dropFirst().map { $0 == ":" ? ":" : "0" }.joined()
            case .fraction(let separator, let digits, let trimZeros):
                var text = String(nanoseconds)
                text = String(repeating: "0", count: 9 - text.count) + text
                var kept = String(text.prefix(digits))
                if trimZeros {
                    while kept.last == "0" { kept.removeLast() }
                    if kept.isEmpty { break }
                }
                out.append(separator)
                out += kept
            }
        }
        return out
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let padded = String(repeating: "0", count: max(0, width - digits.count)) + digits
        return value < 0 ? "-" + padded : padded
    }

    /// Go's `nextStdChunk`: the text before the first layout element, the element, and the rest.
    private static func nextElement(_ layout: Substring) -> (Substring, Element, Substring)? {
        let chars = Array(layout)
        func has(_ i: Int, _ s: String) -> Bool {
            let needle = Array(s)
            return i + needle.count <= chars.count && Array(chars[i..<(i + needle.count)]) == needle
        }
        func split(_ i: Int, _ length: Int, _ element: Element) -> (Substring, Element, Substring) {
            (Substring(String(chars[0..<i])), element, Substring(String(chars[(i + length)...])))
        }
        func startsWithLowercase(_ i: Int) -> Bool {
            guard i < chars.count else { return false }
            return chars[i] >= "a" && chars[i] <= "z"
        }
        var i = 0
        while i < chars.count {
            switch chars[i] {
            case "J":
                if has(i, "Jan") {
                    if has(i, "January") { return split(i, 7, .longMonth) }
                    if !startsWithLowercase(i + 3) { return split(i, 3, .month) }
                }
            case "M":
                if has(i, "Mon") {
                    if has(i, "Monday") { return split(i, 6, .longWeekday) }
                    if !startsWithLowercase(i + 3) { return split(i, 3, .weekday) }
                }
                if has(i, "MST") { return split(i, 3, .zoneName) }
            case "0":
                if i + 1 < chars.count, let digit = chars[i + 1].wholeNumberValue, (1...6).contains(digit) {
                    let elements: [Element] = [.zeroMonth, .zeroDay, .zeroHour12, .zeroMinute, .zeroSecond, .year]
                    return split(i, 2, elements[digit - 1])
                }
                if has(i, "002") { return split(i, 3, .zeroYearDay) }
            case "1":
                if has(i, "15") { return split(i, 2, .hour) }
                return split(i, 1, .numMonth)
            case "2":
                if has(i, "2006") { return split(i, 4, .longYear) }
                return split(i, 1, .day)
            case "_":
                if has(i, "_2") {
                    if has(i + 1, "2006") {
                        return (Substring(String(chars[0...i])), .longYear, Substring(String(chars[(i + 5)...])))
                    }
                    return split(i, 2, .underDay)
                }
                if has(i, "__2") { return split(i, 3, .underYearDay) }
            case "3": return split(i, 1, .hour12)
            case "4": return split(i, 1, .minute)
            case "5": return split(i, 1, .second)
            case "P":
                if has(i, "PM") { return split(i, 2, .pm) }
            case "p":
                if has(i, "pm") { return split(i, 2, .lowerPM) }
            case "-":
                for pattern in ["-070000", "-07:00:00", "-0700", "-07:00", "-07"] where has(i, pattern) {
                    return split(i, pattern.count, .numericZone(pattern))
                }
            case "Z":
                for pattern in ["Z070000", "Z07:00:00", "Z0700", "Z07:00", "Z07"] where has(i, pattern) {
                    return split(i, pattern.count, .iso8601(pattern))
                }
            case ".", ",":
                if i + 1 < chars.count, chars[i + 1] == "0" || chars[i + 1] == "9" {
                    let digit = chars[i + 1]
                    var j = i + 1
                    while j < chars.count, chars[j] == digit { j += 1 }
                    if !(j < chars.count && chars[j].isASCII && chars[j].isNumber) {
                        let element = Element.fraction(separator: chars[i], digits: j - i - 1, trimZeros: digit == "9")
                        return split(i, j - i, element)
                    }
                }
            default:
                break
            }
            i += 1
        }
        return nil
    }
}
