import ArgusCore
import ArgusHTTP
import Foundation
import GoTemplate

/// Silences in Alertmanager 0.25's API v2: `gettableSilence` out, byte for
/// byte as go-swagger writes it, and `postableSilence` in, with the same
/// statuses and messages for bad requests.
extension Silence {
    // MARK: Gettable

    /// Appends the `gettableSilence` object: `id`, `status`, `updatedAt`,
    /// then the `silence` fields alphabetically, times as RFC 3339 with
    /// milliseconds, and the state at `now`.
    public func writeGettable(to writer: inout JSONWriter, at now: GoTime) {
        writer.raw("{\"id\":")
        writer.string(id)
        writer.raw(",\"status\":{\"state\":")
        writer.string(state(at: now).rawValue)
        writer.raw("},\"updatedAt\":")
        writer.string(updatedAt.rfc3339Milli)
        writer.raw(",\"comment\":")
        writer.string(comment)
        writer.raw(",\"createdBy\":")
        writer.string(createdBy)
        writer.raw(",\"endsAt\":")
        writer.string(endsAt.rfc3339Milli)
        writer.raw(",\"matchers\":[")
        for (index, matcher) in matchers.enumerated() {
            if index > 0 { writer.byte(UInt8(ascii: ",")) }
            writer.raw("{\"isEqual\":")
            writer.bool(!matcher.type.isNegative)
            writer.raw(",\"isRegex\":")
            writer.bool(matcher.type.isRegex)
            writer.raw(",\"name\":")
            writer.string(matcher.name)
            writer.raw(",\"value\":")
            writer.string(matcher.value)
            writer.byte(UInt8(ascii: "}"))
        }
        writer.raw("],\"startsAt\":")
        writer.string(startsAt.rfc3339Milli)
        writer.byte(UInt8(ascii: "}"))
    }

    /// The body of `GET /api/v2/silence/{id}`, newline included.
    public func gettableJSON(at now: GoTime) -> [UInt8] {
        var writer = JSONWriter(capacity: 512)
        writeGettable(to: &writer, at: now)
        writer.byte(UInt8(ascii: "\n"))
        return writer.bytes
    }

    /// The body of `GET /api/v2/silences` for `silences` in the given
    /// order (see ``Swift/Sequence/sortedForAPI(at:)``), newline included.
    public static func gettableListJSON(_ silences: some Sequence<Silence>, at now: GoTime) -> [UInt8] {
        var writer = JSONWriter(capacity: 4096)
        writer.byte(UInt8(ascii: "["))
        for (index, silence) in silences.enumerated() {
            if index > 0 { writer.byte(UInt8(ascii: ",")) }
            silence.writeGettable(to: &writer, at: now)
        }
        writer.raw("]\n")
        return writer.bytes
    }

    /// The body of a successful `POST /api/v2/silences`.
    public static func postResponseJSON(silenceID: String) -> [UInt8] {
        var writer = JSONWriter()
        writer.raw("{\"silenceID\":")
        writer.string(silenceID)
        writer.raw("}\n")
        return writer.bytes
    }

    /// Whether, for every filter matcher, the silence has a matcher with
    /// the same name, type and value, as `GET /api/v2/silences?filter=`
    /// selects silences.
    public func hasMatchers(_ filter: [Matcher]) -> Bool {
        filter.allSatisfy { wanted in matchers.contains(wanted) }
    }

    /// Whether `id` is a UUID as go-openapi checks the `{silenceID}` path
    /// segment (hyphens optional, any case).
    public static func isValidAPIID(_ id: String) -> Bool {
        let bytes = Array(id.utf8)
        let isHex = { (byte: UInt8) in
            (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte | 0x20)
        }
        if bytes.count == 32 { return bytes.allSatisfy(isHex) }
        var index = 0
        for (position, group) in [8, 4, 4, 4, 12].enumerated() {
            if position > 0, index < bytes.count, bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index + group <= bytes.count, bytes[index..<(index + group)].allSatisfy(isHex) else { return false }
            index += group
        }
        return index == bytes.count
    }

    // MARK: Postable

