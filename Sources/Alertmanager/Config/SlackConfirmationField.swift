import ArgusConfig

/// The confirmation dialog of a ``SlackAction``.
public struct SlackConfirmationField: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "slack_confirmation_field"

    public var text: String
    public var title = ""
    public var okText = ""
    public var dismissText = ""

    public init(text: String) { self.text = text }

    enum CodingKeys: String, CodingKey {
        case text, title, okText = "ok_text", dismissText = "dismiss_text"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(.text, default: "")
        title = try container.decode(.title, default: "")
        okText = try container.decode(.okText, default: "")
        dismissText = try container.decode(.dismissText, default: "")
        if text.isEmpty { throw ConfigValidationError("missing text in Slack confirmation configuration") }
    }
}
