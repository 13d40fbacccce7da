/// The exposition formats Argus reads and writes.
public enum ExpositionFormat: String, Hashable, Sendable, CaseIterable {
    /// The Prometheus text format, version 0.0.4.
    case text
    /// OpenMetrics 1.0 text.
    case openMetrics

    /// The `Content-Type` a response in this format carries.
    public var contentType: String {
        switch self {
        case .text: return "text/plain; version=0.0.4; charset=utf-8"
        case .openMetrics: return "application/openmetrics-text; version=1.0.0; charset=utf-8"
        }
    }

    /// The `Accept` header a scraper sends: OpenMetrics preferred, then the text format.
    public static let scrapeAcceptHeader =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
        + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1"

    /// The format of a scrape response with this `Content-Type`. Anything
    /// that is not OpenMetrics is read as the text format, as Prometheus does.
    public init(contentType: String?) {
        let mediaType = contentType?.split(separator: ";").first?.trimmingSpaces.lowercased() ?? ""
        self = mediaType == "application/openmetrics-text" ? .openMetrics : .text
    }

    /// Chooses the format to answer a request with `Accept` header `accept`:
    /// OpenMetrics when the client ranks it at least as high as the text
    /// format (and with a non-zero q), the text format otherwise.
    public static func negotiate(accept: String?) -> ExpositionFormat {
        guard let accept, !accept.isEmpty else { return .text }
        var openMetricsQ = -1.0
        var textQ = -1.0
        for range in accept.split(separator: ",") {
            let parts = range.split(separator: ";").map { $0.trimmingSpaces }
            guard let mediaType = parts.first?.lowercased() else { continue }
            var q = 1.0
            var version: String?
            for parameter in parts.dropFirst() {
                let kv = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingSpaces }
                guard kv.count == 2 else { continue }
                switch kv[0].lowercased() {
                case "q": q = Double(kv[1]) ?? 0
                case "version": version = kv[1]
                default: break
                }
            }
            switch mediaType {
            case "application/openmetrics-text":
                if version == nil || version == "1.0.0" || version == "0.0.1" { openMetricsQ = max(openMetricsQ, q) }
            case "text/plain", "*/*", "text/*":
                textQ = max(textQ, q)
            default:
                break
            }
        }
        return openMetricsQ > 0 && openMetricsQ >= textQ ? .openMetrics : .text
    }
}

extension Substring {
    var trimmingSpaces: String {
        var s = self
        while let first = s.first, first == " " || first == "\t" { s = s.dropFirst() }
        while let last = s.last, last == " " || last == "\t" { s = s.dropLast() }
        return String(s)
    }
}