    /// Reads the body of `POST /api/v2/silences` and applies the checks
    /// 0.25 makes before storing: OpenAPI validation (422), start before
    /// end and end not past `now` (400). The result has an empty `id` for
    /// a new silence; pass it to ``Silences/set(_:)`` and answer its
    /// errors with ``SilenceAPIError/init(_:)``.
    public static func decodePostable(_ body: [UInt8], now: GoTime) throws(SilenceAPIError) -> Silence {
        let value = try parseBody(body)
        let fields: [String: RequestJSON]
        switch value {
        case .null: fields = [:]
        case .object(let object): fields = object
        default:
            throw bodyError(
                "json: cannot unmarshal \(value.kind) into Go value of type struct { ID string \"json:\\\"id,omitempty\\\"\" }"
            )
        }
        // encoding/json goes on after a type mismatch and reports the first
        // one, but stops at once on a time it cannot read.
        var typeError: String?
        func mismatch(_ value: RequestJSON, _ field: String, _ type: String) {
            if typeError == nil {
                typeError = "json: cannot unmarshal \(value.kind) into Go struct field \(field) of type \(type)"
            }
        }
        func string(_ key: String, _ field: String) -> String? {
            switch fields[key] {
            case .none, .null: return nil
            case .string(let text): return text
            case .some(let other):
                mismatch(other, field, "string")
                return ""
            }
        }
        func time(_ key: String) throws(SilenceAPIError) -> GoTime? {
            switch fields[key] {
            case .none, .null: return nil
            case .string(let text):
                switch OpenAPIDateTime.parse(text) {
                case .success(let time): return time
                case .failure(let error): throw bodyError(error.message)
                }
            case .some(let other):
                mismatch(other, "Silence.\(key)", "string")
                return .zero
            }
        }
        let id = string("id", ".id") ?? ""
        let comment = string("comment", "Silence.comment")
        let createdBy = string("createdBy", "Silence.createdBy")
        let endsAt = try time("endsAt")
        var rawMatchers: [[String: RequestJSON]?]?
        switch fields["matchers"] {
        case .none, .null: rawMatchers = nil
        case .array(let elements):
            rawMatchers = elements.map { element in
                switch element {
                case .null: return nil
                case .object(let object): return object
                default:
                    mismatch(element, "Silence.matchers", "models.Matcher")
                    return [:]
                }
            }
        case .some(let other):
            mismatch(other, "Silence.matchers", "models.Matchers")
            rawMatchers = []
        }
        let startsAt = try time("startsAt")
        var specs: [(name: String?, value: String?, isRegex: Bool?, isEqual: Bool?)] = []
        for raw in rawMatchers ?? [] {
            func text(_ key: String) -> String? {
                switch raw?[key] {
                case .none, .null: return nil
                case .string(let text): return text
                case .some(let other):
                    mismatch(other, "Matcher.matchers.\(key)", "string")
                    return ""
                }
            }
            func flag(_ key: String) -> Bool? {
                switch raw?[key] {
                case .none, .null: return nil
                case .bool(let flag): return flag
                case .some(let other):
                    mismatch(other, "Matcher.matchers.\(key)", "bool")
                    return false
                }
            }
            specs.append((text("name"), text("value"), flag("isRegex"), flag("isEqual")))
        }
        if let typeError { throw bodyError(typeError) }

        func required(_ name: String) -> SilenceAPIError { .openAPI(422, code: 602, "\(name) in body is required") }
        guard let comment else { throw required("comment") }
        guard let createdBy else { throw required("createdBy") }
        guard let endsAt else { throw required("endsAt") }
        guard let rawMatchers else { throw required("matchers") }
        guard !rawMatchers.isEmpty else {
            throw .openAPI(422, code: 612, "matchers in body should have at least 1 items")
        }
        for (index, raw) in rawMatchers.enumerated() {
            guard raw != nil else { throw required("matchers.\(index)") }
            let spec = specs[index]
            if spec.isRegex == nil { throw required("matchers.\(index).isRegex") }
            if spec.name == nil { throw required("matchers.\(index).name") }
            if spec.value == nil { throw required("matchers.\(index).value") }
        }
        guard let startsAt else { throw required("startsAt") }

        // A bad regex is only reported by the silence store, after the time checks.
        var matchers: [Matcher] = []
        var matcherError: SilenceError?
        for (index, spec) in specs.enumerated() {
            let isRegex = spec.isRegex ?? false
            let isEqual = spec.isEqual ?? true
            let type: Matcher.MatchType =
                isRegex ? (isEqual ? .regexMatch : .regexNoMatch) : (isEqual ? .equal : .notEqual)
            let name = spec.name ?? ""
            let value = spec.value ?? ""
            do {
                matchers.append(try Matcher(type, name, value))
            } catch {
                if matcherError == nil {
                    let badName = specs[...index].firstIndex { !LabelName.isLegacyLabelName($0.name ?? "") }
                    if let badName {
                        matcherError = .invalid(
                            "invalid label matcher \(badName): invalid label name \(GoString.quote(specs[badName].name ?? ""))"
                        )
                    } else {
                        // Silences check the pattern as written, not anchored as matchers compile it.
                        var reason = error.message
                        do { _ = try RE2(value) } catch let plain { reason = plain.message }
                        matcherError = .invalid(
                            "invalid label matcher \(index): invalid regular expression \(GoString.quote(value)): \(reason)"
                        )
                    }
                }
            }
        }
        if !(startsAt < endsAt) {
            throw .payload(400, "Failed to create silence: start time must be before end time")
        }
        if endsAt < now { throw .payload(400, "Failed to create silence: end time can't be in the past") }
        if let matcherError { throw SilenceAPIError(matcherError) }
        return Silence(
            id: id, matchers: matchers, startsAt: startsAt, endsAt: endsAt, createdBy: createdBy, comment: comment)
    }

    private static func bodyError(_ reason: String) -> SilenceAPIError {
        .openAPI(400, code: 400, "parsing silence body from \"\" failed, because \(reason)")
    }

    /// The first JSON value of the body, or go-openapi's error for it.
    private static func parseBody(_ body: [UInt8]) throws(SilenceAPIError) -> RequestJSON {
        switch RequestJSON.parse(body) {
        case .success(let value): return value
        case .failure(.empty): throw .openAPI(422, code: 602, "silence in body is required")
        case .failure(.syntax(let reason)): throw bodyError(reason)
        }
    }
}

extension Sequence where Element == Silence {
    /// Silences in the order of `GET /api/v2/silences`: active ones ending
    /// soonest first, then pending ones starting soonest, then expired ones
    /// that ended most recently.
    public func sortedForAPI(at now: GoTime) -> [Silence] {
        let rank: [SilenceState: Int] = [.active: 0, .pending: 1, .expired: 2]
        return map { ($0, $0.state(at: now)) }
            .sorted { left, right in
                if left.1 != right.1 { return rank[left.1, default: 0] < rank[right.1, default: 0] }
                switch left.1 {
                case .active: return left.0.endsAt < right.0.endsAt
                case .pending: return left.0.startsAt < right.0.startsAt
                case .expired: return left.0.endsAt > right.0.endsAt
                }
            }
            .map(\.0)
    }
}
