import ArgusCore
import GoTemplate
import Testing

@testable import Alertmanager

@Suite struct InhibitorTests {
    let now = GoTime(seconds: 1_700_000_000)

    func alert(_ labels: Labels, endsIn seconds: Int64 = 300) -> Alert {
        Alert(
            labels: labels, startsAt: now, endsAt: now.adding(GoDuration(nanoseconds: seconds * 1_000_000_000)),
            updatedAt: now)
    }

    func inhibitor(equal: [String] = ["cluster"]) throws -> (Inhibitor, AlertMarker) {
        let marker = AlertMarker()
        let rule = InhibitRule(
            sourceMatchers: try Matcher.parseList("severity=critical"),
            targetMatchers: try Matcher.parseList("severity=~warning|critical"), equal: equal)
        return (Inhibitor(rules: [rule], marker: marker), marker)
    }

    @Test func sourceInhibitsTargetWithEqualLabels() throws {
        let (inhibitor, marker) = try inhibitor()
        let source = alert(["alertname": "Down", "severity": "critical", "cluster": "eu"])
        inhibitor.observe(source)
        let target: Labels = ["alertname": "Slow", "severity": "warning", "cluster": "eu"]
        #expect(inhibitor.mutes(target, now: now))
        #expect(marker.status(Fingerprint(target)).inhibitedBy == [source.fingerprint.description])
        #expect(!inhibitor.mutes(["alertname": "Slow", "severity": "warning", "cluster": "us"], now: now))
        #expect(!inhibitor.mutes(["alertname": "Slow", "severity": "info", "cluster": "eu"], now: now))
    }

    @Test func alertOnBothSidesDoesNotInhibitItselfOrPeers() throws {
        let (inhibitor, _) = try inhibitor()
        let source = alert(["alertname": "Down", "severity": "critical", "cluster": "eu"])
        inhibitor.observe(source)
        #expect(!inhibitor.mutes(source.labels, now: now))
        #expect(!inhibitor.mutes(["alertname": "Other", "severity": "critical", "cluster": "eu"], now: now))
    }

    @Test func resolvedSourcesStopInhibiting() throws {
        let (inhibitor, marker) = try inhibitor()
        inhibitor.observe(alert(["alertname": "Down", "severity": "critical", "cluster": "eu"], endsIn: 10))
        let target: Labels = ["alertname": "Slow", "severity": "warning", "cluster": "eu"]
        #expect(inhibitor.mutes(target, now: now))
        let later = now.adding(GoDuration(nanoseconds: 20_000_000_000))
        #expect(!inhibitor.mutes(target, now: later))
        #expect(marker.status(Fingerprint(target)).state == .active)
        inhibitor.collectGarbage(now: later)
        #expect(!inhibitor.mutes(target, now: now))
    }
}
