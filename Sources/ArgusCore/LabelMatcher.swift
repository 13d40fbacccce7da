/// A condition on one label of a series: `name="v"`, `name!="v"`,
/// `name=~"re"` or `name!~"re"`.
///
/// Regular expressions use RE2 syntax and are fully anchored, as in
/// Prometheus. A series without the label is treated as having the empty
/// value, so `job=~".*"` matches every series and `job=""` matches series
/// without `job`.
public struct LabelMatcher: Hashable, Sendable, CustomStringConvertible {
    /// The operator of a matcher.
    public enum MatchType: String, Hashable, Sendable, CaseIterable {
        case equal = "="
        case notEqual = "!="
        case regexMatch = "=~"
        case regexNoMatch = "!~"
    }

    public let type: MatchType
    public let name: String
    public let value: String
    private let regex: RE2?

    /// Builds a matcher; throws when `value` is not a valid RE2 expression
    /// for a regex matcher.
    public init(_ type: MatchType, _ name: String, _ value: String) throws(ArgusError) {
        self.type = type
        self.name = name
        self.value = value
        switch type {
        case .equal, .notEqual:
            regex = nil
        case .regexMatch, .regexNoMatch:
            // Like Prometheus, `.` also matches a newline in label matchers.
            regex = try RE2(value, options: .dotMatchesNewline)
        }
    }

    /// Builds an equality matcher, which cannot fail.
    public static func equal(_ name: String, _ value: String) -> LabelMatcher {
        LabelMatcher(uncheckedType: .equal, name: name, value: value)
    }

    /// Builds an inequality matcher, which cannot fail.
    public static func notEqual(_ name: String, _ value: String) -> LabelMatcher {
        LabelMatcher(uncheckedType: .notEqual, name: name, value: value)
    }

    private init(uncheckedType: MatchType, name: String, value: String) {
        self.type = uncheckedType
        self.name = name
        self.value = value
        self.regex = nil
    }

    /// Whether a label value (empty for a missing label) satisfies the matcher.
    @inlinable
    public func matches(_ candidate: String) -> Bool {
        switch type {
        case .equal: return candidate.utf8Equal(value)
        case .notEqual: return !candidate.utf8Equal(value)
        case .regexMatch: return regexMatches(candidate)
        case .regexNoMatch: return !regexMatches(candidate)
        }
    }

    @usableFromInline
    func regexMatches(_ candidate: String) -> Bool {
        guard let regex else { return false }
        return regex.matchesWhole(candidate)
    }

    /// Whether the matcher selects series that lack the label entirely.
    public var matchesEmpty: Bool { matches("") }

    /// The label values this matcher can only match, when that set is small and
    /// known (`=` and `=~"a|b|c"`): index lookups use it instead of a scan.
    public var setMatches: [String]? {
        switch type {
        case .equal: return [value]
        case .regexMatch:
            guard let regex else { return nil }
            switch regex.fastPath {
            case .literal(let literal): return [literal]
            case .alternation(let set): return set.sorted { $0.utf8Less($1) }
            default: return nil
            }
        case .notEqual, .regexNoMatch: return nil
        }
    }

    /// The literal prefix every matching value must start with, if any.
    public var prefix: String? {
        guard type == .regexMatch, let regex else { return nil }
        if case .prefix(let prefix) = regex.fastPath { return prefix }
        return nil
    }

    /// `name="value"` with the value quoted as Prometheus prints it; names
    /// that are not classic label names are quoted too.
    public var description: String {
        let printedName = LabelName.isLegacyLabelName(name) ? name : GoString.quote(name)
        return printedName + type.rawValue + GoString.quote(value)
    }

    public static func == (lhs: LabelMatcher, rhs: LabelMatcher) -> Bool {
        lhs.type == rhs.type && lhs.name.utf8Equal(rhs.name) && lhs.value.utf8Equal(rhs.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(type)
        hasher.combine(bytes: name)
        hasher.combine(bytes: value)
    }
}

extension Labels {
    /// Whether this series satisfies every matcher.
    public func matches(_ matchers: [LabelMatcher]) -> Bool {
        for matcher in matchers where !matcher.matches(self[matcher.name] ?? "") {
            return false
        }
        return true
    }
}
