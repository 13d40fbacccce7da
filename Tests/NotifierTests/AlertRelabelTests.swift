import ArgusCore
import Relabel
import Testing

@testable import Notifier

@Suite struct AlertRelabelTests {
    @Test func addsExternalLabelsWhereTheAlertHasNone() {
        let alerts = [
            Alert(labels: ["alertname": "a", "replica": "own"], startsAt: 0),
            Alert(labels: ["alertname": "b"], startsAt: 0),
        ]
        let result = Alert.relabel(alerts, rules: [], externalLabels: ["cluster": "eu", "replica": "1"])
        #expect(
            result.map(\.labels) == [
                ["alertname": "a", "cluster": "eu", "replica": "own"],
                ["alertname": "b", "cluster": "eu", "replica": "1"],
            ])
    }

    @Test func appliesRulesAfterExternalLabels() throws {
        let rules = [
            try RelabelConfig(sourceLabels: ["severity"], regex: "info", action: .drop),
            try RelabelConfig(sourceLabels: ["cluster"], targetLabel: "region", replacement: "r-$1"),
        ]
        let alerts = [
            Alert(labels: ["alertname": "a", "severity": "info"], startsAt: 0),
            Alert(labels: ["alertname": "b", "severity": "page"], annotations: ["x": "y"], startsAt: 5),
        ]
        let result = Alert.relabel(alerts, rules: rules, externalLabels: ["cluster": "eu"])
        #expect(result.count == 1)
        #expect(result[0].labels == ["alertname": "b", "cluster": "eu", "region": "r-eu", "severity": "page"])
        #expect(result[0].annotations == ["x": "y"])
        #expect(result[0].startsAt == 5)
    }

    @Test func dropsAlertsLeftWithoutLabels() throws {
        let rules = [try RelabelConfig(regex: ".*", action: .labeldrop)]
        let alerts = [Alert(labels: ["alertname": "a"], startsAt: 0)]
        #expect(Alert.relabel(alerts, rules: rules, externalLabels: ["cluster": "eu"]).isEmpty)
        #expect(Alert.relabel([Alert(labels: Labels(), startsAt: 0)], rules: [], externalLabels: Labels()).isEmpty)
    }
}
