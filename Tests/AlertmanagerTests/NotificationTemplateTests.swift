import ArgusCore
import ArgusTesting
import Foundation
import GoTemplate
import Testing

@testable import Alertmanager

/// A firing and a resolved alert of one group, as the notifier tests use them.
enum NotificationFixtures {
    static let now = GoTime(seconds: 1_700_000_000)

    static let firing = Alert(
        labels: ["alertname": "HighLatency", "instance": "a:9090", "job": "api", "severity": "page"],
        annotations: ["summary": "p99 above 1s", "runbook": "http://wiki/x?a=1&b=2"],
        startsAt: GoTime(seconds: 1_699_999_000, nanoseconds: 123_456_789),
        generatorURL: "http://prom:9090/graph?g0.expr=up",
        updatedAt: now)

    static let resolved = Alert(
        labels: ["alertname": "HighLatency", "instance": "b:9090", "job": "api", "severity": "page"],
        annotations: ["summary": "p99 above 1s"],
        startsAt: GoTime(seconds: 1_699_998_000),
        endsAt: GoTime(seconds: 1_699_999_900),
        updatedAt: now)

    static func context(receiver: String = "team-x.pager") -> NotificationContext {
        NotificationContext(
            groupKey: #"{}:{alertname="HighLatency"}"#, groupLabels: ["alertname": "HighLatency"],
            receiverName: receiver, externalURL: "http://am.example:9093", now: now,
            repeatInterval: GoDuration(nanoseconds: 4 * 3_600_000_000_000))
    }

    static func data(_ alerts: [Alert] = [firing, resolved]) -> NotificationData {
        context().templateData(alerts)
    }

    static let firingList = """
        Labels:
         - alertname = HighLatency
         - instance = a:9090
         - job = api
         - severity = page
        Annotations:
         - runbook = http://wiki/x?a=1&b=2
         - summary = p99 above 1s
        Source: http://prom:9090/graph?g0.expr=up

        """

    static let resolvedList = """
        Labels:
         - alertname = HighLatency
         - instance = b:9090
         - job = api
         - severity = page
        Annotations:
         - summary = p99 above 1s
        Source: \("")

        """

    static let url = "http://am.example:9093/#/alerts?receiver=team-x%5C.pager"
    static let subject = "[FIRING:1] HighLatency (api page)"
}

@Suite struct NotificationTemplateTests {
    let template: NotificationTemplate
    let data = NotificationFixtures.data()

    init() throws { template = try NotificationTemplate() }

