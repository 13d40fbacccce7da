/// A Go `time.Duration` (or `*time.Duration`): prints with `String()` (`30m0s`) and has the
/// methods `String`, `Seconds`, `Minutes`, `Hours`, `Milliseconds`, `Microseconds`,
/// `Nanoseconds`, `Round`, `Truncate`, `Abs`.
public struct TemplateDuration: TemplateObject {
    public var duration: GoDuration
    public var isPointer: Bool

    public init(_ duration: GoDuration, isPointer: Bool = false) {
        self.duration = duration
        self.isPointer = isPointer
    }

    public var typeName: String { isPointer ? "*time.Duration" : "time.Duration" }
    public var stringerValue: String? { duration.description }

    public func isEqual(to other: any TemplateObject) -> Bool? {
        guard let other = other as? TemplateDuration else { return false }
        return other.duration == duration && other.isPointer == isPointer
    }

    /// The Go type `time.Duration` as a parameter (a `*time.Duration` argument is dereferenced).
    public static let parameterType = TemplateType.named("time.Duration", nilable: false)

    public func method(_ name: String) -> TemplateFunc? {
        let duration = self.duration
        let nanos = duration.nanoseconds
        switch name {
        case "String": return TemplateFunc { _ in .string(duration.description) }
        case "Seconds": return TemplateFunc { _ in .float(duration.seconds) }
        case "Minutes":
            return TemplateFunc { _ in .float(Double(nanos / 60_000_000_000) + Double(nanos % 60_000_000_000) / 6e10) }
        case "Hours":
            return TemplateFunc { _ in
                .float(Double(nanos / 3_600_000_000_000) + Double(nanos % 3_600_000_000_000) / 3.6e12)
            }
        case "Milliseconds": return TemplateFunc { _ in .int(nanos / 1_000_000) }
        case "Microseconds": return TemplateFunc { _ in .int(nanos / 1000) }
        case "Nanoseconds": return TemplateFunc { _ in .int(nanos) }
        case "Abs":
            return TemplateFunc { _ in
                .object(TemplateDuration(GoDuration(nanoseconds: nanos == Int64.min ? Int64.max : abs(nanos))))
            }
        case "Truncate":
            return TemplateFunc(parameters: [Self.parameterType]) { args in
                let m = Self.duration(args[0]).nanoseconds
                return .object(TemplateDuration(GoDuration(nanoseconds: m <= 0 ? nanos : nanos - nanos % m)))
            }
        case "Round":
            return TemplateFunc(parameters: [Self.parameterType]) { args in
                .object(TemplateDuration(Self.round(duration, Self.duration(args[0]))))
            }
        default: return nil
        }
    }

    /// Go's `Duration.Round`: halfway values round away from zero, saturating.
    private static func round(_ d: GoDuration, _ m: GoDuration) -> GoDuration {
        let value = d.nanoseconds
        let unit = m.nanoseconds
        guard unit > 0 else { return d }
        var r = value % unit
        if value < 0 {
            r = -r
            if r + r < unit { return GoDuration(nanoseconds: value + r) }
            let (result, overflow) = value.subtractingReportingOverflow(unit - r)
            return GoDuration(nanoseconds: overflow ? Int64.min : result)
        }
        if r + r < unit { return GoDuration(nanoseconds: value - r) }
        let (result, overflow) = value.addingReportingOverflow(unit - r)
        return GoDuration(nanoseconds: overflow ? Int64.max : result)
    }

    /// The duration in a `time.Duration` or `*time.Duration` argument.
    static func duration(_ value: TemplateValue) -> GoDuration {
        if case .object(let object) = value, let duration = object as? TemplateDuration { return duration.duration }
        if case .int(let nanos) = value { return GoDuration(nanoseconds: nanos) }
        return GoDuration(nanoseconds: 0)
    }
}
