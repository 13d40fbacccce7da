import ArgusCore

/// One condition of a route, inhibition rule, silence or API filter:
/// `name="v"`, `name!="v"`, `name=~"re"` or `name!~"re"`.
///
/// Unlike PromQL's matchers, Alertmanager compiles regexes as `^(?:re)$`
/// without the `s` flag, so `.` does not match a newline; a missing label
/// has the empty value.
public struct Matcher: Hashable, Sendable, CustomStringConvertible {
    public enum MatchType: String, Hashable, Sendable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case regexMatch = "=~"
        case regexNoMatch = "!~"

        public var isRegex: Bool { self == .regexMatch || self == .regexNoMatch }
        public var isNegative: Bool { self == .notEqual || self == .regexNoMatch }
    }

    public let type: MatchType
    public let name: String
    public let value: String
    private let regex: RE2?

    /// Builds a matcher; throws when a regex value is not valid RE2.
    public init(_ type: MatchType, _ name: String, _ value: String) throws(ArgusError) {
        self.type = type
        self.name = name
        self.value = value
        // Anchored as Alertmanager compiles it, so errors quote the same pattern.
        regex = type.isRegex ? try RE2("^(?:" + value + ")$") : nil
    }

    /// Whether a label value (empty for a missing label) satisfies the matcher.
    public func matches(_ candidate: String) -> Bool {
        switch type {
        case .equal: return candidate == value
        case .notEqual: return candidate != value
        case .regexMatch: return regex?.matchesWhole(candidate) ?? false
        case .regexNoMatch: return !(regex?.matchesWhole(candidate) ?? false)
        }
    }

    /// Whether the label set satisfies the matcher.
    public func matches(_ labels: Labels) -> Bool { matches(labels[name] ?? "") }

    /// `name="value"` with OpenMetrics escaping, as Alertmanager prints matchers.
    public var description: String {
        var escaped = ""
        for character in value.unicodeScalars {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.unicodeScalars.append(character)
            }
        }
        return name + type.rawValue + "\"" + escaped + "\""
    }

    public static func == (lhs: Matcher, rhs: Matcher) -> Bool {
        lhs.type == rhs.type && lhs.name == rhs.name && lhs.value == rhs.value
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(name)
        hasher.combine(value)
    }
}

extension Array where Element == Matcher {
    /// Whether every matcher is satisfied (true for an empty list).
    public func matches(_ labels: Labels) -> Bool {
        allSatisfy { $0.matches(labels) }
    }
}
