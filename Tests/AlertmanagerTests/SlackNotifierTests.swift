import ArgusConfig
import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import Testing

@testable import Alertmanager

@Suite struct SlackNotifierTests {
    static func notifier(port: Int, configure: (inout SlackConfig) -> Void = { _ in }) throws -> SlackNotifier {
        var config = SlackConfig()
        config.apiURL = try AlertmanagerSecretURL(parsing: "http://127.0.0.1:\(port)/services/T0/B0/x")
        config.channel = "#alerts"
        configure(&config)
        return try SlackNotifier(
            config: config, template: try NotificationTemplate(), httpClient: .shared, logger: Logger(label: "test"))
    }

    @Test func postsDefaultAttachment() async throws {
        try await NotifyTestServer.run { port, server in
            try await Self.notifier(port: port).notify(
                [NotificationFixtures.firing, NotificationFixtures.resolved], context: NotificationFixtures.context())
            let request = try #require(server.requests.first)
            #expect(request.path == "/services/T0/B0/x")
            #expect(request.headers["content-type"] == "application/json")
            #expect(request.headers["user-agent"] == "Alertmanager/0.25.0")
            let (subject, url) = (NotificationFixtures.subject, NotificationFixtures.url)
            #expect(
                request.body
                    == ##"{"channel":"#alerts","username":"Alertmanager","attachments":[{"title":"\##(subject)","##
                    + #""title_link":"\#(url)","text":"","fallback":"\#(subject) | \#(url)","callback_id":"","#
                    + #""footer":"","color":"danger","mrkdwn_in":["fallback","pretext","text"]}]}"# + "\n")
        }
    }

    @Test func rendersFieldsActionsAndOptions() throws {
        let notifier = try Self.notifier(port: 1) { config in
            config.channel = ""
            config.username = ""
            config.iconEmoji = ":fire:"
            config.linkNames = true
            config.shortFields = true
            config.mrkdwnIn = ["text"]
            config.text = "{{ range .Alerts.Firing }}{{ .Labels.instance }}{{ end }}"
            config.imageURL = "http://img/{{ .Status }}.png"
            config.fields = [
                SlackField(title: "Job", value: "{{ .CommonLabels.job }}"),
                SlackField(title: "Sev", value: "", short: false),
            ]
            var action = SlackAction(type: "button", text: "Runbook")
            action.url = "http://run/{{ .GroupLabels.alertname }}"
            action.confirm = SlackConfirmationField(text: "Sure?")
            config.actions = [action]
        }
        let message = try notifier.message([NotificationFixtures.firing], context: NotificationFixtures.context())
        let json = String(decoding: message.json, as: UTF8.self)
        #expect(json.hasPrefix(#"{"icon_emoji":":fire:","link_names":true,"attachments":[{"title":"#))
        #expect(json.contains(#""text":"a:9090","#))
        #expect(
            json.contains(
                #""fields":[{"title":"Job","value":"api","short":true},{"title":"Sev","short":false}],"#
                    + #""actions":[{"type":"button","text":"Runbook","url":"http://run/HighLatency","#
                    + #""confirm":{"text":"Sure?"}}],"image_url":"http://img/firing.png","footer":"","color":"danger","#
                    + #""mrkdwn_in":["text"]}]}"#))
    }

    @Test func truncatesLongTitles() throws {
        let notifier = try Self.notifier(port: 1) { $0.title = String(repeating: "é", count: 2000) }
        let message = try notifier.message([NotificationFixtures.firing], context: NotificationFixtures.context())
        #expect(message.title.unicodeScalars.count == 1024)
        #expect(message.title.hasSuffix("é…"))
    }

    @Test func errorsNameTheChannelAndRedactTheURL() async throws {
        try await NotifyTestServer.run(script: [(500, "rollup_error"), (400, "invalid_payload")]) { port, _ in
            let notifier = try Self.notifier(port: port)
            let context = NotificationFixtures.context()
            await #expect(
                throws: NotifyError(
                    retryable: true, message: ##"channel "#alerts": unexpected status code 500: rollup_error"##,
                    statusCode: 500)
            ) { try await notifier.notify([NotificationFixtures.firing], context: context) }
            await #expect(
                throws: NotifyError(
                    retryable: false, message: ##"channel "#alerts": unexpected status code 400: invalid_payload"##,
                    statusCode: 400)
            ) { try await notifier.notify([NotificationFixtures.firing], context: context) }
        }
        var closed = try Self.notifier(port: 1)
        closed.requestTimeout = .milliseconds(500)
        do {
            try await closed.notify([NotificationFixtures.firing], context: NotificationFixtures.context())
            Issue.record("notify to a closed port succeeded")
        } catch {
            #expect(error.retryable)
            #expect(error.message.hasPrefix(#"Post "<redacted>": "#))
        }
        let broken = try Self.notifier(port: 1) { $0.text = "{{ .Nope.Deeper }}" }
        do {
            try await broken.notify([NotificationFixtures.firing], context: NotificationFixtures.context())
            Issue.record("a broken template was sent")
        } catch {
            #expect(!error.retryable)
        }
    }

    @Test func readsTheURLFromAFile() async throws {
        try await NotifyTestServer.run { port, server in
            let directory = try FileManager.default.url(
                for: .itemReplacementDirectory, in: .userDomainMask,
                appropriateFor: FileManager.default.temporaryDirectory,
                create: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            let file = directory.appendingPathComponent("url")
            try "http://127.0.0.1:\(port)/from-file\n".write(to: file, atomically: true, encoding: .utf8)
            let notifier = try Self.notifier(port: port) {
                $0.apiURL = nil
                $0.apiURLFile = file.path
            }
            try await notifier.notify([NotificationFixtures.firing], context: NotificationFixtures.context())
            #expect(server.requests.map(\.path) == ["/from-file"])
        }
    }
}
