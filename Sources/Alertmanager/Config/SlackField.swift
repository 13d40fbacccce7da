import ArgusConfig

/// A Slack attachment field (`fields` of a ``SlackConfig``).
public struct SlackField: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "slack_field"

    public var title: String
    public var value: String
    /// Whether the field is short; nil means the config's `short_fields`.
    public var short: Bool?

    public init(title: String, value: String, short: Bool? = nil) {
        self.title = title
        self.value = value
        self.short = short
    }

    enum CodingKeys: String, CodingKey { case title, value, short }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        title = try container.decode(.title, default: "")
        value = try container.decode(.value, default: "")
        short = try container.decodeIfPresent(Bool.self, forKey: .short)
        if title.isEmpty { throw ConfigValidationError("missing title in Slack field configuration") }
        if value.isEmpty { throw ConfigValidationError("missing value in Slack field configuration") }
    }
}
