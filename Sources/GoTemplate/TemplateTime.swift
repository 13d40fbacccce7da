/// A Go `time.Time` (or `*time.Time`) for templates: prints with `String()`, and has the methods
/// templates call: `Format`, `Add`, `Sub`, `Unix`, `UnixMilli`, `UnixNano`, `UTC`, `Local`,
/// `Year`, `Month`, `Day`, `Hour`, `Minute`, `Second`, `Nanosecond`, `YearDay`, `Weekday`,
/// `IsZero`, `Before`, `After`, `Equal`, `String`.
public struct TemplateTime: TemplateObject {
    public var time: GoTime
    public var isPointer: Bool

    public init(_ time: GoTime, isPointer: Bool = false) {
        self.time = time
        self.isPointer = isPointer
    }

    public var typeName: String { isPointer ? "*time.Time" : "time.Time" }
    public var stringerValue: String? { time.description }

    public func isEqual(to other: any TemplateObject) -> Bool? {
        guard let other = other as? TemplateTime else { return false }
        return other.time == time && other.isPointer == isPointer
    }

    /// The Go type `time.Time` as a parameter (a `*time.Time` argument is dereferenced).
    public static let parameterType = TemplateType.named("time.Time", nilable: false)

    public func method(_ name: String) -> TemplateFunc? {
        let time = self.time
        let int = { (value: Int64) in TemplateFunc { _ in .int(value) } }
        switch name {
        case "Format":
            return TemplateFunc(parameters: [.string]) { args in .string(time.format(args[0].stringValue ?? "")) }
        case "String": return TemplateFunc { _ in .string(time.description) }
        case "Add":
            return TemplateFunc(parameters: [TemplateDuration.parameterType]) { args in
                .object(TemplateTime(time.adding(TemplateDuration.duration(args[0]))))
            }
        case "Sub":
            return TemplateFunc(parameters: [Self.parameterType]) { args in
                .object(TemplateDuration(time.since(Self.time(args[0]))))
            }
        case "Before":
            return TemplateFunc(parameters: [Self.parameterType]) { args in .bool(time < Self.time(args[0])) }
        case "After":
            return TemplateFunc(parameters: [Self.parameterType]) { args in .bool(time > Self.time(args[0])) }
        case "Equal":
            return TemplateFunc(parameters: [Self.parameterType]) { args in .bool(time == Self.time(args[0])) }
        case "UTC", "Local": return TemplateFunc { _ in .object(TemplateTime(time)) }
        case "Unix": return int(time.seconds)
        case "UnixMilli": return int(time.unixMilliseconds)
        case "UnixMicro": return int(time.seconds &* 1_000_000 &+ Int64(time.nanoseconds / 1000))
        case "UnixNano": return int(time.unixNanoseconds)
        case "Year": return int(time.fields.year)
        case "Month": return TemplateFunc { _ in .object(TemplateCalendarName.month(time.fields.month)) }
        case "Day": return int(Int64(time.fields.day))
        case "Hour": return int(Int64(time.fields.hour))
        case "Minute": return int(Int64(time.fields.minute))
        case "Second": return int(Int64(time.fields.second))
        case "Nanosecond": return int(Int64(time.nanoseconds))
        case "YearDay": return int(Int64(time.fields.yearDay))
        case "Weekday": return TemplateFunc { _ in .object(TemplateCalendarName.weekday(time.fields.weekday)) }
        case "IsZero": return TemplateFunc { _ in .bool(time == GoTime(seconds: -62_135_596_800)) }
        default: return nil
        }
    }

    /// The time in a `time.Time` or `*time.Time` argument.
    static func time(_ value: TemplateValue) -> GoTime {
        if case .object(let object) = value, let time = object as? TemplateTime { return time.time }
        return GoTime(seconds: -62_135_596_800)
    }
}

/// `time.Month` and `time.Weekday`: print as their English names.
struct TemplateCalendarName: TemplateObject {
    let typeName: String
    let number: Int
    let name: String

    static func month(_ month: Int) -> TemplateCalendarName {
        TemplateCalendarName(typeName: "time.Month", number: month, name: GoTime.monthNames[month - 1])
    }

    static func weekday(_ day: Int) -> TemplateCalendarName {
        TemplateCalendarName(typeName: "time.Weekday", number: day, name: GoTime.weekdayNames[day])
    }

    var stringerValue: String? { name }

    func isEqual(to other: any TemplateObject) -> Bool? {
        guard let other = other as? TemplateCalendarName else { return false }
        return other.typeName == typeName && other.number == number
    }
}
