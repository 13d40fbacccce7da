import ArgusCore
import Testing

@testable import Notifier

@Suite struct AlertJSONTests {
    /// Two alerts as Prometheus 2.42 posted them (captured from the real
    /// binary): annotations left out when empty, `&`, `<`, `>` escaped.
    @Test func matchesWhatPrometheusPosts() {
        let alerts = [
            Alert(
                labels: ["alertname": "AlwaysOn", "replica": "a", "severity": "page & <x>"],
                annotations: ["summary": "it is on"], startsAt: 1_795_327_886_632, endsAt: 1_795_327_900_632,
                generatorURL: "http://vm:19090/graph?g0.expr=vector%281%29&g0.tab=1"),
            Alert(
                labels: ["alertname": "NoAnn", "replica": "a"], startsAt: 1_795_327_886_632,
                endsAt: 1_795_327_900_632, generatorURL: "http://vm:19090/graph?g0.expr=vector%282%29&g0.tab=1"),
        ]
        let expected =
            #"[{"annotations":{"summary":"it is on"},"endsAt":"2026-11-22T06:11:40.632Z","#
            + #""startsAt":"2026-11-22T06:11:26.632Z","#
            + #""generatorURL":"http://vm:19090/graph?g0.expr=vector%281%29\u0026g0.tab=1","#
            + #""labels":{"alertname":"AlwaysOn","replica":"a","severity":"page \u0026 \u003cx\u003e"}},"#
            + #"{"endsAt":"2026-11-22T06:11:40.632Z","startsAt":"2026-11-22T06:11:26.632Z","#
            + #""generatorURL":"http://vm:19090/graph?g0.expr=vector%282%29\u0026g0.tab=1","#
            + #""labels":{"alertname":"NoAnn","replica":"a"}}]"#
        #expect(String(decoding: Alert.apiV2Payload(alerts), as: UTF8.self) == expected)
    }

    /// Without an end and a generator URL: Go's zero time and no URL field.
    @Test func writesZeroTimeForAMissingEndAndOmitsAnEmptyURL() {
        let alert = Alert(labels: ["alertname": "Down"], startsAt: 0)
        let expected =
            #"[{"endsAt":"0001-01-01T00:00:00.000Z","startsAt":"1970-01-01T00:00:00.000Z","#
            + #""labels":{"alertname":"Down"}}]"#
        #expect(String(decoding: Alert.apiV2Payload([alert]), as: UTF8.self) == expected)
    }

    @Test func writesAnEmptyArrayAndEmptyLabels() {
        #expect(String(decoding: Alert.apiV2Payload([]), as: UTF8.self) == "[]")
        let alert = Alert(labels: Labels(), startsAt: 1)
        #expect(
            String(decoding: Alert.apiV2Payload([alert]), as: UTF8.self)
                == #"[{"endsAt":"0001-01-01T00:00:00.000Z","startsAt":"1970-01-01T00:00:00.001Z","labels":{}}]"#)
    }

    @Test func escapesLikeGo() {
        let alert = Alert(
            labels: ["alertname": "Quote\"Back\\slash\nline\u{2028}", "ünï": "cödé"], startsAt: 0, endsAt: 0)
        let text = String(decoding: Alert.apiV2Payload([alert]), as: UTF8.self)
        #expect(text.contains(#""alertname":"Quote\"Back\\slash\nline\u2028""#))
        #expect(text.contains(#""ünï":"cödé""#))
    }

    @Test(arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (1_700_000_000_123, "2023-11-14T22:13:20.123Z"),
        (1_700_000_000_100, "2023-11-14T22:13:20.100Z"),
        (-1, "1969-12-31T23:59:59.999Z"),
        (Alert.goZeroTime, "0001-01-01T00:00:00.000Z"),
    ])
    func formatsTimesWithMilliseconds(milliseconds: Int64, text: String) {
        #expect(Alert.rfc3339Milliseconds(milliseconds) == text)
    }

    @Test func knowsWhenItIsResolved() {
        let open = Alert(labels: ["alertname": "a"], startsAt: 10)
        #expect(!open.isResolved(at: 1_000))
        #expect(open.name == "a")
        let ended = Alert(labels: ["alertname": "a"], startsAt: 10, endsAt: 100)
        #expect(!ended.isResolved(at: 99))
        #expect(ended.isResolved(at: 100))
    }
}
