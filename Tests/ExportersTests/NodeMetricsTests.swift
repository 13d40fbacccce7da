import Testing

@testable import HostCollectors

@Suite struct NodeMetricsTests {
    @Test func familiesAndSeriesComeOutInClientGolangsOrder() {
        var metrics = NodeMetrics()
        metrics.add("node_b", help: "B.", type: .gauge, labels: ["device": "sdb"], value: 2)
        metrics.add("node_b", help: "B.", type: .gauge, labels: ["device": "sda"], value: 1)
        metrics.add("node_a", help: "A.", type: .counter, labels: ["z": "1", "a": "2"], value: 3)
        #expect(metrics.names == ["node_a", "node_b"])
        #expect(metrics.labelValues("node_b", "device") == ["sda", "sdb"])
        #expect(metrics.sortedFamilies[0].samples[0].labels.map(\.name) == ["a", "z"])
        #expect(
            metrics.textExposition == """
                # HELP node_a A.
                # TYPE node_a counter
                node_a{a="2",z="1"} 3
                # HELP node_b B.
                # TYPE node_b gauge
                node_b{device="sda"} 1
                node_b{device="sdb"} 2

                """)
    }

    @Test func inconsistentSeriesAreDroppedAndExplained() {
        var metrics = NodeMetrics()
        metrics.add("node_x", help: "X.", type: .gauge, labels: ["cpu": "0"], value: 1)
        metrics.add("node_x", help: "Other.", type: .gauge, labels: ["cpu": "1"], value: 2)
        metrics.add("node_x", help: "X.", type: .counter, labels: ["cpu": "2"], value: 3)
        metrics.add("node_x", help: "X.", type: .gauge, labels: ["cpu": "0"], value: 4)
        #expect(metrics.value("node_x", ["cpu": "0"]) == 1)
        #expect(metrics.labelValues("node_x", "cpu") == ["0"])
        #expect(
            metrics.errors == [
                "collected metric node_x has help \"Other.\" but should have \"X.\"",
                "collected metric node_x has type counter but should have gauge",
                "collected metric node_x {cpu=\"0\"} was collected before with the same name and label values",
            ])
    }

    @Test func mergeTakesNewFamiliesWholeAndChecksSharedOnes() {
        var all = NodeMetrics()
        all.add("node_shared", help: "S.", type: .gauge, labels: ["k": "1"], value: 1)
        var other = NodeMetrics()
        other.add("node_only", help: "O.", type: .gauge, labels: ["k": "a"], value: 5)
        other.add("node_shared", help: "S.", type: .gauge, labels: ["k": "1"], value: 9)
        other.add("node_shared", help: "S.", type: .gauge, labels: ["k": "2"], value: 2)
        all.merge(other)
        #expect(all.value("node_only", ["k": "a"]) == 5)
        #expect(all.value("node_shared", ["k": "1"]) == 1)
        #expect(all.value("node_shared", ["k": "2"]) == 2)
        #expect(all.errors.count == 1)
        // The merged family still refuses a repeat of a series it took whole.
        all.add("node_only", help: "O.", type: .gauge, labels: ["k": "a"], value: 6)
        #expect(all.value("node_only", ["k": "a"]) == 5)
        #expect(all.errors.count == 2)
    }
}
