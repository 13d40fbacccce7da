import Alertmanager
import ArgusTesting
import Foundation
import GoTemplate
import Testing

/// The same configuration and the same timed sequence of alerts, given to
/// the real Alertmanager 0.25 and to Argus, each with its own webhook sink:
/// the notifications and the API's views of the alerts must be the same.
@Suite(.serialized) struct AlertmanagerDifferentialTests {
    /// Grouping on two levels, a `continue` route, `send_resolved` on and
    /// off, `max_alerts`, and an inhibition by cluster.
    static func config(hookPort: Int) -> String {
        """
        route:
          receiver: team-all
          group_by: [alertname, cluster]
          group_wait: 1s
          group_interval: 2s
          repeat_interval: 1h
          routes:
            - matchers: ['team="db"']
              receiver: db-pager
              group_by: [alertname]
              continue: true
            - matchers: ['team="db"']
              receiver: db-log
        receivers:
          - name: team-all
            webhook_configs: [{url: "http://127.0.0.1:\(hookPort)/team-all"}]
          - name: db-pager
            webhook_configs: [{url: "http://127.0.0.1:\(hookPort)/db-pager", send_resolved: true}]
          - name: db-log
            webhook_configs: [{url: "http://127.0.0.1:\(hookPort)/db-log", send_resolved: false, max_alerts: 1}]
        inhibit_rules:
          - source_matchers: ['severity="critical"']
            target_matchers: ['severity="warning"']
            equal: [cluster]
        """
    }

