import Testing

@testable import HostCollectors

@Suite struct SchedstatCollectorTests {
    @Test func perCPUTimes() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write(
            "proc/schedstat",
            """
            version 15
            timestamp 4300571841
            cpu0 0 0 0 0 0 0 2500000000 1000000000 42
            domain0 00000003 1 2 3
            cpu1 0 0 0 0 0 0 99999999999999999999 1 1
            cpu2  0 0 0 0 0 0 1 1 1

            """)
        let metrics = try tree.collect(SchedstatCollector.self)
        #expect(metrics.value("node_schedstat_running_seconds_total", ["cpu": "0"]) == 2.5)
        #expect(metrics.value("node_schedstat_waiting_seconds_total", ["cpu": "0"]) == 1)
        #expect(metrics.value("node_schedstat_timeslices_total", ["cpu": "0"]) == 42)
        // An overflowing time and a line with a double space are skipped.
        #expect(metrics.labelSets("node_schedstat_timeslices_total") == [["cpu": "0"]])
    }

    @Test func missingFileMeansNoData() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let error = try #require(throws: NodeCollectorError.self) { try tree.collect(SchedstatCollector.self) }
        #expect(error.isNoData)
    }
}
