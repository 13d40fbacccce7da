import Testing

@testable import HostCollectors

@Suite struct MeminfoCollectorTests {
    @Test func namesUnitsAndTypes() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write(
            "proc/meminfo",
            "MemTotal:  100 kB\nActive(anon):  3 kB\nHugePages_Total:  4\n\nWeird_total: 5\nMemTotal:  200 kB\n")
        let metrics = try tree.collect(MeminfoCollector.self)
        #expect(
            metrics.names == [
                "node_memory_Active_anon_bytes", "node_memory_HugePages_Total", "node_memory_MemTotal_bytes",
                "node_memory_Weird_total",
            ])
        // A repeated field keeps its last value.
        #expect(metrics.value("node_memory_MemTotal_bytes") == 204_800)
        #expect(metrics.value("node_memory_HugePages_Total") == 4)
        #expect(metrics.sortedFamilies.first { $0.name == "node_memory_Weird_total" }?.type == .counter)
        #expect(metrics.sortedFamilies.first { $0.name == "node_memory_HugePages_Total" }?.type == .gauge)
    }

    @Test func invalidMetricNamesAreSkipped() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        // The greedy "(…)" rewrite leaves "Foo_a)(b": node-exporter panics on it.
        try tree.write("proc/meminfo", "Foo(a)(b):  1 kB\nBar:  2 kB\n")
        let metrics = try tree.collect(MeminfoCollector.self)
        #expect(metrics.names == ["node_memory_Bar_bytes"])
    }

    @Test func malformedLines() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/meminfo", "MemTotal:  100 kB\nMemFree:  x kB\n")
        var error = try #require(throws: NodeCollectorError.self) { try tree.collect(MeminfoCollector.self) }
        #expect(error == .malformed(path: tree.path("proc/meminfo"), line: 2, reason: "invalid value in meminfo"))
        try tree.write("proc/meminfo", "MemTotal:  100 kB extra\n")
        error = try #require(throws: NodeCollectorError.self) { try tree.collect(MeminfoCollector.self) }
        #expect(error == .malformed(path: tree.path("proc/meminfo"), line: 1, reason: "invalid line in meminfo"))
        try tree.write("proc/meminfo", "MemTotal:\n")
        error = try #require(throws: NodeCollectorError.self) { try tree.collect(MeminfoCollector.self) }
        #expect(error == .malformed(path: tree.path("proc/meminfo"), line: 1, reason: "invalid value in meminfo"))
    }
}
