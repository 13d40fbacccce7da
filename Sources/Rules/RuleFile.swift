import ArgusConfig
import ArgusCore

/// The contents of one rule file: Prometheus' `groups:` format (`model/rulefmt`).
public struct RuleFile: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "rulefmt.RuleGroups"

    public var groups: [RuleGroupDefinition]

    public init(groups: [RuleGroupDefinition] = []) {
        self.groups = groups
    }

    enum CodingKeys: String, CodingKey {
        case groups
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        groups = try container.decodeIfPresent([RuleGroupDefinition].self, forKey: .groups) ?? []
    }
}

/// One entry of `groups`: rules evaluated together, in order, at one interval.
public struct RuleGroupDefinition: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "rulefmt.RuleGroup"

    public var name: String
    /// How often the group runs; nil means the global `evaluation_interval`.
    public var interval: PromDuration?
    /// How far before the evaluation time the rules query; nil means the server default.
    public var queryOffset: PromDuration?
    /// The most series a recording rule, or alerts an alerting rule, may produce; 0 is no limit.
    public var limit: Int
    public var rules: [RuleDefinition]
    /// Labels added to every rule of the group (a rule's own labels win).
    public var labels: [String: String]

    public init(
        name: String, interval: PromDuration? = nil, queryOffset: PromDuration? = nil, limit: Int = 0,
        rules: [RuleDefinition] = [], labels: [String: String] = [:]
    ) {
        self.name = name
        self.interval = interval
        self.queryOffset = queryOffset
        self.limit = limit
        self.rules = rules
        self.labels = labels
    }

    enum CodingKeys: String, CodingKey {
        case name, interval, queryOffset = "query_offset", limit, rules, labels
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
        interval = try container.decodeIfPresent(PromDuration.self, forKey: .interval)
        if interval?.milliseconds == 0 { interval = nil }
        queryOffset = try container.decodeIfPresent(PromDuration.self, forKey: .queryOffset)
        limit = try container.decodeIfPresent(Int.self, forKey: .limit) ?? 0
        rules = try container.decodeIfPresent([RuleDefinition].self, forKey: .rules) ?? []
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
    }
}

/// One recording (`record`) or alerting (`alert`) rule as written in the file.
public struct RuleDefinition: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "rulefmt.RuleNode"

    public var record: String
    public var alert: String
    public var expr: String
    public var holdDuration: PromDuration
    public var keepFiringFor: PromDuration
    public var labels: [String: String]
    public var annotations: [String: String]

    public init(
        record: String = "", alert: String = "", expr: String, holdDuration: PromDuration = PromDuration(seconds: 0),
        keepFiringFor: PromDuration = PromDuration(seconds: 0), labels: [String: String] = [:],
        annotations: [String: String] = [:]
    ) {
        self.record = record
        self.alert = alert
        self.expr = expr
        self.holdDuration = holdDuration
        self.keepFiringFor = keepFiringFor
        self.labels = labels
        self.annotations = annotations
    }

    /// The rule's name: the alert name, else the recorded metric name.
    public var name: String { alert.isEmpty ? record : alert }

    enum CodingKeys: String, CodingKey {
        case record, alert, expr
        case holdDuration = "for", keepFiringFor = "keep_firing_for", labels, annotations
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        record = try container.decodeIfPresent(String.self, forKey: .record) ?? ""
        alert = try container.decodeIfPresent(String.self, forKey: .alert) ?? ""
        expr = try container.decodeIfPresent(String.self, forKey: .expr) ?? ""
        let zero = PromDuration(seconds: 0)
        holdDuration = try container.decodeIfPresent(PromDuration.self, forKey: .holdDuration) ?? zero
        keepFiringFor = try container.decodeIfPresent(PromDuration.self, forKey: .keepFiringFor) ?? zero
        labels = try container.decodeIfPresent([String: String].self, forKey: .labels) ?? [:]
        annotations = try container.decodeIfPresent([String: String].self, forKey: .annotations) ?? [:]
    }
}
