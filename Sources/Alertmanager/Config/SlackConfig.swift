import ArgusConfig

/// A `slack_configs` entry (upstream `config.SlackConfig`): one attachment per notification,
/// posted to an incoming-webhook or `chat.postMessage` URL. String fields are templates.
public struct SlackConfig: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "slack_config"

    /// Whether resolved notifications are sent; false by default.
    public var sendResolved = false
    /// The HTTP client; the global `http_config` when the entry has none.
    public var httpConfig = HTTPClientConfig.default
    /// Whether `http_config` was written in the entry.
    public internal(set) var hasOwnHTTPConfig = false
    /// The webhook URL (a secret); the global `slack_api_url` when the entry has neither form.
    public var apiURL: AlertmanagerSecretURL?
    /// A file holding the webhook URL; the global `slack_api_url_file` when inherited.
    public var apiURLFile = ""
    /// The URL actually used: `api_url`, or the trimmed contents of `api_url_file` once
    /// ``AlertmanagerFile`` has read secret files; nil before that.
    public internal(set) var resolvedAPIURL: Secret?

    public var channel = ""
    public var username = #"{{ template "slack.default.username" . }}"#
    public var color = #"{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}"#
    public var title = #"{{ template "slack.default.title" . }}"#
    public var titleLink = #"{{ template "slack.default.titlelink" . }}"#
    public var pretext = #"{{ template "slack.default.pretext" . }}"#
    public var text = #"{{ template "slack.default.text" . }}"#
    public var fields: [SlackField] = []
    public var shortFields = false
    public var footer = #"{{ template "slack.default.footer" . }}"#
    public var fallback = #"{{ template "slack.default.fallback" . }}"#
    public var callbackID = #"{{ template "slack.default.callbackid" . }}"#
    public var iconEmoji = #"{{ template "slack.default.iconemoji" . }}"#
    public var iconURL = #"{{ template "slack.default.iconurl" . }}"#
    public var imageURL = ""
    public var thumbURL = ""
    public var linkNames = false
    public var mrkdwnIn: [String] = []
    public var actions: [SlackAction] = []

    /// Upstream's defaults, with no URL yet.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case sendResolved = "send_resolved", httpConfig = "http_config", apiURL = "api_url"
        case apiURLFile = "api_url_file", channel, username, color, title, titleLink = "title_link"
        case pretext, text, fields, shortFields = "short_fields", footer, fallback, callbackID = "callback_id"
        case iconEmoji = "icon_emoji", iconURL = "icon_url", imageURL = "image_url", thumbURL = "thumb_url"
        case linkNames = "link_names", mrkdwnIn = "mrkdwn_in", actions
    }

    public init(from decoder: any Decoder) throws {
        let defaults = SlackConfig()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sendResolved = try container.decode(.sendResolved, default: false)
        if let own = try container.decodeIfPresent(HTTPClientConfig.self, forKey: .httpConfig) {
            httpConfig = own
            hasOwnHTTPConfig = true
        }
        apiURL = try container.decodeIfPresent(AlertmanagerSecretURL.self, forKey: .apiURL)
        apiURLFile = try container.decode(.apiURLFile, default: "")
        channel = try container.decode(.channel, default: "")
        username = try container.decode(.username, default: defaults.username)
        color = try container.decode(.color, default: defaults.color)
        title = try container.decode(.title, default: defaults.title)
        titleLink = try container.decode(.titleLink, default: defaults.titleLink)
        pretext = try container.decode(.pretext, default: defaults.pretext)
        text = try container.decode(.text, default: defaults.text)
        fields = try container.decode(.fields, default: [])
        shortFields = try container.decode(.shortFields, default: false)
        footer = try container.decode(.footer, default: defaults.footer)
        fallback = try container.decode(.fallback, default: defaults.fallback)
        callbackID = try container.decode(.callbackID, default: defaults.callbackID)
        iconEmoji = try container.decode(.iconEmoji, default: defaults.iconEmoji)
        iconURL = try container.decode(.iconURL, default: defaults.iconURL)
        imageURL = try container.decode(.imageURL, default: "")
        thumbURL = try container.decode(.thumbURL, default: "")
        linkNames = try container.decode(.linkNames, default: false)
        mrkdwnIn = try container.decode(.mrkdwnIn, default: [])
        actions = try container.decode(.actions, default: [])
        if apiURL != nil && !apiURLFile.isEmpty {
            throw ConfigValidationError("at most one of api_url & api_url_file must be configured")
        }
    }
}
