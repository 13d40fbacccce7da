import ArgusConfig
import ArgusCore
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Posts one attachment to a Slack incoming webhook (`slack_configs`).
public struct SlackNotifier: Notifier {
    /// Slack cuts titles longer than this many characters.
    static let maxTitleRunes = 1024

    public let config: SlackConfig
    private let template: NotificationTemplate
    private var sender: NotificationHTTPSender
    private let logger: Logger

    /// - Throws: ``NotifyConfigError`` when `http_config` cannot be honoured.
    public init(
        config: SlackConfig, template: NotificationTemplate, httpClient: NotificationClients, logger: Logger
    ) throws(NotifyConfigError) {
        self.config = config
        self.template = template
        sender = try NotificationHTTPSender(client: httpClient, config: config.httpConfig)
        self.logger = logger
    }

    /// The message for `alerts`, every template rendered.
    func message(_ alerts: [Alert], context: NotificationContext) throws(NotifyError) -> SlackMessage {
        let data = context.templateData(alerts)
        func render(_ text: String) throws(NotifyError) -> String { try template.render(text, data) }
        var message = SlackMessage()
        let (title, truncated) = try render(config.title).truncatedInRunes(Self.maxTitleRunes)
        if truncated {
            logger.warning(
                "Truncated title", metadata: ["key": "\(context.groupKey)", "max_runes": "\(Self.maxTitleRunes)"])
        }
        message.title = title
        message.titleLink = try render(config.titleLink)
        message.pretext = try render(config.pretext)
        message.text = try render(config.text)
        message.fallback = try render(config.fallback)
        message.callbackID = try render(config.callbackID)
        message.imageURL = try render(config.imageURL)
        message.thumbURL = try render(config.thumbURL)
        message.footer = try render(config.footer)
        message.color = try render(config.color)
        message.mrkdwnIn = config.mrkdwnIn.isEmpty ? ["fallback", "pretext", "text"] : config.mrkdwnIn
        for field in config.fields {
            message.fields.append(
                SlackMessage.Field(
                    title: try render(field.title), value: try render(field.value),
                    short: field.short ?? config.shortFields))
        }
        for action in config.actions {
            var rendered = SlackMessage.Action(
                type: try render(action.type), text: try render(action.text), url: try render(action.url),
                style: try render(action.style), name: try render(action.name), value: try render(action.value))
            if let confirm = action.confirm {
                rendered.confirm = SlackMessage.Confirmation(
                    text: try render(confirm.text), title: try render(confirm.title),
                    okText: try render(confirm.okText), dismissText: try render(confirm.dismissText))
            }
            message.actions.append(rendered)
        }
        message.channel = try render(config.channel)
        message.username = try render(config.username)
        message.iconEmoji = try render(config.iconEmoji)
        message.iconURL = try render(config.iconURL)
        message.linkNames = config.linkNames
        return message
    }

    /// How long one request may take (60 s unless changed, as in tests).
    var requestTimeout: TimeAmount {
        get { sender.timeout }
        set { sender.timeout = newValue }
    }

    public func notify(_ alerts: [Alert], context: NotificationContext) async throws(NotifyError) {
        let message = try message(alerts, context: context)
        let url: String
        if let apiURL = config.apiURL {
            url = apiURL.string
        } else {
            do {
                url = try String(contentsOfFile: config.apiURLFile, encoding: .utf8)
                    .trimmingCharacters(in: .whitespacesAndNewlines)
            } catch {
                throw NotifyError(retryable: false, message: "open \(config.apiURLFile): \(error.localizedDescription)")
            }
        }
        let response = try await sender.post(url, body: message.json, contentType: "application/json", redactURL: true)
        if let error = NotifyError.check(status: response.status, details: response.body) {
            throw error.wrapped("channel \(GoString.quote(message.channel))")
        }
    }
}