    /// One alert of the scenario as JSON; start and end are explicit so both
    /// servers hold the same times.
    static func alert(
        _ name: String, team: String, cluster: String, instance: String, severity: String, startsAt: GoTime,
        endsAt: GoTime? = nil
    ) -> String {
        let end = endsAt.map { #","endsAt":"\#($0.rfc3339Milli)""# } ?? ""
        return """
            {"labels":{"alertname":"\(name)","team":"\(team)","cluster":"\(cluster)","instance":"\(instance)",\
            "severity":"\(severity)"},"annotations":{"summary":"\(name) on \(instance)"},\
            "generatorURL":"http://prometheus.example/graph","startsAt":"\(startsAt.rfc3339Milli)"\(end)}
            """
    }

    /// Posts `alerts` to every server at once.
    static func post(_ alerts: [String], to urls: [String]) async throws {
        let body = "[" + alerts.joined(separator: ",") + "]"
        try await withThrowingTaskGroup(of: AlertmanagerHTTP.Reply.self) { group in
            for url in urls { group.addTask { try await AlertmanagerHTTP.post(url + "/api/v2/alerts", json: body) } }
            for try await reply in group { #expect(reply.status == 200, "\(reply.body)") }
        }
    }

    /// The notifications of a sink by receiver path and group key, in
    /// arrival order, as canonical JSON.
    static func notifications(_ hook: NotifyTestServer) throws -> [String: [(
        json: String, at: ContinuousClock.Instant
    )]] {
        var result: [String: [(json: String, at: ContinuousClock.Instant)]] = [:]
        for request in hook.requests {
            let payload = try JSONSerialization.jsonObject(with: Data(request.body.utf8)) as? [String: Any] ?? [:]
            let key = request.path + " " + (payload["groupKey"] as? String ?? "?")
            result[key, default: []].append((AlertmanagerHTTP.canonical(payload), request.received))
        }
        return result
    }

    /// `GET /api/v2/alerts` and `/api/v2/alerts/groups` without what each
    /// server sets from its own clock: `updatedAt`, and `endsAt` of alerts
    /// posted without one (receive time plus resolve_timeout). Of several
    /// sources inhibiting an alert, 0.25 names whichever its map yields
    /// first, so only the inhibition's presence is compared.
    static func apiViews(_ url: String) async throws -> [String] {
        var views: [String] = []
        for path in ["/api/v2/alerts", "/api/v2/alerts/groups"] {
            let reply = try await AlertmanagerHTTP.get(url + path)
            #expect(reply.status == 200, "\(path): \(reply.body)")
            views.append(AlertmanagerHTTP.canonical(normalised(try reply.json())))
        }
        return views
    }

    /// Expects Argus (`urls[1]`) to list the same alerts and groups as 0.25 (`urls[0]`).
    static func expectSameViews(_ urls: [String], after moment: String) async throws {
        let (upstream, argus) = try await (apiViews(urls[0]), apiViews(urls[1]))
        #expect(argus[0] == upstream[0], "GET /api/v2/alerts after \(moment)")
        #expect(argus[1] == upstream[1], "GET /api/v2/alerts/groups after \(moment)")
    }

    private static func normalised(_ value: Any) -> Any {
        if let array = value as? [Any] { return array.map(normalised) }
        guard var object = value as? [String: Any] else { return value }
        if object["fingerprint"] != nil {
            object["updatedAt"] = "<server clock>"
            object["endsAt"] = "<server clock>"
        }
        if let inhibitors = object["inhibitedBy"] as? [Any], !inhibitors.isEmpty {
            object["inhibitedBy"] = ["<source alert>"]
        }
        return object.mapValues(normalised)
    }

    @Test(.enabled(if: AlertmanagerProcess.upstreamAvailable, "prometheus-alertmanager 0.25 is not installed"))
    func notificationsAndAPIMatchAlertmanager025() async throws {
        let directory = try Fixtures.temporaryDirectory("am-diff")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await NotifyTestServer.run { upstreamHookPort, upstreamHook in
            try await NotifyTestServer.run { argusHookPort, argusHook in
                let upstream = try await AlertmanagerProcess.start(
                    .upstream, config: Self.config(hookPort: upstreamHookPort),
                    in: directory.appendingPathComponent("upstream"))
                defer { upstream.stop() }
                let argusDirectory = directory.appendingPathComponent("argus")
                try FileManager.default.createDirectory(at: argusDirectory, withIntermediateDirectories: true)
                try await withAlertmanager(
                    config: Self.config(hookPort: argusHookPort), directory: argusDirectory
                ) { argus in
                    try await Self.runScenario(
                        urls: [upstream.url, argus.url], upstreamHook: upstreamHook, argusHook: argusHook)
                }
            }
        }
    }

    static func runScenario(urls: [String], upstreamHook: NotifyTestServer, argusHook: NotifyTestServer) async throws {
        let start = GoTime.now()
        let started = ContinuousClock.now
        func both(_ count: Int) async -> Bool {
            await eventually(timeout: .seconds(60)) {
                upstreamHook.requests.count >= count && argusHook.requests.count >= count
            }
        }

        // Five groups over three receivers; WebSlow in eu is inhibited by
        // the critical DBDown alerts of the same cluster.
        try await post(
            [
                alert("DBDown", team: "db", cluster: "eu", instance: "a", severity: "critical", startsAt: start),
                alert("DBDown", team: "db", cluster: "eu", instance: "b", severity: "critical", startsAt: start),
                alert("WebSlow", team: "web", cluster: "eu", instance: "w1", severity: "warning", startsAt: start),
                alert("WebSlow", team: "web", cluster: "us", instance: "w2", severity: "warning", startsAt: start),
                alert("DBLag", team: "db", cluster: "us", instance: "r1", severity: "info", startsAt: start),
            ], to: urls)
        #expect(await both(5), "first flush: \(upstreamHook.requests.count) vs \(argusHook.requests.count)")
        try await Self.expectSameViews(urls, after: "the first flush")

        // A later alert joins the DBDown groups: both receivers hear of it
        // at the next group_interval (db-log truncated to one alert).
        let added = GoTime.now()
        try await post(
            [alert("DBDown", team: "db", cluster: "eu", instance: "c", severity: "critical", startsAt: added)], to: urls
        )
        #expect(await both(7), "addition: \(upstreamHook.requests.count) vs \(argusHook.requests.count)")

        // Resolutions: one of three DBDown alerts and the whole DBLag group.
        // Only db-pager (send_resolved) is told.
        let resolved = GoTime.now()
        try await post(
            [
                alert(
                    "DBDown", team: "db", cluster: "eu", instance: "a", severity: "critical", startsAt: start,
                    endsAt: resolved),
                alert(
                    "DBLag", team: "db", cluster: "us", instance: "r1", severity: "info", startsAt: start,
                    endsAt: resolved),
            ], to: urls)
        #expect(await both(9), "resolution: \(upstreamHook.requests.count) vs \(argusHook.requests.count)")
        try await Self.expectSameViews(urls, after: "the resolution")

        // The last critical alerts resolve: the inhibition ends, and WebSlow
        // in eu is finally sent.
        let lifted = GoTime.now()
        try await post(
            [
                alert(
                    "DBDown", team: "db", cluster: "eu", instance: "b", severity: "critical", startsAt: start,
                    endsAt: lifted),
                alert(
                    "DBDown", team: "db", cluster: "eu", instance: "c", severity: "critical", startsAt: added,
                    endsAt: lifted),
            ], to: urls)
        #expect(await both(11), "inhibition lifted: \(upstreamHook.requests.count) vs \(argusHook.requests.count)")
        // Nothing more within group_wait + 2 × group_interval.
        try await Task.sleep(for: .seconds(6))

        let expected = try notifications(upstreamHook)
        let actual = try notifications(argusHook)
        #expect(upstreamHook.requests.count == 11, "the scenario's assumptions about 0.25 no longer hold")
        #expect(Set(actual.keys) == Set(expected.keys))
        for (key, upstreamSequence) in expected.sorted(by: { $0.key < $1.key }) {
            let argusSequence = actual[key] ?? []
            #expect(argusSequence.map(\.json) == upstreamSequence.map(\.json), "notifications of \(key)")
            for (mine, theirs) in zip(argusSequence, upstreamSequence) {
                // Nothing is sent before group_wait; both flush on the same schedule.
                #expect(mine.at - started >= .milliseconds(900), "\(key) sent before group_wait")
                let skew = mine.at > theirs.at ? mine.at - theirs.at : theirs.at - mine.at
                #expect(skew < .seconds(3), "\(key): Argus and 0.25 sent \(skew) apart")
            }
        }
    }

    /// Requests at the edges of the API, answered byte for byte as 0.25
    /// answers them: go-openapi's lenient booleans, its 405 wording, regex
    /// errors quoting the anchored pattern, Go's mux on `/-/` paths.
    @Test(.enabled(if: AlertmanagerProcess.upstreamAvailable, "prometheus-alertmanager 0.25 is not installed"))
    func apiEdgesMatchAlertmanager025() async throws {
        let directory = try Fixtures.temporaryDirectory("am-diff-api")
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = "route:\n  receiver: default\nreceivers:\n  - name: default\n"
        let upstream = try await AlertmanagerProcess.start(
            .upstream, config: config, in: directory.appendingPathComponent("upstream"))
        defer { upstream.stop() }
        let argus = try await AlertmanagerProcess.start(
            .argus, config: config, in: directory.appendingPathComponent("argus"))
        defer { argus.stop() }
        let alerts = #"[{"labels":{"alertname":"Edge","instance":"a"}}]"#
        for url in [upstream.url, argus.url] {
            #expect(try await AlertmanagerHTTP.post(url + "/api/v2/alerts", json: alerts).status == 200)
        }
        let requests: [(method: String, path: String)] = [
            ("GET", "/api/v2/alerts?active=yes"), ("GET", "/api/v2/alerts?active=maybe"),
            ("GET", "/api/v2/alerts?silenced="), ("GET", "/api/v2/alerts?active=ON&inhibited=0"),
            ("GET", "/api/v2/alerts?receiver=("), ("GET", "/api/v2/silences?filter=a%3D~%28"),
            ("PUT", "/api/v2/alerts"), ("POST", "/api/v2/alerts/groups"), ("DELETE", "/api/v2/silences"),
            ("POST", "/api/v2/silence/x"), ("POST", "/api/v2/status"), ("DELETE", "/api/v2/receivers"),
            ("GET", "/-/reload"), ("POST", "/-/healthy"), ("DELETE", "/-/ready"), ("POST", "/metrics"),
        ]
        for (method, path) in requests {
            var replies: [AlertmanagerHTTP.Reply] = []
            for url in [upstream.url, argus.url] {
                replies.append(try await AlertmanagerHTTP.send(method, url + path))
            }
            var bodies = replies.map(\.body)
            if replies[0].status == 200 {
                // Listings: compare which alerts, not the server-set times.
                bodies = try replies.map { reply in
                    let listed = try reply.json() as? [[String: Any]] ?? []
                    return "\(listed.compactMap { $0["fingerprint"] as? String })"
                }
            }
            if replies[0].status == 405 {
                // 0.25 lists the allowed methods in Go's map order, which varies.
                bodies = bodies.map(Self.sortingAllowedMethods)
            }
            #expect(replies[1].status == replies[0].status, "\(method) \(path): \(replies[1].body)")
            #expect(bodies[1] == bodies[0], "\(method) \(path)")
        }
    }

    /// `... but [GET,POST] are` with the bracketed list sorted.
    static func sortingAllowedMethods(_ text: String) -> String {
        guard let open = text.firstIndex(of: "["), let close = text[open...].firstIndex(of: "]") else { return text }
        let methods = text[text.index(after: open)..<close].split(separator: ",").sorted()
        return text[...open] + methods.joined(separator: ",") + text[close...]
    }
}
