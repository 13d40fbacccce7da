import ArgusConfig
import ArgusCore

/// The `global` section of alertmanager.yml (upstream `config.GlobalConfig`): defaults that
/// receivers inherit when they leave a field out.
///
/// The settings of integrations Argus does not implement (OpsGenie, WeChat, VictorOps,
/// Telegram, Webex) are accepted and kept, since a receiver that would use them is refused.
public struct AlertmanagerGlobal: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "global_config"

    /// How long an alert without `endsAt` stays firing after its last update.
    public var resolveTimeout = PromDuration(seconds: 300)
    /// The HTTP client of every receiver without its own `http_config`.
    public var httpConfig = HTTPClientConfig.default

    public var smtpFrom = ""
    public var smtpHello = "localhost"
    public var smtpSmarthost = SMTPHostPort()
    public var smtpAuthUsername = ""
    public var smtpAuthPassword: Secret?
    public var smtpAuthPasswordFile = ""
    public var smtpAuthSecret: Secret?
    public var smtpAuthIdentity = ""
    public var smtpRequireTLS = true
    public var slackAPIURL: AlertmanagerSecretURL?
    public var slackAPIURLFile = ""
    public var pagerdutyURL: AlertmanagerURL? = AlertmanagerURL(trusted: "https://events.pagerduty.com/v2/enqueue")

    public var opsgenieAPIURL: AlertmanagerURL? = AlertmanagerURL(trusted: "https://api.opsgenie.com/")
    public var opsgenieAPIKey: Secret?
    public var opsgenieAPIKeyFile = ""
    public var wechatAPIURL: AlertmanagerURL? = AlertmanagerURL(trusted: "https://qyapi.weixin.qq.com/cgi-bin/")
    public var wechatAPISecret: Secret?
    public var wechatAPICorpID = ""
    public var victorOpsAPIURL: AlertmanagerURL? = AlertmanagerURL(
        trusted: "https://alert.victorops.com/integrations/generic/20131114/alert/")
    public var victorOpsAPIKey: Secret?
    public var victorOpsAPIKeyFile = ""
    public var telegramAPIURL: AlertmanagerURL? = AlertmanagerURL(trusted: "https://api.telegram.org")
    public var webexAPIURL: AlertmanagerURL? = AlertmanagerURL(trusted: "https://webexapis.com/v1/messages")

    /// Upstream's defaults.
    public init() {}

    enum CodingKeys: String, CodingKey {
        case resolveTimeout = "resolve_timeout", httpConfig = "http_config"
        case smtpFrom = "smtp_from", smtpHello = "smtp_hello", smtpSmarthost = "smtp_smarthost"
        case smtpAuthUsername = "smtp_auth_username", smtpAuthPassword = "smtp_auth_password"
        case smtpAuthPasswordFile = "smtp_auth_password_file", smtpAuthSecret = "smtp_auth_secret"
        case smtpAuthIdentity = "smtp_auth_identity", smtpRequireTLS = "smtp_require_tls"
        case slackAPIURL = "slack_api_url", slackAPIURLFile = "slack_api_url_file", pagerdutyURL = "pagerduty_url"
        case opsgenieAPIURL = "opsgenie_api_url", opsgenieAPIKey = "opsgenie_api_key"
        case opsgenieAPIKeyFile = "opsgenie_api_key_file", wechatAPIURL = "wechat_api_url"
        case wechatAPISecret = "wechat_api_secret", wechatAPICorpID = "wechat_api_corp_id"
        case victorOpsAPIURL = "victorops_api_url", victorOpsAPIKey = "victorops_api_key"
        case victorOpsAPIKeyFile = "victorops_api_key_file", telegramAPIURL = "telegram_api_url"
        case webexAPIURL = "webex_api_url"
    }

    public init(from decoder: any Decoder) throws {
        let defaults = AlertmanagerGlobal()
        let container = try decoder.container(keyedBy: CodingKeys.self)
        resolveTimeout = try container.decode(.resolveTimeout, default: defaults.resolveTimeout)
        httpConfig = try container.decode(.httpConfig, default: defaults.httpConfig)
        smtpFrom = try container.decode(.smtpFrom, default: "")
        smtpHello = try container.decode(.smtpHello, default: defaults.smtpHello)
        smtpSmarthost = try container.decode(.smtpSmarthost, default: SMTPHostPort())
        smtpAuthUsername = try container.decode(.smtpAuthUsername, default: "")
        smtpAuthPassword = try container.decodeIfPresent(Secret.self, forKey: .smtpAuthPassword)
        smtpAuthPasswordFile = try container.decode(.smtpAuthPasswordFile, default: "")
        smtpAuthSecret = try container.decodeIfPresent(Secret.self, forKey: .smtpAuthSecret)
        smtpAuthIdentity = try container.decode(.smtpAuthIdentity, default: "")
        smtpRequireTLS = try container.decode(.smtpRequireTLS, default: true)
        slackAPIURL = try container.decodeIfPresent(AlertmanagerSecretURL.self, forKey: .slackAPIURL)
        slackAPIURLFile = try container.decode(.slackAPIURLFile, default: "")
        pagerdutyURL = try container.decode(.pagerdutyURL, default: defaults.pagerdutyURL)
        opsgenieAPIURL = try container.decode(.opsgenieAPIURL, default: defaults.opsgenieAPIURL)
        opsgenieAPIKey = try container.decodeIfPresent(Secret.self, forKey: .opsgenieAPIKey)
        opsgenieAPIKeyFile = try container.decode(.opsgenieAPIKeyFile, default: "")
        wechatAPIURL = try container.decode(.wechatAPIURL, default: defaults.wechatAPIURL)
        wechatAPISecret = try container.decodeIfPresent(Secret.self, forKey: .wechatAPISecret)
        wechatAPICorpID = try container.decode(.wechatAPICorpID, default: "")
        victorOpsAPIURL = try container.decode(.victorOpsAPIURL, default: defaults.victorOpsAPIURL)
        victorOpsAPIKey = try container.decodeIfPresent(Secret.self, forKey: .victorOpsAPIKey)
        victorOpsAPIKeyFile = try container.decode(.victorOpsAPIKeyFile, default: "")
        telegramAPIURL = try container.decode(.telegramAPIURL, default: defaults.telegramAPIURL)
        webexAPIURL = try container.decode(.webexAPIURL, default: defaults.webexAPIURL)
    }

    /// The checks upstream makes on the whole file once the global section is known.
    func validate() throws(ConfigValidationError) {
        if slackAPIURL != nil && !slackAPIURLFile.isEmpty {
            throw ConfigValidationError("at most one of slack_api_url & slack_api_url_file must be configured")
        }
        if !(opsgenieAPIKey?.value.isEmpty ?? true) && !opsgenieAPIKeyFile.isEmpty {
            throw ConfigValidationError("at most one of opsgenie_api_key & opsgenie_api_key_file must be configured")
        }
        if !(victorOpsAPIKey?.value.isEmpty ?? true) && !victorOpsAPIKeyFile.isEmpty {
            throw ConfigValidationError(
                "at most one of victorops_api_key & victorops_api_key_file must be configured")
        }
        if !(smtpAuthPassword?.value.isEmpty ?? true) && !smtpAuthPasswordFile.isEmpty {
            throw ConfigValidationError(
                "at most one of smtp_auth_password & smtp_auth_password_file must be configured")
        }
    }
}