    private func render(_ name: String, _ data: NotificationData? = nil) throws -> String {
        try template.execute(#"{{ template "\#(name)" . }}"#, data: data ?? self.data)
    }

    @Test func dataIsBuiltAsAlertmanagerBuildsIt() {
        #expect(data.receiver == #"team-x\.pager"#)
        #expect(data.status == "firing")
        #expect(data.alerts.map(\.status) == ["firing", "resolved"])
        #expect(data.commonLabels.entries == ["alertname": "HighLatency", "job": "api", "severity": "page"])
        #expect(data.commonAnnotations.entries == ["summary": "p99 above 1s"])
        #expect(data.groupLabels.entries == ["alertname": "HighLatency"])
        #expect(data.alerts[0].fingerprint == NotificationFixtures.firing.fingerprint.description)
        #expect(NotificationFixtures.data([NotificationFixtures.resolved]).status == "resolved")
        var timedOut = NotificationFixtures.firing
        timedOut.endsAt = NotificationFixtures.now.adding(GoDuration(nanoseconds: 300_000_000_000))
        let pending = NotificationFixtures.data([timedOut]).alerts[0]
        #expect(pending.status == "firing" && pending.endsAt == .zero)
        let empty = NotificationFixtures.data([])
        #expect(empty.status == "resolved" && empty.commonLabels.entries.isEmpty)
    }

    @Test func sharedTemplatesRenderAsUpstream() throws {
        #expect(try render("__alertmanager") == "Alertmanager")
        #expect(try render("__alertmanagerURL") == NotificationFixtures.url)
        #expect(try render("__subject") == NotificationFixtures.subject)
        #expect(try render("__description") == "")
        let resolvedOnly = NotificationFixtures.data([NotificationFixtures.resolved])
        #expect(try render("__subject", resolvedOnly) == "[RESOLVED] HighLatency (b:9090 api page)")
        #expect(
            try template.execute(#"{{ template "__text_alert_list" .Alerts }}"#, data: data)
                == NotificationFixtures.firingList + NotificationFixtures.resolvedList)
    }

    @Test func subjectLeavesOutParenthesesWhenOnlyGroupLabelsAreCommon() throws {
        var other = NotificationFixtures.resolved
        other.labels = ["alertname": "HighLatency", "job": "db"]
        other.endsAt = .zero
        let data = NotificationFixtures.data([NotificationFixtures.firing, other])
        #expect(try render("__subject", data) == "[FIRING:2] HighLatency ")
    }

    @Test func integrationDefaultsRenderAsUpstream() throws {
        let (firing, resolved, url, subject) = (
            NotificationFixtures.firingList, NotificationFixtures.resolvedList, NotificationFixtures.url,
            NotificationFixtures.subject
        )
        #expect(try render("slack.default.title") == subject)
        #expect(try render("slack.default.username") == "Alertmanager")
        #expect(try render("slack.default.fallback") == subject + " | " + url)
        #expect(try render("slack.default.titlelink") == url)
        for name in ["callbackid", "pretext", "iconemoji", "iconurl", "text", "footer"] {
            #expect(try render("slack.default." + name) == "")
        }
        #expect(try render("pagerduty.default.description") == subject)
        #expect(try render("pagerduty.default.client") == "Alertmanager")
        #expect(try render("pagerduty.default.clientURL") == url)
        #expect(
            try template.execute(#"{{ template "pagerduty.default.instances" .Alerts.Firing }}"#, data: data) == firing)
        let sections = "p99 above 1s\nAlerts Firing:\n\(firing)\nAlerts Resolved:\n\(resolved)"
        #expect(try render("opsgenie.default.description") == sections)
        #expect(try render("victorops.default.state_message") == sections)
        #expect(try render("opsgenie.default.message") == subject)
        #expect(try render("opsgenie.default.source") == url)
        #expect(try render("wechat.default.message") == "\(subject)\n\(sections)\nAlertmanagerUrl:\n\(url)")
        let padded = "\nAlerts Firing:\n\(firing)\n\n\nAlerts Resolved:\n\(resolved)\n\n"
        #expect(try render("pushover.default.message") == "p99 above 1s\n" + padded)
        #expect(try render("sns.default.message") == "p99 above 1s\n" + padded)
        #expect(try render("webex.default.message") == "p99 above 1s\n" + padded)
        #expect(try render("telegram.default.message") == "\n" + padded)
        #expect(try render("discord.default.message") == "\n" + padded)
        #expect(try render("email.default.subject") == subject)

        let firingOnly = NotificationFixtures.data([NotificationFixtures.firing])
        let firingSubject = "[FIRING:1] HighLatency (a:9090 api page)"
        #expect(
            try render("opsgenie.default.description", firingOnly)
                == "http://wiki/x?a=1&b=2 p99 above 1s\nAlerts Firing:\n\(firing)\n")
        #expect(
            try render("pushover.default.message", firingOnly)
                == "http://wiki/x?a=1&b=2 p99 above 1s\n\nAlerts Firing:\n\(firing)\n\n\n")
        #expect(try render("wechat.default.message", firingOnly).hasPrefix(firingSubject + "\n"))
    }

