import ArgusCore
import GoTemplate
import Testing

@testable import Alertmanager

@Suite struct AlertStoreTests {
    static func time(_ seconds: Int64) -> GoTime { GoTime(seconds: 1_700_000_000 + seconds) }

    @Test func mergeKeepsEarliestStartAndExplicitEnd() {
        let older = Alert(
            labels: ["alertname": "A"], startsAt: Self.time(0), endsAt: Self.time(600), updatedAt: Self.time(10))
        var younger = Alert(
            labels: ["alertname": "A"], startsAt: Self.time(60), endsAt: Self.time(300), updatedAt: Self.time(20),
            timeout: true)
        // Neither is resolved at t=100 and the older end was set by the client, so the later end wins.
        var merged = older.merged(with: younger, now: Self.time(100))
        #expect(merged.startsAt == Self.time(0))
        #expect(merged.endsAt == Self.time(600))
        #expect(merged.updatedAt == Self.time(20))
        // A resolved younger version keeps its own end unless the older one also ended later.
        younger.endsAt = Self.time(90)
        merged = older.merged(with: younger, now: Self.time(100))
        #expect(merged.endsAt == Self.time(90))
        // Argument order does not matter: the younger version always wins.
        #expect(younger.merged(with: older, now: Self.time(100)) == merged)
    }

    @Test func putMergesOverlappingAndReplacesAfterResolution() {
        let store = AlertStore(marker: AlertMarker())
        let first = Alert(
            labels: ["alertname": "A"], startsAt: Self.time(0), endsAt: Self.time(300), updatedAt: Self.time(0),
            timeout: true)
        store.put([first], now: Self.time(0))
        var again = first
        again.startsAt = Self.time(60)
        again.endsAt = Self.time(360)
        again.updatedAt = Self.time(60)
        store.put([again], now: Self.time(60))
        #expect(store.get(first.fingerprint)?.startsAt == Self.time(0))
        #expect(store.get(first.fingerprint)?.endsAt == Self.time(360))
        // Fires again long after it ended: a new alert, not merged.
        var later = first
        later.startsAt = Self.time(1000)
        later.endsAt = Self.time(1300)
        later.updatedAt = Self.time(1000)
        store.put([later], now: Self.time(1000))
        #expect(store.get(first.fingerprint)?.startsAt == Self.time(1000))
        #expect(store.count == 1)
    }

    @Test func garbageCollectionDropsResolvedAlertsAndMarks() {
        let marker = AlertMarker()
        let store = AlertStore(marker: marker)
        let resolved = Alert(
            labels: ["alertname": "Gone"], startsAt: Self.time(0), endsAt: Self.time(10), updatedAt: Self.time(0))
        let firing = Alert(
            labels: ["alertname": "Here"], startsAt: Self.time(0), endsAt: Self.time(1000), updatedAt: Self.time(0))
        store.put([resolved, firing], now: Self.time(0))
        marker.setSilenced(resolved.fingerprint, by: ["s1"])
        #expect(marker.status(resolved.fingerprint).state == .suppressed)
        #expect(store.collectGarbage(now: Self.time(100)) == 1)
        #expect(store.get(resolved.fingerprint) == nil)
        #expect(store.get(firing.fingerprint) != nil)
        #expect(marker.status(resolved.fingerprint).state == .unprocessed)
    }

    @Test func subscribersGetExistingThenNewAlerts() async {
        let store = AlertStore(marker: AlertMarker())
        let a = Alert(labels: ["alertname": "A"], startsAt: Self.time(0), updatedAt: Self.time(0))
        let b = Alert(labels: ["alertname": "B"], startsAt: Self.time(0), updatedAt: Self.time(0))
        store.put([a], now: Self.time(0))
        let stream = store.subscribe()
        store.put([b], now: Self.time(0))
        store.close()
        var seen: [String] = []
        for await alert in stream { seen.append(alert.labels["alertname"] ?? "") }
        #expect(seen == ["A", "B"])
    }

    @Test func notificationOrderPutsJobThenInstanceFirst() {
        func alert(_ labels: Labels) -> Alert { Alert(labels: labels, startsAt: .zero, updatedAt: .zero) }
        let sorted = [
            alert(["alertname": "Z"]),
            alert(["alertname": "A", "job": "b"]),
            alert(["alertname": "A", "job": "a", "instance": "2"]),
            alert(["alertname": "A", "job": "a", "instance": "1"]),
            alert(["a": "1"]),
        ].sorted(by: Alert.notificationOrder).map(\.labels.labelSetDescription)
        #expect(
            sorted == [
                #"{alertname="A", instance="1", job="a"}"#, #"{alertname="A", instance="2", job="a"}"#,
                // Equal sizes: over the union of names, the set lacking `a` sorts first.
                #"{alertname="A", job="b"}"#, #"{alertname="Z"}"#, #"{a="1"}"#,
            ])
    }
}
