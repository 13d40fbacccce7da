import ArgusConfig
import ArgusCore

extension KeyedDecodingContainer {
    /// The value of `key`, or `fallback` when the key is absent or null.
    func decode<T: Decodable>(_ key: Key, default fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback
    }

    /// A `name: value` map whose names must be classic label names (`match`, `source_match`, …).
    func decodeLabelMap(_ key: Key) throws -> [String: String] {
        let map = try decode(key, default: [String: String]())
        for name in map.keys.sorted() where !LabelName.isLegacyLabelName(name) {
            throw ConfigValidationError("invalid label name \(GoString.quote(name))", field: key.stringValue)
        }
        return map
    }

    /// A `name: regex` map (`match_re`, …): names must be classic label names, regexes must compile.
    func decodeRegexMap(_ key: Key) throws -> [String: String] {
        let map = try decodeLabelMap(key)
        for (name, value) in map.sorted(by: { $0.key < $1.key }) {
            do {
                _ = try RE2("^(?:" + value + ")$")
            } catch {
                throw ConfigValidationError(error.message, at: [.key(key.stringValue), .key(name)])
            }
        }
        return map
    }

    /// A list of matcher strings (`matchers`, `source_matchers`, …), each parsed with
    /// Alertmanager's matcher syntax, then sorted as upstream sorts them.
    func decodeMatchers(_ key: Key) throws -> [Matcher] {
        let lines = try decode(key, default: [String]())
        var matchers: [Matcher] = []
        for (index, line) in lines.enumerated() {
            do {
                matchers += try Matcher.parseList(line)
            } catch {
                throw ConfigValidationError(error.message, at: [.key(key.stringValue), .index(index)])
            }
        }
        return matchers.sortedAsUpstream()
    }
}

extension Array where Element == Matcher {
    /// Sorted by name, then value, then operator (`=`, `!=`, `=~`, `!~`), as Alertmanager's
    /// `labels.Matchers` sorts.
    func sortedAsUpstream() -> [Matcher] {
        let order: [Matcher.MatchType: Int] = [.equal: 0, .notEqual: 1, .regexMatch: 2, .regexNoMatch: 3]
        return sorted { lhs, rhs in
            if lhs.name != rhs.name { return lhs.name < rhs.name }
            if lhs.value != rhs.value { return lhs.value < rhs.value }
            return order[lhs.type, default: 0] < order[rhs.type, default: 0]
        }
    }

    /// Legacy `match` and `match_re` maps followed by new-style matchers, sorted: what a route or
    /// inhibition rule actually matches with.
    static func combining(match: [String: String], matchRE: [String: String], matchers: [Matcher]) -> [Matcher] {
        var result: [Matcher] = []
        for (name, value) in match {
            if let matcher = try? Matcher(.equal, name, value) { result.append(matcher) }
        }
        for (name, value) in matchRE {
            // Upstream passes the compiled, anchored pattern on, so keys and listings show it.
            if let matcher = try? Matcher(.regexMatch, name, "^(?:" + value + ")$") { result.append(matcher) }
        }
        return (result + matchers).sortedAsUpstream()
    }
}
