/// Go's `time.Duration.String()` for whole milliseconds: `1h0m0s`, `1m30s`, `0s`, `500ms`.
enum GoDuration {
    static func format(milliseconds: Int64) -> String {
        if milliseconds == 0 { return "0s" }
        let sign = milliseconds < 0 ? "-" : ""
        let magnitude = milliseconds.magnitude
        if magnitude < 1000 { return "\(sign)\(magnitude)ms" }
        let hours = magnitude / 3_600_000
        let minutes = magnitude / 60_000 % 60
        let millis = magnitude % 60_000
        var seconds = "\(millis / 1000)"
        if millis % 1000 != 0 {
            var fraction = String(millis % 1000)
            fraction = String(repeating: "0", count: 3 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            seconds += "." + fraction
        }
        if hours > 0 { return "\(sign)\(hours)h\(minutes)m\(seconds)s" }
        if minutes > 0 { return "\(sign)\(minutes)m\(seconds)s" }
        return "\(sign)\(seconds)s"
    }
}
