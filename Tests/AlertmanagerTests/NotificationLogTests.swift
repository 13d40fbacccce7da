import GoTemplate
import Testing

@testable import Alertmanager

@Suite struct NotificationLogTests {
    let clock = SilenceTestClock()
    let webhook = NotificationReceiver(groupName: "team-x", integration: "webhook", index: 0)

    @Test func remembersTheLastNotificationPerGroupAndIntegration() {
        let log = NotificationLog(retention: hours(120), now: clock.function)
        log.log(receiver: webhook, groupKey: "{}:{alertname=\"A\"}", firing: [1, 2], resolved: [])
        clock.advance(seconds: 30)
        log.log(receiver: webhook, groupKey: "{}:{alertname=\"A\"}", firing: [2], resolved: [1])
        let entry = log.query(receiver: webhook, groupKey: "{}:{alertname=\"A\"}")
        #expect(entry?.firingAlerts == [2])
        #expect(entry?.resolvedAlerts == [1])
        #expect(entry?.timestamp == clock.now)
        #expect(entry?.expiresAt == clock.now.adding(hours(120)))
        let email = NotificationReceiver(groupName: "team-x", integration: "email", index: 0)
        #expect(log.query(receiver: email, groupKey: "{}:{alertname=\"A\"}") == nil)
        #expect(webhook.description == "team-x/webhook/0")
    }

    @Test func expiryShortensButNeverExtendsRetention() {
        let log = NotificationLog(retention: hours(2), now: clock.function)
        log.log(receiver: webhook, groupKey: "short", firing: [1], resolved: [], expiry: hours(1))
        log.log(receiver: webhook, groupKey: "long", firing: [1], resolved: [], expiry: hours(5))
        #expect(log.query(receiver: webhook, groupKey: "short")?.expiresAt == clock.now.adding(hours(1)))
        #expect(log.query(receiver: webhook, groupKey: "long")?.expiresAt == clock.now.adding(hours(2)))
        clock.advance(seconds: 3600)
        #expect(log.gc() == 1)
        #expect(log.count == 1)
        clock.advance(seconds: 3600)
        #expect(log.gc() == 1)
        #expect(log.count == 0)
    }

    @Test func keepsAnEntryFromTheFuture() {
        let log = NotificationLog(retention: hours(2), now: clock.function)
        clock.advance(seconds: 60)
        log.log(receiver: webhook, groupKey: "g", firing: [1], resolved: [])
        clock.advance(seconds: -30)
        log.log(receiver: webhook, groupKey: "g", firing: [9], resolved: [])
        #expect(log.query(receiver: webhook, groupKey: "g")?.firingAlerts == [1])
    }

    @Test func countsMissesAsQueryErrors() {
        let log = NotificationLog(retention: hours(2), now: clock.function)
        log.log(receiver: webhook, groupKey: "g", firing: [1], resolved: [])
        _ = log.query(receiver: webhook, groupKey: "g")
        _ = log.query(receiver: webhook, groupKey: "missing")
        var text = ""
        log.appendMetrics(to: &text)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("alertmanager_nflog_queries_total 2"))
        #expect(lines.contains("alertmanager_nflog_query_errors_total 1"))
        #expect(
            lines.prefix(4) == [
                "# HELP alertmanager_nflog_gc_duration_seconds Duration of the last notification log garbage collection cycle.",
                "# TYPE alertmanager_nflog_gc_duration_seconds summary",
                "alertmanager_nflog_gc_duration_seconds_sum 0",
                "alertmanager_nflog_gc_duration_seconds_count 0",
            ])
        #expect(lines.filter { $0.hasPrefix("# TYPE") }.count == 7)
    }
}
