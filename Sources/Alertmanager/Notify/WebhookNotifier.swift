import ArgusConfig
import AsyncHTTPClient
import Logging
import NIOCore

/// Posts Alertmanager's version-4 webhook message (`webhook_configs`).
public struct WebhookNotifier: Notifier {
    public let config: WebhookConfig
    private var sender: NotificationHTTPSender
    private let logger: Logger

    /// - Throws: ``NotifyConfigError`` when `http_config` cannot be honoured.
    public init(config: WebhookConfig, httpClient: NotificationClients, logger: Logger) throws(NotifyConfigError) {
        self.config = config
        sender = try NotificationHTTPSender(client: httpClient, config: config.httpConfig)
        self.logger = logger
    }

    /// How long one request may take (60 s unless changed, as in tests).
    var requestTimeout: TimeAmount {
        get { sender.timeout }
        set { sender.timeout = newValue }
    }

    public func notify(_ alerts: [Alert], context: NotificationContext) async throws(NotifyError) {
        var sent = alerts
        var truncated: UInt64 = 0
        if config.maxAlerts > 0 && UInt64(alerts.count) > config.maxAlerts {
            sent = Array(alerts.prefix(Int(clamping: config.maxAlerts)))
            truncated = UInt64(alerts.count) - config.maxAlerts
        }
        let message = WebhookMessage(
            data: context.templateData(sent), groupKey: context.groupKey, truncatedAlerts: truncated)
        let url = config.url.string
        let response = try await sender.post(url, body: message.json, contentType: "application/json")
        // Upstream puts the URL before the body in the error details.
        if let error = NotifyError.check(status: response.status, details: "\(url): \(response.body)") {
            throw error
        }
    }
}
