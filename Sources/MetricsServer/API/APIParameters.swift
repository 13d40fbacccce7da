import ArgusCore
import ArgusHTTP
import PromQL

/// Parsing of the API's time, duration, limit and matcher parameters,
/// with Prometheus' rules and error wording.
enum APIParameters {
    /// The start of an open time range (Prometheus' `MinTime`).
    static let minTime: Int64 = (Int64.min / 1000 + 62_135_596_801) * 1000
    /// The end of an open time range (Prometheus' `MaxTime`).
    static let maxTime: Int64 = (Int64.max / 1000 - 62_135_596_801) * 1000 + 999

    /// A time given as unix seconds (with fraction) or RFC 3339, in
    /// milliseconds.
    static func time(_ text: String) throws(APIError) -> Int64 {
        if let seconds = GoFloat.parse(text), seconds.isFinite {
            let whole = seconds.rounded(.towardZero)
            let fraction = ((seconds - whole) * 1000).rounded()
            if abs(whole) < 9.2e15 {
                return Int64(whole) * 1000 + Int64(fraction)
            }
        }
        if let ms = Timestamp.parseRFC3339(Array(text.utf8)) {
            return ms
        }
        switch text {
        case "-292273086-05-16T16:47:06Z": return minTime
        case "292277025-08-18T07:12:54.999999999Z": return maxTime
        default: break
        }
        throw APIError(.badData, "cannot parse \(GoString.quote(text)) to a valid timestamp")
    }

    /// An optional time parameter: `fallback` when absent or empty.
    static func time(_ form: FormParameters, _ name: String, default fallback: Int64) throws(APIError) -> Int64 {
        let text = form.value(name)
        if text.isEmpty { return fallback }
        do {
            return try time(text)
        } catch {
            throw APIError.invalidParameter(name, "invalid time value for '\(name)': \(error.message)")
        }
    }

    /// A duration given as float seconds or in Prometheus' duration syntax,
    /// in milliseconds.
    static func duration(_ text: String) throws(APIError) -> Int64 {
        if let seconds = GoFloat.parse(text) {
            let ms = seconds * 1000
            guard ms.isFinite, abs(ms) < 9.2e15 else {
                throw APIError(.badData, "cannot parse \(GoString.quote(text)) to a valid duration. It overflows int64")
            }
            return Int64(ms.rounded(.towardZero))
        }
        if let d = try? PromDuration(parsing: text) {
            return d.milliseconds
        }
        throw APIError(.badData, "cannot parse \(GoString.quote(text)) to a valid duration")
    }

    /// Go's `strconv.ParseBool`: nil for anything but its twelve spellings.
    static func goBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": return true
        case "0", "f", "F", "FALSE", "false", "False": return false
        default: return nil
        }
    }

    /// `limit`: 0 (no limit) when absent; negative or non-numeric is an error.
    static func limit(_ form: FormParameters) throws(APIError) -> Int {
        let text = form.value("limit")
        if text.isEmpty { return 0 }
        guard let n = Int(text) else {
            throw APIError.invalidParameter("limit", "cannot parse \(GoString.quote(text)) to a valid limit")
        }
        guard n >= 0 else {
            throw APIError.invalidParameter("limit", "limit must be non-negative")
        }
        return n
    }

    /// The `match[]` selectors; each needs one matcher that rejects "".
    static func matcherSets(_ selectors: [String]) throws(APIError) -> [[LabelMatcher]] {
        let sets: [[LabelMatcher]]
        do {
            sets = try PromQLParser.parseMetricSelectors(selectors)
        } catch {
            throw APIError(.badData, error.description)
        }
        if sets.contains(where: { $0.allSatisfy { $0.matches("") } }) {
            throw APIError(.badData, "match[] must contain at least one non-empty matcher")
        }
        return sets
    }
}
