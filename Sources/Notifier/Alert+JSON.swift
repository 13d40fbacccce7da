import ArgusCore
import ArgusHTTP

extension Alert {
    /// Go's zero `time.Time` (0001-01-01T00:00:00Z) in milliseconds since the
    /// epoch: what Prometheus sends for an alert without an end.
    static let goZeroTime: Int64 = -62_135_596_800_000

    /// The body of `POST /api/v2/alerts`: a JSON array of postable alerts,
    /// byte for byte as Prometheus writes it with Alertmanager's OpenAPI
    /// models.
    ///
    /// Each object holds, in this order: `annotations` (left out when there
    /// are none), `endsAt` and `startsAt` (always present, RFC 3339 in UTC
    /// with milliseconds; a missing end is Go's zero time
    /// `0001-01-01T00:00:00.000Z`), `generatorURL` (left out when empty) and
    /// `labels` (always present). Label sets are objects with their names in
    /// byte order; strings are escaped as Go's `encoding/json` does.
    public static func apiV2Payload(_ alerts: [Alert]) -> [UInt8] {
        var json = JSONWriter(capacity: 256 * max(1, alerts.count))
        json.byte(UInt8(ascii: "["))
        for (index, alert) in alerts.enumerated() {
            if index > 0 { json.byte(UInt8(ascii: ",")) }
            json.byte(UInt8(ascii: "{"))
            if !alert.annotations.isEmpty {
                json.key("annotations")
                json.labels(alert.annotations)
                json.byte(UInt8(ascii: ","))
            }
            json.key("endsAt")
            json.string(rfc3339Milliseconds(alert.endsAt ?? goZeroTime))
            json.byte(UInt8(ascii: ","))
            json.key("startsAt")
            json.string(rfc3339Milliseconds(alert.startsAt))
            json.byte(UInt8(ascii: ","))
            if !alert.generatorURL.isEmpty {
                json.key("generatorURL")
                json.string(alert.generatorURL)
                json.byte(UInt8(ascii: ","))
            }
            json.key("labels")
            json.labels(alert.labels)
            json.byte(UInt8(ascii: "}"))
        }
        json.byte(UInt8(ascii: "]"))
        return json.bytes
    }

    /// `2006-01-02T15:04:05.000Z`: RFC 3339 in UTC that always carries three
    /// fraction digits (go-openapi's `strfmt.DateTime` format).
    static func rfc3339Milliseconds(_ milliseconds: Int64) -> String {
        let text = Timestamp.formatRFC3339(milliseconds)
        // formatRFC3339 leaves out a zero fraction.
        guard !text.contains(".") else { return text }
        return String(text.dropLast()) + ".000Z"
    }
}
