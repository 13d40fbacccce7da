import ArgusConfig
import ArgusCore

/// An `inhibit_rules` entry (upstream `config.InhibitRule`): while an alert matching the source
/// matchers fires, alerts matching the target matchers with the same `equal` labels are muted.
public struct InhibitRuleConfig: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "inhibit_rule"

    /// Deprecated `source_match`.
    public var sourceMatch: [String: String] = [:]
    /// Deprecated `source_match_re`.
    public var sourceMatchRE: [String: String] = [:]
    /// `source_matchers`, parsed and sorted.
    public var sourceMatchers: [Matcher] = []
    /// Deprecated `target_match`.
    public var targetMatch: [String: String] = [:]
    /// Deprecated `target_match_re`.
    public var targetMatchRE: [String: String] = [:]
    /// `target_matchers`, parsed and sorted.
    public var targetMatchers: [Matcher] = []
    /// Label names whose values must be equal in source and target.
    public var equal: [String] = []

    public init() {}

    /// All source conditions (legacy and new), sorted.
    public var effectiveSourceMatchers: [Matcher] {
        .combining(match: sourceMatch, matchRE: sourceMatchRE, matchers: sourceMatchers)
    }

    /// All target conditions (legacy and new), sorted.
    public var effectiveTargetMatchers: [Matcher] {
        .combining(match: targetMatch, matchRE: targetMatchRE, matchers: targetMatchers)
    }

    enum CodingKeys: String, CodingKey {
        case sourceMatch = "source_match", sourceMatchRE = "source_match_re", sourceMatchers = "source_matchers"
        case targetMatch = "target_match", targetMatchRE = "target_match_re", targetMatchers = "target_matchers"
        case equal
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sourceMatch = try container.decodeLabelMap(.sourceMatch)
        sourceMatchRE = try container.decodeRegexMap(.sourceMatchRE)
        sourceMatchers = try container.decodeMatchers(.sourceMatchers)
        targetMatch = try container.decodeLabelMap(.targetMatch)
        targetMatchRE = try container.decodeRegexMap(.targetMatchRE)
        targetMatchers = try container.decodeMatchers(.targetMatchers)
        equal = try container.decode(.equal, default: [])
        for (index, name) in equal.enumerated() where !LabelName.isLegacyLabelName(name) {
            throw ConfigValidationError(
                "\(GoString.quote(name)) is not a valid label name", at: [.key("equal"), .index(index)])
        }
    }
}
