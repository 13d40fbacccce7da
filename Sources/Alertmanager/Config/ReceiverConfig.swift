import ArgusConfig

/// A `receivers` entry (upstream `config.Receiver`): a name and the integrations notified.
///
/// Integrations Argus does not implement are refused by name rather than ignored, so a
/// configuration never silently drops notifications.
public struct ReceiverConfig: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "receiver"

    /// The integration lists upstream has that Argus does not implement.
    public static let unsupportedIntegrations: Set<String> = [
        "discord_configs", "opsgenie_configs", "wechat_configs", "pushover_configs", "victorops_configs",
        "sns_configs", "telegram_configs", "webex_configs", "msteams_configs",
    ]

    public var name: String
    public var webhookConfigs: [WebhookConfig] = []
    public var slackConfigs: [SlackConfig] = []
    public var emailConfigs: [EmailConfig] = []
    public var pagerdutyConfigs: [PagerDutyConfig] = []

    public init(name: String) { self.name = name }

    /// Whether the receiver has no integration at all (a "null" receiver that drops notifications).
    public var isEmpty: Bool {
        webhookConfigs.isEmpty && slackConfigs.isEmpty && emailConfigs.isEmpty && pagerdutyConfigs.isEmpty
    }

    public static func unsupportedFieldMessage(_ field: String) -> String? {
        unsupportedIntegrations.contains(field) ? "\(field) is not supported by Argus" : nil
    }

    enum CodingKeys: String, CodingKey {
        case name, webhookConfigs = "webhook_configs", slackConfigs = "slack_configs"
        case emailConfigs = "email_configs", pagerdutyConfigs = "pagerduty_configs"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        name = try container.decode(.name, default: "")
        webhookConfigs = try container.decode(.webhookConfigs, default: [])
        slackConfigs = try container.decode(.slackConfigs, default: [])
        emailConfigs = try container.decode(.emailConfigs, default: [])
        pagerdutyConfigs = try container.decode(.pagerdutyConfigs, default: [])
        if name.isEmpty { throw ConfigValidationError("missing name in receiver") }
    }
}
