import ArgusCore
import PromQL
import Storage
import Synchronization
import Testing

@testable import Rules

@Suite struct RuleGroupTests {
    let world = RuleWorld()

    @Test func storesRecordingResultsAndMarksVanishedSeriesStale() throws {
        let group = RuleGroup(
            name: "g", file: "rules.yml", interval: minute,
            rules: [RecordingRule(name: "up:copy", expression: try expr("up"))], options: world.options)
        try world.append([(["__name__": "up", "i": "1"], 1), (["__name__": "up", "i": "2"], 0)], at: 0)
        group.evaluate(at: 0)
        #expect(try world.series("up:copy").count == 2)
        try world.append(
            [(["__name__": "up", "i": "1"], 1), (["__name__": "up", "i": "2"], StaleMarker.value)], at: minute)
        group.evaluate(at: minute)
        let copies = try world.series("up:copy")
        let gone = try #require(copies[["__name__": "up:copy", "i": "2"]])
        #expect(gone.count == 2)
        #expect(StaleMarker.isStale(gone[1].value))
        #expect(gone[1].timestamp == minute)
        #expect(copies[["__name__": "up:copy", "i": "1"]]?.map(\.value) == [1, 1])
        #expect(group.rules[0].status.health == .good)
    }

    @Test func recordsAFailingRuleAndGoesOn() throws {
        let group = RuleGroup(
            name: "g", file: "f", interval: minute,
            rules: [
                AlertingRule(
                    name: "Dup", expression: try expr(#"label_replace(vector(1) or vector(2), "a", "", "", "")"#)),
                RecordingRule(name: "one", expression: try expr("vector(1)")),
            ], options: world.options)
        group.evaluate(at: 0)
        #expect(group.rules[0].status.health == .good)
        #expect(group.rules[1].status.health == .good)
        let failing = RuleGroup(
            name: "g", file: "f", interval: minute, limit: 1,
            rules: [
                RecordingRule(
                    name: "two", expression: try expr("vector(1) or label_replace(vector(1), \"a\", \"b\", \"\", \"\")")
                )
            ],
            options: world.options)
        failing.evaluate(at: 0)
        #expect(failing.rules[0].status.health == .bad)
        #expect(failing.rules[0].status.lastError == "exceeded limit of 1 with 2 series")
    }

    @Test func sendsFiringAlertsToTheNotifier() throws {
        let group = RuleGroup(
            name: "g", file: "f", interval: minute,
            rules: [
                AlertingRule(
                    name: "Always", expression: try expr("vector(1)"), labels: ["severity": "info"],
                    annotations: ["summary": "always"])
            ], options: world.options)
        group.evaluate(at: 0)
        let sent = world.sent.withLock { $0 }
        #expect(sent.count == 1)
        #expect(sent.first?.labels == ["alertname": "Always", "severity": "info"])
        #expect(sent.first?.generatorURL == "http://argus:9090/graph?g0.expr=vector%281%29&g0.tab=1")
        #expect(try world.series("ALERTS").count == 1)
    }

    @Test func evaluationTimesAreAlignedWithAStableOffset() {
        let group = RuleGroup(name: "g", file: "f", interval: minute, rules: [], options: world.options)
        let now: Int64 = 1_700_000_123_456
        let slot = group.evaluationTimestamp(now: now)
        #expect(slot <= now && now - slot < minute)
        #expect(group.evaluationTimestamp(now: now + minute) == slot + minute)
        #expect(group.evaluationTimestamp(now: slot) == slot)
    }

    @Test func reloadKeepsAlertStateOfMatchingRules() throws {
        let old = RuleGroup(
            name: "g", file: "f", interval: minute,
            rules: [AlertingRule(name: "A", expression: try expr("vector(1)"), holdDuration: 5 * minute)],
            options: world.options)
        old.evaluate(at: 0)
        let new = RuleGroup(
            name: "g", file: "f", interval: minute,
            rules: [AlertingRule(name: "A", expression: try expr("vector(1)"), holdDuration: 5 * minute)],
            options: world.options)
        new.copyState(from: old)
        #expect(new.alertingRules[0].activeAlerts.first?.activeAt == 0)
    }

    @Test func restoresForStateAfterARestart() throws {
        let hold = 30 * minute
        // Before the restart the alert had been pending since minute 0; the server went down at minute 10.
        let before = RuleGroup(
            name: "g", file: "f", interval: minute,
            rules: [AlertingRule(name: "Slow", expression: try expr("vector(1)"), holdDuration: hold)],
            options: world.options)
        for step in 0...10 { before.evaluate(at: Int64(step) * minute) }

        // Back at minute 15: the alert's 20 remaining pending minutes start again from now.
        let after = RuleGroup(
            name: "g", file: "f", interval: minute,
            rules: [
                AlertingRule(name: "Slow", expression: try expr("vector(1)"), holdDuration: hold, restored: false)
            ], shouldRestore: true, options: world.options)
        after.evaluate(at: 15 * minute)
        after.evaluate(at: 16 * minute)
        after.restoreForState(at: 16 * minute)
        let alert = try #require(after.alertingRules[0].activeAlerts.first)
        #expect(alert.activeAt == 6 * minute)
        #expect(after.alertingRules[0].isRestored)
    }

    @Test func restoreUsesTheGracePeriodWhenLittleTimeRemains() throws {
        let hold = 30 * minute
        let before = RuleGroup(
            name: "g", file: "f", interval: minute,
            rules: [AlertingRule(name: "Slow", expression: try expr("vector(1)"), holdDuration: hold)],
            options: world.options)
        for step in 0...25 { before.evaluate(at: Int64(step) * minute) }
        let after = RuleGroup(
            name: "g", file: "f", interval: minute,
            rules: [
                AlertingRule(name: "Slow", expression: try expr("vector(1)"), holdDuration: hold, restored: false)
            ], shouldRestore: true, options: world.options)
        after.evaluate(at: 27 * minute)
        after.restoreForState(at: 27 * minute)
        // 5 minutes remained, less than the 10-minute grace period: it fires 10 minutes from now.
        #expect(after.alertingRules[0].activeAlerts.first?.activeAt == 27 * minute + 10 * minute - hold)
    }

    @Test func rejectedSamplesMakeTheRuleUnhealthyButStoreTheRest() throws {
        // Two rules write the same series with different values: the second one's sample is rejected.
        let group = RuleGroup(
            name: "g", file: "f", interval: minute,
            rules: [
                RecordingRule(name: "same", expression: try expr("vector(1)")),
                RecordingRule(name: "same", expression: try expr("vector(2)")),
            ], options: world.options)
        group.evaluate(at: 0)
        #expect(group.rules[0].status.health == .good)
        // MemoryStorage rejects the batch at commit; the TSDB rejects the sample at append.
        #expect(group.rules[1].status.health == .bad)
        #expect(group.rules[1].status.lastError?.contains("duplicate sample") == true)
        #expect(try world.series("same").values.first?.map(\.value) == [1])
    }
}
