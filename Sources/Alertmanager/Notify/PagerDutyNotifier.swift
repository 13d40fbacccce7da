import ArgusConfig
import ArgusCore
import AsyncHTTPClient
import Foundation
import GoTemplate
import Logging
import NIOCore

/// Sends PagerDuty events (`pagerduty_configs`): Events API v2 with a
/// routing key, v1 with a service key. Events are deduplicated by the
/// SHA-256 of the group key; a group whose alerts all resolved sends
/// `resolve`.
public struct PagerDutyNotifier: Notifier {
    /// PagerDuty refuses larger events; custom details are dropped to fit.
    static let maxEventBytes = 512_000
    /// Summaries (v2) and descriptions (v1) are cut to this many characters.
    static let maxSummaryRunes = 1024
    /// Where v1 events go.
    static let v1URL = "https://events.pagerduty.com/generic/2010-04-15/create_event.json"

    public let config: PagerDutyConfig
    private let template: NotificationTemplate
    private var sender: NotificationHTTPSender
    private let logger: Logger
    /// The v1 endpoint, replaceable in tests.
    var v1URL = PagerDutyNotifier.v1URL

    /// - Throws: ``NotifyConfigError`` when `http_config` cannot be honoured.
    public init(
        config: PagerDutyConfig, template: NotificationTemplate, httpClient: NotificationClients, logger: Logger
    ) throws(NotifyConfigError) {
        self.config = config
        self.template = template
        sender = try NotificationHTTPSender(client: httpClient, config: config.httpConfig)
        self.logger = logger
    }

    private var usesV1: Bool { config.serviceKey != nil || !config.serviceKeyFile.isEmpty }

    /// The event for `alerts`, every template rendered.
    func message(_ alerts: [Alert], context: NotificationContext) throws(NotifyError) -> PagerDutyMessage {
        let data = context.templateData(alerts)
        let action = data.status == TemplateAlert.resolved ? "resolve" : "trigger"
        var details: [String: String] = [:]
        for (key, text) in config.details {
            do {
                details[key] = try template.execute(text, data: data)
            } catch {
                let message = "\(GoString.quote(key)): failed to template \(GoString.quote(text)): \(error.message)"
                throw NotifyError(retryable: false, message: message)
            }
        }
        var message = PagerDutyMessage()
        do throws(NotifyError) {
            func render(_ text: String) throws(NotifyError) -> String { try template.render(text, data) }
            let (summary, truncated) = try render(config.description).truncatedInRunes(Self.maxSummaryRunes)
            if truncated {
                logger.warning(
                    usesV1 ? "Truncated description" : "Truncated summary",
                    metadata: ["key": "\(context.groupKey)", "max_runes": "\(Self.maxSummaryRunes)"])
            }
            if usesV1 {
                message.serviceKey = try render(
                    try key(config.serviceKey, file: config.serviceKeyFile, what: "service"))
                message.eventType = action
                message.incidentKey = context.groupKeyHash
                message.description = summary
                message.details = details
                if action == "trigger" {
                    message.client = try render(config.client)
                    message.clientURL = try render(config.clientURL)
                }
            } else {
                message.client = try render(config.client)
                message.clientURL = try render(config.clientURL)
                message.routingKey = try render(
                    try key(config.routingKey, file: config.routingKeyFile, what: "routing"))
                message.eventAction = action
                message.dedupKey = context.groupKeyHash
                message.payload = PagerDutyMessage.Payload(
                    summary: summary, source: try render(config.source),
                    severity: try render(config.severity.isEmpty ? "error" : config.severity),
                    class: try render(config.class), component: try render(config.component),
                    group: try render(config.group), customDetails: details)
                for image in config.images {
                    let rendered = PagerDutyMessage.Image(
                        src: try render(image.src), alt: try render(image.alt), href: try render(image.href))
                    if !rendered.src.isEmpty { message.images.append(rendered) }
                }
                for link in config.links {
                    let rendered = PagerDutyMessage.Link(href: try render(link.href), text: try render(link.text))
                    if !rendered.href.isEmpty { message.links.append(rendered) }
                }
            }
        } catch {
            if error.retryable { throw error }
            throw error.wrapped("failed to template PagerDuty \(usesV1 ? "v1" : "v2") message")
        }
        if usesV1 ? message.serviceKey.isEmpty : message.routingKey.isEmpty {
            throw NotifyError(retryable: false, message: "\(usesV1 ? "service" : "routing") key cannot be empty")
        }
        return message
    }

    /// A key from the config or, read now, from its file.
    private func key(_ secret: Secret?, file: String, what: String) throws(NotifyError) -> String {
        if let secret, !secret.value.isEmpty { return secret.value }
        do {
            return try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        } catch {
            throw NotifyError(
                retryable: false,
                message: "failed to read \(what) key from file: open \(file): \(error.localizedDescription)")
        }
    }

    /// The event's JSON; custom details give way to an explanation when
    /// the event would be too large for PagerDuty.
    func encode(_ message: PagerDutyMessage) -> [UInt8] {
        let json = message.json
        guard json.count > Self.maxEventBytes else { return json }
        let explanation = [
            "error": "Custom details have been removed because the original event exceeds the maximum size of 512KB"
        ]
        var smaller = message
        if usesV1 { smaller.details = explanation } else { smaller.payload?.customDetails = explanation }
        logger.warning("Truncated Details because message of size \(json.count) bytes exceeds limit 512KB")
        return smaller.json
    }

    /// How long one request may take (60 s unless changed, as in tests).
    var requestTimeout: TimeAmount {
        get { sender.timeout }
        set { sender.timeout = newValue }
    }

    public func notify(_ alerts: [Alert], context: NotificationContext) async throws(NotifyError) {
        let message = try message(alerts, context: context)
        let url = usesV1 ? v1URL : config.url?.string ?? ""
        let response: (status: Int, body: String)
        do {
            response = try await sender.post(url, body: encode(message), contentType: "application/json")
        } catch {
            throw error.wrapped(
                usesV1 ? "failed to post message to PagerDuty v1" : "failed to post message to PagerDuty")
        }
        let retryCodes: Set<Int> = usesV1 ? [403] : [429]
        if let error = NotifyError.check(
            status: response.status, details: Self.errorDetails(status: response.status, body: response.body),
            retryCodes: retryCodes)
        {
            throw error
        }
    }

    /// PagerDuty explains a 400 in JSON: `message: error,error`.
    static func errorDetails(status: Int, body: String) -> String {
        guard status == 400,
            let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        else { return "" }
        let message = object["message"] as? String ?? ""
        let errors = (object["errors"] as? [Any])?.compactMap { $0 as? String } ?? []
        return "\(message): \(errors.joined(separator: ","))"
    }
}
