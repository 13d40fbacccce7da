import ArgusConfig
import ArgusHTTP
import AsyncHTTPClient
import Foundation
import Logging
import Testing

@testable import Alertmanager

@Suite struct PagerDutyNotifierTests {
    static func notifier(port: Int, configure: (inout PagerDutyConfig) -> Void = { _ in }) throws -> PagerDutyNotifier {
        var config = PagerDutyConfig()
        config.routingKey = Secret("routing-key")
        config.url = try AlertmanagerURL(parsing: "http://127.0.0.1:\(port)/v2/enqueue")
        configure(&config)
        return try PagerDutyNotifier(
            config: config, template: try NotificationTemplate(), httpClient: .shared, logger: Logger(label: "test"))
    }

    static func quoted(_ s: String) -> String {
        var json = JSONWriter()
        json.string(s)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    @Test func sha256MatchesKnownDigests() {
        #expect(SHA256.hexDigest(of: []) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hexDigest(of: Array("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array(repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hexDigest(of: long) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        let boundary = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hexDigest(of: boundary) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func postsEventsAPIv2Trigger() async throws {
        try await NotifyTestServer.run(script: [(202, #"{"status":"success"}"#)]) { port, server in
            let context = NotificationFixtures.context()
            try await Self.notifier(port: port).notify(
                [NotificationFixtures.firing, NotificationFixtures.resolved], context: context)
            let request = try #require(server.requests.first)
            #expect(request.path == "/v2/enqueue")
            #expect(request.headers["user-agent"] == "Alertmanager/0.25.0")
            let details =
                #"{"firing":\#(Self.quoted(NotificationFixtures.firingList)),"num_firing":"1","num_resolved":"1","#
                + #""resolved":\#(Self.quoted(NotificationFixtures.resolvedList))}"#
            let dedup = SHA256.hexDigest(of: Array(context.groupKey.utf8))
            #expect(
                request.body
                    == #"{"routing_key":"routing-key","dedup_key":"\#(dedup)","event_action":"trigger","#
                    + #""payload":{"summary":"\#(NotificationFixtures.subject)","source":"","severity":"error","#
                    + #""custom_details":\#(details)},"client":"Alertmanager","#
                    + #""client_url":"\#(NotificationFixtures.url)"}"# + "\n")
        }
    }

    @Test func resolvesWhenEveryAlertEnded() throws {
        let notifier = try Self.notifier(port: 1) { config in
            config.details = [:]
            config.severity = "{{ .CommonLabels.severity }}"
            config.class = "latency"
            config.images = [PagerDutyImage(src: "http://img/{{ .Status }}.png"), PagerDutyImage(alt: "no src")]
            config.links = [PagerDutyLink(href: "http://runbook", text: "Runbook"), PagerDutyLink(text: "no href")]
        }
        let message = try notifier.message([NotificationFixtures.resolved], context: NotificationFixtures.context())
        #expect(message.eventAction == "resolve")
        #expect(message.payload?.severity == "page")
        let json = String(decoding: message.json, as: UTF8.self)
        #expect(json.contains(#""severity":"page","class":"latency"},"#))
        #expect(
            json.hasSuffix(
                #""images":[{"src":"http://img/resolved.png","alt":"","href":""}],"#
                    + #""links":[{"href":"http://runbook","text":"Runbook"}]}"# + "\n"))
    }

    @Test func v1UsesServiceKeyAndIncidentKey() throws {
        let notifier = try Self.notifier(port: 1) { config in
            config.routingKey = nil
            config.serviceKey = Secret("service-key")
            config.details = ["n": "{{ len .Alerts }}"]
        }
        let context = NotificationFixtures.context()
        let json = String(
            decoding: notifier.encode(try notifier.message([NotificationFixtures.firing], context: context)),
            as: UTF8.self)
        let hash = SHA256.hexDigest(of: Array(context.groupKey.utf8))
        #expect(
            json
                == #"{"service_key":"service-key","incident_key":"\#(hash)","event_type":"trigger","#
                + #""description":"[FIRING:1] HighLatency (a:9090 api page)","event_action":"","payload":null,"#
                + #""client":"Alertmanager","client_url":"\#(NotificationFixtures.url)","details":{"n":"1"}}"# + "\n")
    }

    @Test func oversizedEventsDropCustomDetails() throws {
        let notifier = try Self.notifier(port: 1) { $0.details = ["big": String(repeating: "x", count: 600_000)] }
        let encoded = notifier.encode(
            try notifier.message([NotificationFixtures.firing], context: NotificationFixtures.context()))
        let json = String(decoding: encoded, as: UTF8.self)
        #expect(encoded.count < 2000)
        #expect(
            json.contains(
                #""custom_details":{"error":"Custom details have been removed because the original event exceeds the maximum size of 512KB"}"#
            ))
    }

    @Test func retriesRateLimitsAndServerErrorsOnly() async throws {
        let badRequest =
            #"{"status":"invalid event","message":"Event object is invalid","errors":["Length of 'routing_key' is incorrect"]}"#
        try await NotifyTestServer.run(script: [(429, ""), (503, "down"), (400, badRequest), (403, "")]) { port, _ in
            let notifier = try Self.notifier(port: port)
            var outcomes: [(Bool, Int?, String)] = []
            for _ in 0..<4 {
                do throws(NotifyError) {
                    try await notifier.notify([NotificationFixtures.firing], context: NotificationFixtures.context())
                } catch {
                    outcomes.append((error.retryable, error.statusCode, error.message))
                }
            }
            #expect(outcomes.map(\.0) == [true, true, false, false])
            #expect(outcomes.map(\.1) == [429, 503, 400, 403])
            #expect(
                outcomes.map(\.2) == [
                    "unexpected status code 429", "unexpected status code 503",
                    "unexpected status code 400: Event object is invalid: Length of 'routing_key' is incorrect",
                    "unexpected status code 403",
                ])
        }
        let emptyKey = try Self.notifier(port: 1) { $0.routingKey = Secret("{{ .CommonLabels.nothing }}") }
        #expect(throws: NotifyError(retryable: false, message: "routing key cannot be empty")) {
            try emptyKey.message([NotificationFixtures.firing], context: NotificationFixtures.context())
        }
    }
}
