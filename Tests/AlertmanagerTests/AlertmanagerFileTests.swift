import ArgusConfig
import ArgusCore
import ArgusTesting
import Foundation
import Testing

@testable import Alertmanager

@Suite struct AlertmanagerFileTests {
    static let directory = Fixtures.testFixture("AlertmanagerTests", "config")

    static func fixture(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func badFixtures(suffix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted()
    }

    @Test func loadsEveryPartOfTheGoodFixture() throws {
        let config = try AlertmanagerFile.load(contentsOf: Self.fixture("good.yml"))
        #expect(config.global.resolveTimeout == PromDuration(seconds: 120))
        #expect(config.global.smtpHello == "localhost")
        #expect(config.global.smtpRequireTLS)
        #expect(config.global.pagerdutyURL?.string == "https://events.pagerduty.com/v2/enqueue")
        #expect(config.route.receiver == "team-default")
        #expect(config.route.groupBy == ["alertname", "cluster"])
        #expect(config.route.routes[0].groupByAll)
        #expect(
            config.route.routes[0].routes[1].effectiveMatchers.map(\.description) == [#"env=~"^(?:prod|staging)$""#])
        #expect(config.route.routes[1].matchers.map(\.description) == [#"env!="dev""#, #"team="frontend""#])
        #expect(config.inhibitRules[1].effectiveSourceMatchers.map(\.description) == [#"alertname="NodeDown""#])
        #expect(config.inhibitRules[0].equal == ["alertname", "cluster"])
        #expect(config.receivers.map(\.name).count == 6)
        #expect(config.receiver(named: "catch-all-hook")?.isEmpty == true)
        #expect(config.templates == ["templates/*.tmpl"])
        #expect(config.templateFiles(relativeTo: Self.directory.path) == [Self.fixture("templates/custom.tmpl")])
        #expect(config.timeIntervals.keys.sorted() == ["office", "weekends"])
        #expect(config.original.hasPrefix("# A configuration"))
    }

    @Test func appliesUpstreamDefaultsAndGlobals() throws {
        let config = try AlertmanagerFile.load(contentsOf: Self.fixture("good.yml"))
        let webhook = try #require(config.receiver(named: "team-default")?.webhookConfigs.first)
        #expect(webhook.sendResolved)
        #expect(webhook.maxAlerts == 10)
        #expect(try #require(config.receiver(named: "team-frontend")?.webhookConfigs.first).sendResolved == false)
        let slack = try #require(config.receiver(named: "team-db")?.slackConfigs.first)
        #expect(slack.sendResolved)
        #expect(slack.apiURL?.string == "https://hooks.slack.com/services/T000/B000/XXXX")
        #expect(slack.resolvedAPIURL?.value == "https://hooks.slack.com/services/T000/B000/XXXX")
        #expect(slack.title == #"{{ template "slack.default.title" . }}"#)
        #expect(slack.actions.first?.url == "https://runbooks.example.org")
        let email = try #require(config.receiver(named: "team-db-mail")?.emailConfigs.first)
        #expect(email.smarthost.description == "mail.example.org:587")
        #expect(email.from == "alertmanager@example.org")
        #expect(email.hello == "localhost")
        #expect(email.authPassword?.value == "hunter2")
        #expect(email.requireTLS == true)
        #expect(email.headers == ["X-Team": "db"])
        #expect(email.sendResolved == false)
        let pagerduty = try #require(config.receiver(named: "team-db-pager")?.pagerdutyConfigs.first)
        #expect(pagerduty.sendResolved)
        #expect(pagerduty.url?.string == "https://events.pagerduty.com/v2/enqueue")
        #expect(pagerduty.details.keys.sorted() == ["firing", "num_firing", "num_resolved", "resolved"])
        #expect(pagerduty.source == pagerduty.client)
        #expect(pagerduty.resolvedRoutingKey?.value == "abc123")
    }

    @Test(arguments: badFixtures(suffix: ".bad.yml") + badFixtures(suffix: ".unsupported.yml"))
    func rejectsBadFixtureWithUpstreamText(_ name: String) throws {
        let base = name.replacingOccurrences(of: ".bad.yml", with: "").replacingOccurrences(
            of: ".unsupported.yml", with: "")
        let expected = try String(contentsOfFile: Self.fixture(base + ".error"), encoding: .utf8)
        do {
            _ = try AlertmanagerFile.load(contentsOf: Self.fixture(name))
            Issue.record("\(name) loaded")
        } catch {
            #expect(AlertmanagerFile.amtoolMessage(error) + "\n" == expected, "\(name): \(error)")
            #expect(error.file == Self.fixture(name))
        }
    }

    @Test func errorsCarryPositionAndPath() {
        let yaml = "route:\n  receiver: default\n  routes:\n    - receiver: missing\nreceivers:\n  - name: default\n"
        #expect(
            throws: ConfigError(
                file: "am.yml", line: 4, column: 17, path: "route.routes[0].receiver",
                message: #"undefined receiver "missing" used in route"#)
        ) {
            try AlertmanagerFile.parse(yaml, file: "am.yml")
        }
        let unsupported = "route:\n  receiver: a\nreceivers:\n  - name: a\n    opsgenie_configs: []\n"
        #expect(
            throws: ConfigError(
                file: "am.yml", line: 5, column: 5, path: "receivers[0].opsgenie_configs",
                message: "opsgenie_configs is not supported by Argus")
        ) {
            try AlertmanagerFile.parse(unsupported, file: "am.yml")
        }
    }

    @Test func readsSecretFilesAtLoadTime() throws {
        let directory = try Fixtures.temporaryDirectory("am-secrets")
        defer { try? FileManager.default.removeItem(at: directory) }
        let keyFile = directory.appendingPathComponent("routing-key").path
        try "  key-from-file\n".write(toFile: keyFile, atomically: true, encoding: .utf8)
        let yaml = """
            global:
              slack_api_url_file: \(directory.path)/missing-url
            route:
              receiver: pd
            receivers:
              - name: pd
                pagerduty_configs:
                  - routing_key_file: \(keyFile)
            """
        let config = try AlertmanagerFile.parse(yaml, file: "am.yml")
        #expect(config.receivers[0].pagerdutyConfigs[0].resolvedRoutingKey?.value == "key-from-file")
        #expect(config.receivers[0].pagerdutyConfigs[0].routingKey == nil)

        let slack = yaml + "\n  - name: chat\n    slack_configs:\n      - channel: x\n"
        #expect(
            throws: ConfigError(
                file: "am.yml", path: "receivers[1].slack_configs[0].api_url_file",
                message: "cannot read \(directory.path)/missing-url: no such file or directory")
        ) {
            try AlertmanagerFile.parse(slack, file: "am.yml")
        }
        #expect(try AlertmanagerFile.parse(slack, file: "am.yml", readSecretFiles: false).receivers.count == 2)
    }

    @Test func secretsPrintRedacted() throws {
        let config = try AlertmanagerFile.load(contentsOf: Self.fixture("good.yml"))
        let slack = try #require(config.receiver(named: "team-db")?.slackConfigs.first)
        #expect("\(try #require(slack.apiURL))" == "<secret>")
        #expect("\(try #require(config.global.smtpAuthPassword))" == "<secret>")
    }
}
