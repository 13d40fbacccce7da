import ArgusConfig

/// A Slack attachment button (`actions` of a ``SlackConfig``): a link button when `url` is set,
/// otherwise an interactive message button with `name`/`value`.
public struct SlackAction: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "slack_action"

    public var type: String
    public var text: String
    public var url = ""
    public var style = ""
    public var name = ""
    public var value = ""
    public var confirm: SlackConfirmationField?

    public init(type: String, text: String) {
        self.type = type
        self.text = text
    }

    enum CodingKeys: String, CodingKey { case type, text, url, style, name, value, confirm }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        type = try container.decode(.type, default: "")
        text = try container.decode(.text, default: "")
        url = try container.decode(.url, default: "")
        style = try container.decode(.style, default: "")
        name = try container.decode(.name, default: "")
        value = try container.decode(.value, default: "")
        confirm = try container.decodeIfPresent(SlackConfirmationField.self, forKey: .confirm)
        if type.isEmpty { throw ConfigValidationError("missing type in Slack action configuration") }
        if text.isEmpty { throw ConfigValidationError("missing text in Slack action configuration") }
        if !url.isEmpty {
            // A link button carries no message-button fields.
            name = ""
            value = ""
            confirm = nil
        } else if name.isEmpty {
            throw ConfigValidationError("missing name or url in Slack action configuration")
        }
    }
}
