import GoTemplate

/// One alert as templates see it (Alertmanager's `template.Alert`).
public struct TemplateAlert: Sendable, Hashable {
    /// The status of a firing alert.
    public static let firing = "firing"
    /// The status of a resolved alert.
    public static let resolved = "resolved"

    /// `firing` or `resolved`.
    public var status: String
    public var labels: TemplateKV
    public var annotations: TemplateKV
    public var startsAt: GoTime
    /// Go's zero time while the alert has no known end.
    public var endsAt: GoTime
    public var generatorURL: String
    /// The label set's fingerprint as 16 hex digits.
    public var fingerprint: String

    /// The alert `alert`, its status judged at `now`; a future end time
    /// (such as one set from `resolve_timeout`) shows as Go's zero time.
    public init(_ alert: Alert, now: GoTime) {
        let resolved = alert.resolved(at: now)
        status = resolved ? Self.resolved : Self.firing
        labels = TemplateKV(alert.labels)
        annotations = TemplateKV(alert.annotations)
        startsAt = alert.startsAt
        // Alertmanager hides an end time that is still in the future.
        endsAt = resolved ? alert.endsAt : .zero
        generatorURL = alert.generatorURL
        fingerprint = alert.fingerprint.description
    }
}

extension TemplateAlert: TemplateObject {
    public var typeName: String { "template.Alert" }

    public func field(_ name: String) -> TemplateValue? {
        switch name {
        case "Status": return .string(status)
        case "Labels": return .object(labels)
        case "Annotations": return .object(annotations)
        case "StartsAt": return .object(TemplateTime(startsAt))
        case "EndsAt": return .object(TemplateTime(endsAt))
        case "GeneratorURL": return .string(generatorURL)
        case "Fingerprint": return .string(fingerprint)
        default: return nil
        }
    }

    public var printedFields: [(name: String, value: TemplateValue)] {
        ["Status", "Labels", "Annotations", "StartsAt", "EndsAt", "GeneratorURL", "Fingerprint"].map {
            ($0, field($0) ?? .nil)
        }
    }
}
