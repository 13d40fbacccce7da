import ArgusConfig
import ArgusCore

/// One node of the `route` tree as written in alertmanager.yml (upstream `config.Route`).
/// Unset timing fields are nil here; ``Route`` fills them from the parent.
public struct RouteConfig: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "route"

    /// The receiver, or empty to inherit the parent's.
    public var receiver = ""
    /// `group_by` as written, `...` included; nil when absent (inherit).
    public var groupByStrings: [String]?
    /// The label names of `group_by` without `...`.
    public var groupBy: [String] = []
    /// Whether `group_by` is `['...']`: every label groups.
    public var groupByAll = false
    /// Deprecated `match`: label name to exact value.
    public var match: [String: String] = [:]
    /// Deprecated `match_re`: label name to regex (anchored when used).
    public var matchRE: [String: String] = [:]
    /// `matchers`, parsed and sorted.
    public var matchers: [Matcher] = []
    public var muteTimeIntervals: [String] = []
    public var activeTimeIntervals: [String] = []
    /// Whether matching goes on with the next sibling after this route matched.
    public var `continue` = false
    public var routes: [RouteConfig] = []
    public var groupWait: PromDuration?
    public var groupInterval: PromDuration?
    public var repeatInterval: PromDuration?

    public init(receiver: String = "") { self.receiver = receiver }

    /// `match`, `match_re` and `matchers` together, sorted: what the route matches with.
    public var effectiveMatchers: [Matcher] {
        .combining(match: match, matchRE: matchRE, matchers: matchers)
    }

    /// Whether any of `match`, `match_re`, `matchers` is set.
    public var hasMatchers: Bool { !match.isEmpty || !matchRE.isEmpty || !matchers.isEmpty }

    enum CodingKeys: String, CodingKey {
        case receiver, groupBy = "group_by", match, matchRE = "match_re", matchers
        case muteTimeIntervals = "mute_time_intervals", activeTimeIntervals = "active_time_intervals"
        case `continue`, routes, groupWait = "group_wait", groupInterval = "group_interval"
        case repeatInterval = "repeat_interval"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        receiver = try container.decode(.receiver, default: "")
        groupByStrings = try container.decodeIfPresent([String].self, forKey: .groupBy)
        match = try container.decodeLabelMap(.match)
        matchRE = try container.decodeRegexMap(.matchRE)
        matchers = try container.decodeMatchers(.matchers)
        muteTimeIntervals = try container.decode(.muteTimeIntervals, default: [])
        activeTimeIntervals = try container.decode(.activeTimeIntervals, default: [])
        `continue` = try container.decode(.continue, default: false)
        routes = try container.decode(.routes, default: [])
        groupWait = try container.decodeIfPresent(PromDuration.self, forKey: .groupWait)
        groupInterval = try container.decodeIfPresent(PromDuration.self, forKey: .groupInterval)
        repeatInterval = try container.decodeIfPresent(PromDuration.self, forKey: .repeatInterval)
        try validateGroupBy()
        if groupInterval?.milliseconds == 0 {
            throw ConfigValidationError("group_interval cannot be zero", field: "group_interval")
        }
        if repeatInterval?.milliseconds == 0 {
            throw ConfigValidationError("repeat_interval cannot be zero", field: "repeat_interval")
        }
    }

    private mutating func validateGroupBy() throws(ConfigValidationError) {
        for (index, name) in (groupByStrings ?? []).enumerated() {
            if name == "..." {
                groupByAll = true
            } else if LabelName.isLegacyLabelName(name) {
                groupBy.append(name)
            } else {
                throw ConfigValidationError(
                    "invalid label name \(GoString.quote(name)) in group_by list",
                    at: [.key("group_by"), .index(index)])
            }
        }
        if groupByAll && !groupBy.isEmpty {
            throw ConfigValidationError(
                "cannot have wildcard group_by (`...`) and other other labels at the same time", field: "group_by")
        }
        var seen = Set<String>()
        for name in groupBy where !seen.insert(name).inserted {
            throw ConfigValidationError("duplicated label \(GoString.quote(name)) in group_by", field: "group_by")
        }
    }
}
