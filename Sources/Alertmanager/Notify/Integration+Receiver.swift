import AsyncHTTPClient
import Logging

extension Integration {
    /// The integrations of `receiver`, in Alertmanager's order (webhooks,
    /// e-mails, PagerDuty, Slack), each numbered within its kind.
    ///
    /// - Throws: ``NotifyConfigError`` naming the integration whose settings
    ///   cannot be honoured.
    public static func integrations(
        for receiver: ReceiverConfig, template: NotificationTemplate, httpClient: NotificationClients, logger: Logger
    ) throws(NotifyConfigError) -> [Integration] {
        var integrations: [Integration] = []
        func add(
            _ name: String, _ index: Int, sendResolved: Bool, _ make: (Logger) throws(NotifyConfigError) -> any Notifier
        )
            throws(NotifyConfigError)
        {
            var logger = logger
            logger[metadataKey: "integration"] = "\(name)[\(index)]"
            do {
                integrations.append(
                    Integration(name: name, index: index, notifier: try make(logger), sendResolved: sendResolved))
            } catch {
                throw NotifyConfigError("receiver \(receiver.name): \(name)[\(index)]: \(error.message)")
            }
        }
        for (i, config) in receiver.webhookConfigs.enumerated() {
            try add("webhook", i, sendResolved: config.sendResolved) { logger throws(NotifyConfigError) in
                try WebhookNotifier(config: config, httpClient: httpClient, logger: logger)
            }
        }
        for (i, config) in receiver.emailConfigs.enumerated() {
            try add("email", i, sendResolved: config.sendResolved) { logger throws(NotifyConfigError) in
                try EmailNotifier(config: config, template: template, logger: logger)
            }
        }
        for (i, config) in receiver.pagerdutyConfigs.enumerated() {
            try add("pagerduty", i, sendResolved: config.sendResolved) { logger throws(NotifyConfigError) in
                try PagerDutyNotifier(config: config, template: template, httpClient: httpClient, logger: logger)
            }
        }
        for (i, config) in receiver.slackConfigs.enumerated() {
            try add("slack", i, sendResolved: config.sendResolved) { logger throws(NotifyConfigError) in
                try SlackNotifier(config: config, template: template, httpClient: httpClient, logger: logger)
            }
        }
        return integrations
    }
}
