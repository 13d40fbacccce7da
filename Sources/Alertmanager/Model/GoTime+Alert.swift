import ArgusCore
import GoTemplate

extension GoTime {
    /// Go's zero `time.Time` (0001-01-01T00:00:00Z): "not set" for an
    /// alert's end and for timestamps left out of a payload.
    public static let zero = GoTime(seconds: -62_135_596_800)

    /// Whether this is Go's zero time.
    public var isZero: Bool { self == .zero }

    /// The current wall-clock time.
    public static func now() -> GoTime {
        let now = Timestamp.nowWithNanoseconds()
        return GoTime(seconds: now.seconds, nanoseconds: now.nanoseconds)
    }

    /// RFC 3339 with nanoseconds and trailing zeros dropped, as Go's
    /// `time.Time` marshals to JSON (`2023-01-02T15:04:05.123Z`).
    public var rfc3339Nano: String { format("2006-01-02T15:04:05.999999999Z07:00") }

    /// RFC 3339 with exactly three fractional digits, as Alertmanager's API v2
    /// (go-openapi `strfmt.DateTime`) writes times.
    public var rfc3339Milli: String { format("2006-01-02T15:04:05.000Z07:00") }
}