    @Test func everyUpstreamTemplateNameIsDefined() {
        let names = [
            "__alertmanager", "__alertmanagerURL", "__subject", "__description", "__text_alert_list",
            "slack.default.title", "slack.default.username", "slack.default.fallback", "slack.default.callbackid",
            "slack.default.pretext", "slack.default.titlelink", "slack.default.iconemoji", "slack.default.iconurl",
            "slack.default.text", "slack.default.footer", "pagerduty.default.description", "pagerduty.default.client",
            "pagerduty.default.clientURL", "pagerduty.default.instances", "opsgenie.default.message",
            "opsgenie.default.description", "opsgenie.default.source", "wechat.default.message",
            "wechat.default.to_user", "wechat.default.to_party", "wechat.default.to_tag", "wechat.default.agent_id",
            "victorops.default.state_message", "victorops.default.entity_display_name",
            "victorops.default.monitoring_tool", "pushover.default.title", "pushover.default.message",
            "pushover.default.url", "sns.default.subject", "sns.default.message", "telegram.default.message",
            "discord.default.title", "discord.default.message", "webex.default.message", "email.default.subject",
            "email.default.html",
        ]
        for name in names { #expect(template.hasTemplate(named: name), "\(name)") }
    }

    @Test func functionsBehaveAsAlertmanagers() throws {
        func run(_ text: String) throws -> String { try template.execute(text, data: data) }
        #expect(try run(#"{{ toUpper "abc ß" }} {{ toLower "ÀB" }}"#) == "ABC ß àb")
        #expect(try run(#"{{ title "hello wORLD o'neil" }}"#) == "Hello World O'neil")
        #expect(try run(#"{{ .CommonLabels.Names | join "," }}"#) == "alertname,job,severity")
        #expect(try run(#"{{ stringSlice "a" "b" | join "-" }}"#) == "a-b")
        #expect(try run(#"{{ match "^a.c$" "abc" }} {{ match "b" "xyz" }}"#) == "true false")
        #expect(try run(#"{{ reReplaceAll "(a+)" "<$1>" "baaab" }}"#) == "b<aaa>b")
        #expect(try run(#"{{ (index .Alerts 0).Labels.instance }}"#) == "a:9090")
        #expect(try run(#"[{{ .CommonLabels.missing }}]"#) == "[]")
        #expect(try run(#"{{ range .CommonLabels.SortedPairs }}{{ .Name }} {{ end }}"#) == "alertname job severity ")
        #expect(try run(#"{{ .CommonLabels.SortedPairs.Values }}"#) == "[HighLatency api page]")
        #expect(try run(#"{{ (.CommonLabels.Remove (stringSlice "job")).Names }}"#) == "[alertname severity]")
        #expect(try run(#"{{ len .Alerts.Firing }}/{{ len .Alerts.Resolved }}/{{ len .Alerts }}"#) == "1/1/2")
        #expect(
            try run(#"{{ range .Alerts }}{{ .StartsAt.Unix }} {{ .EndsAt.IsZero }};{{ end }}"#)
                == "1699999000 true;1699998000 false;")
        #expect(try run("") == "")
        #expect(throws: TemplateError.self) { try run(#"{{ reReplaceAll "(" "" "x" }}"#) }
        #expect(throws: TemplateError.self) { try run(#"{{ nosuchfunction }}"#) }
    }

    @Test func htmlEscapesByContext() throws {
        func run(_ text: String) throws -> String { try template.executeHTML(text, data: data) }
        #expect(try run(#"<p>{{ "<b>a+b & 'c'</b>" }}</p>"#) == "<p>&lt;b&gt;a&#43;b &amp; &#39;c&#39;&lt;/b&gt;</p>")
        #expect(try run(#"<p>{{ safeHtml "<b>x</b>" }}</p>"#) == "<p><b>x</b></p>")
        #expect(try run(#"<!-- gone -->{{ 1 }}"#) == "1")
        #expect(try run(#"<a title="{{ safeHtml "<i>x&amp;</i>" }}">"#) == #"<a title="x&amp;">"#)
        #expect(
            try run(#"<a href="{{ "http://x/a b?q=1&r" }}">"#) == #"<a href="http://x/a%20b?q=1&amp;r">"#)
        #expect(try run(#"<a href="{{ "javascript:alert(1)" }}">"#) == ##"<a href="#ZgotmplZ">"##)
        #expect(try run(#"<a href="/s?q={{ "a b&c" }}">"#) == #"<a href="/s?q=a%20b%26c">"#)
        #expect(try run(#"<a href="/s?q={{ urlquery "a b" }}">"#) == #"<a href="/s?q=a&#43;b">"#)
        #expect(try run(#"{{ $x := "<" }}{{ if $x }}{{ $x }}{{ end }}"#) == "&lt;")
        #expect(try run(#"{{ "<" | html }}"#) == "&lt;")
    }

    @Test func defaultEmailCarriesTheNotification() throws {
        let html = try template.executeHTML(#"{{ template "email.default.html" . }}"#, data: data)
        for part in [
            "<title>[FIRING:1] HighLatency (api page)</title>", "2 alerts for alertname=HighLatency",
            "[1] Firing", "[1] Resolved", "instance = a:9090<br>", "runbook = http://wiki/x?a=1&amp;b=2<br>",
            #"<a href="http://prom:9090/graph?g0.expr=up">Source</a>"#,
            #"<a href="http://am.example:9093/#/alerts?receiver=team-x%5C.pager">View in Alertmanager</a>"#,
            "#E6522C",
        ] {
            #expect(html.contains(part), "missing \(part)")
        }
        let resolved = try template.executeHTML(
            #"{{ template "email.default.html" . }}"#, data: NotificationFixtures.data([NotificationFixtures.resolved]))
        #expect(resolved.contains("#68B90F") && !resolved.contains("Firing") && !resolved.contains("<hr>"))
    }

    @Test func userFilesAddAndReplaceTemplates() throws {
        let directory = try Fixtures.temporaryDirectory("am-templates")
        defer { try? FileManager.default.removeItem(at: directory) }
        try
            #"{{ define "__subject" }}custom {{ .Status }}{{ end }}{{ define "mine" }}[{{ template "__subject" . }}]{{ end }}"#
            .write(to: directory.appendingPathComponent("a.tmpl"), atomically: true, encoding: .utf8)
        let template = try NotificationTemplate(files: [
            directory.path + "/*.tmpl", directory.path + "/missing.tmpl",
        ])
        #expect(try template.execute(#"{{ template "mine" . }}"#, data: data) == "[custom firing]")
        #expect(try template.execute(#"{{ template "slack.default.title" . }}"#, data: data) == "custom firing")

        try "{{ define \"x\" }}{{ if }}{{ end }}".write(
            to: directory.appendingPathComponent("bad.tmpl"), atomically: true, encoding: .utf8)
        do {
            _ = try NotificationTemplate(files: [directory.path + "/*.tmpl"])
            Issue.record("a broken template file loaded")
        } catch {
            #expect(error.path.hasSuffix("bad.tmpl"))
            #expect(error.message.contains("bad.tmpl:1"))
        }
    }
}
