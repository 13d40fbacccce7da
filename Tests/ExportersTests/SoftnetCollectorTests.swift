import Testing

@testable import HostCollectors

@Suite struct SoftnetCollectorTests {
    @Test func hexColumnsPerLine() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write(
            "proc/net/softnet_stat",
            "0000ffff 00000002 ffffffff 0 0 0 0 0 0 0 0 0 0 0 0\n00000001 00000000 0000000a 0 0 0 0 0 0\n")
        let metrics = try tree.collect(SoftnetCollector.self)
        #expect(metrics.value("node_softnet_processed_total", ["cpu": "0"]) == 65535)
        #expect(metrics.value("node_softnet_times_squeezed_total", ["cpu": "0"]) == 4_294_967_295)
        #expect(metrics.value("node_softnet_times_squeezed_total", ["cpu": "1"]) == 10)
        #expect(metrics.labelSets("node_softnet_dropped_total").count == 2)
    }

    @Test func malformedLines() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/softnet_stat", "00000001 0 0 0 0 0 0 0 0\n00000001 0 0 0\n")
        var error = try #require(throws: NodeCollectorError.self) { try tree.collect(SoftnetCollector.self) }
        #expect(
            error
                == .malformed(
                    path: tree.path("proc/net/softnet_stat"), line: 2,
                    reason: "4 columns were detected, but at least 9 were expected"))
        try tree.write("proc/net/softnet_stat", "100000000 0 0 0 0 0 0 0 0\n")
        error = try #require(throws: NodeCollectorError.self) { try tree.collect(SoftnetCollector.self) }
        #expect(
            error == .malformed(path: tree.path("proc/net/softnet_stat"), line: 1, reason: "invalid column 100000000"))
    }
}
