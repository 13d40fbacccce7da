import ArgusCore
import PromQL
import Storage
import Testing

@testable import Rules

@Suite struct AlertingRuleTests {
    let world = RuleWorld()

    func rule(holdFor: Int64 = 2 * minute, keepFiringFor: Int64 = 0) throws -> AlertingRule {
        try AlertingRule(
            name: "HighLoad", expression: expr("load > 1"), holdDuration: holdFor, keepFiringFor: keepFiringFor,
            labels: ["severity": "page"], annotations: ["summary": "load is high"])
    }

    func evaluate(_ rule: AlertingRule, at time: Int64, load: Double?) throws -> [VectorElement] {
        if let load { try world.append([(["__name__": "load", "host": "h1"], load)], at: time) }
        return try rule.evaluate(at: time, queryOffset: 0, context: world.options.context, limit: 0)
    }

    @Test func goesFromPendingToFiringAfterItsHoldDuration() throws {
        let rule = try rule()
        let first = try evaluate(rule, at: 0, load: 5)
        #expect(rule.activeAlerts.map(\.state) == [.pending])
        #expect(
            first == [
                VectorElement(
                    labels: [
                        "__name__": "ALERTS", "alertname": "HighLoad", "alertstate": "pending", "host": "h1",
                        "severity": "page",
                    ], timestamp: 0, value: 1),
                VectorElement(
                    labels: [
                        "__name__": "ALERTS_FOR_STATE", "alertname": "HighLoad", "host": "h1", "severity": "page",
                    ],
                    timestamp: 0, value: 0),
            ])
        _ = try evaluate(rule, at: minute, load: 5)
        #expect(rule.activeAlerts.map(\.state) == [.pending])
        let firing = try evaluate(rule, at: 2 * minute, load: 5)
        #expect(rule.activeAlerts.map(\.state) == [.firing])
        #expect(rule.activeAlerts.first?.firedAt == 2 * minute)
        #expect(rule.activeAlerts.first?.activeAt == 0)
        #expect(firing.first?.labels["alertstate"] == "firing")
        #expect(rule.activeAlerts.first?.labels == ["alertname": "HighLoad", "host": "h1", "severity": "page"])
        #expect(rule.activeAlerts.first?.annotations == ["summary": "load is high"])
    }

    @Test func pendingAlertsVanishAndFiringOnesResolve() throws {
        let rule = try rule()
        _ = try evaluate(rule, at: 0, load: 5)
        _ = try evaluate(rule, at: minute, load: 0)
        #expect(rule.trackedAlerts.isEmpty)

        _ = try evaluate(rule, at: 2 * minute, load: 5)
        _ = try evaluate(rule, at: 4 * minute, load: 5)
        #expect(rule.activeAlerts.map(\.state) == [.firing])
        let resolved = try evaluate(rule, at: 5 * minute, load: 0)
        #expect(resolved.isEmpty)
        #expect(rule.activeAlerts.isEmpty)
        #expect(rule.trackedAlerts.map(\.state) == [.inactive])
        #expect(rule.trackedAlerts.first?.resolvedAt == 5 * minute)
        // A resolved alert is kept for 15 minutes so that its resolution is resent.
        _ = try evaluate(rule, at: 20 * minute, load: 0)
        #expect(rule.trackedAlerts.count == 1)
        _ = try evaluate(rule, at: 21 * minute, load: 0)
        #expect(rule.trackedAlerts.isEmpty)
    }

    @Test func keepFiringForHoldsAResolvedAlert() throws {
        let rule = try rule(holdFor: 0, keepFiringFor: 2 * minute)
        _ = try evaluate(rule, at: 0, load: 5)
        #expect(rule.activeAlerts.map(\.state) == [.firing])
        _ = try evaluate(rule, at: minute, load: 0)
        #expect(rule.activeAlerts.map(\.state) == [.firing])
        _ = try evaluate(rule, at: 2 * minute, load: 0)
        #expect(rule.activeAlerts.map(\.state) == [.firing])
        _ = try evaluate(rule, at: 3 * minute, load: 0)
        #expect(rule.activeAlerts.isEmpty)
        #expect(rule.trackedAlerts.first?.resolvedAt == 3 * minute)
    }

    @Test func restartsPendingWhenTheConditionReturns() throws {
        let rule = try rule()
        _ = try evaluate(rule, at: 0, load: 5)
        _ = try evaluate(rule, at: 2 * minute, load: 5)
        _ = try evaluate(rule, at: 3 * minute, load: 0)
        _ = try evaluate(rule, at: 4 * minute, load: 5)
        #expect(rule.activeAlerts.map(\.state) == [.pending])
        #expect(rule.activeAlerts.first?.activeAt == 4 * minute)
    }

    @Test func writesNoSeriesUntilRestored() throws {
        let rule = try AlertingRule(name: "A", expression: expr("vector(1)"), restored: false)
        #expect(try rule.evaluate(at: 0, queryOffset: 0, context: world.options.context, limit: 0).isEmpty)
        #expect(rule.activeAlerts.count == 1)
        rule.isRestored = true
        #expect(try rule.evaluate(at: minute, queryOffset: 0, context: world.options.context, limit: 0).count == 2)
    }

    @Test func sendsFiringAlertsAtTheResendCadenceAndResolvedOnesOnce() throws {
        let rule = try rule(holdFor: 0)
        _ = try evaluate(rule, at: 0, load: 5)
        let first = rule.alertsToSend(at: 0, resendDelay: minute, interval: 15_000)
        #expect(first.count == 1)
        #expect(first.first?.validUntil == 4 * minute)
        #expect(rule.alertsToSend(at: 30_000, resendDelay: minute, interval: 15_000).isEmpty)
        #expect(rule.alertsToSend(at: 61_000, resendDelay: minute, interval: 15_000).count == 1)
        _ = try evaluate(rule, at: 90_000, load: 0)
        let resolved = rule.alertsToSend(at: 90_000, resendDelay: minute, interval: 15_000)
        #expect(resolved.map(\.resolvedAt) == [90_000])
        let outgoing = OutgoingAlert(resolved[0], expression: "load > 1", externalURL: "http://argus:9090")
        #expect(outgoing.startsAt == 0)
        #expect(outgoing.endsAt == 90_000)
        #expect(outgoing.generatorURL == "http://argus:9090/graph?g0.expr=load+%3E+1&g0.tab=1")
    }

    @Test func pendingAlertsAreNotSent() throws {
        let rule = try rule()
        _ = try evaluate(rule, at: 0, load: 5)
        #expect(rule.alertsToSend(at: 0, resendDelay: minute, interval: minute).isEmpty)
    }

    @Test func limitClearsTheAlerts() throws {
        try world.append([(["__name__": "x", "i": "1"], 1), (["__name__": "x", "i": "2"], 1)], at: 0)
        let rule = try AlertingRule(name: "X", expression: expr("x"))
        #expect(throws: RuleEvaluationError("exceeded limit of 1 with 2 alerts")) {
            try rule.evaluate(at: 0, queryOffset: 0, context: world.options.context, limit: 1)
        }
        #expect(rule.trackedAlerts.isEmpty)
    }
}
