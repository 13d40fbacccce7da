import Testing

@testable import HostCollectors

@Suite struct StatCollectorTests {
    @Test func softirqVectorsWhenEnabled() throws {
        var tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write(
            "proc/stat",
            "cpu 1 2 3\nintr 9 1 2\nctxt 8\nbtime 7\nprocesses 6\nprocs_running 5\nprocs_blocked 4\n"
                + "softirq 55 1 2 3 4 5 6 7 8 9 10\n")
        let plain = try tree.collect(StatCollector.self)
        #expect(!plain.names.contains("node_softirqs_total"))
        #expect(plain.value("node_intr_total") == 9)
        #expect(plain.value("node_boot_time_seconds") == 7)
        #expect(plain.value("node_procs_blocked") == 4)
        tree.options.statSoftirq = true
        let metrics = try tree.collect(StatCollector.self)
        #expect(metrics.labelSets("node_softirqs_total").count == 10)
        #expect(metrics.value("node_softirqs_total", ["vector": "hi"]) == 1)
        #expect(metrics.value("node_softirqs_total", ["vector": "rcu"]) == 10)
    }

    @Test func malformedCountNamesTheLine() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/stat", "cpu 1 2 3\nctxt 8\nbtime -7\n")
        let error = try #require(throws: NodeCollectorError.self) { try tree.collect(StatCollector.self) }
        #expect(error == .malformed(path: tree.path("proc/stat"), line: 3, reason: "couldn't parse \"-7\" (btime)"))
    }

    @Test func malformedInterruptCount() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/stat", "intr 9 1 x\n")
        let error = try #require(throws: NodeCollectorError.self) { try tree.collect(StatCollector.self) }
        #expect(error == .malformed(path: tree.path("proc/stat"), line: 1, reason: "couldn't parse \"x\" (intr)"))
    }

    @Test func missingFileIsAnError() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let error = try #require(throws: NodeCollectorError.self) { try tree.collect(StatCollector.self) }
        #expect(!error.isNoData)
    }
}
