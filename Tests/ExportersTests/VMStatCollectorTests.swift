import Testing

@testable import HostCollectors

@Suite struct VMStatCollectorTests {
    static let vmstat = "nr_free_pages 12\npgfault 34\npgmajfault 5\noom_kill 1\npswpin 7\nworkingset_refault 9\n"

    @Test func defaultFieldsAreUntyped() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/vmstat", Self.vmstat)
        let metrics = try tree.collect(VMStatCollector.self)
        #expect(
            metrics.names == [
                "node_vmstat_oom_kill", "node_vmstat_pgfault", "node_vmstat_pgmajfault", "node_vmstat_pswpin",
            ])
        #expect(metrics.sortedFamilies.allSatisfy { $0.type == .untyped })
        #expect(metrics.value("node_vmstat_pgfault") == 34)
    }

    @Test func fieldsOption() throws {
        var tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/vmstat", Self.vmstat)
        tree.options.vmstatFields = "^nr_|refault"
        let metrics = try tree.collect(VMStatCollector.self)
        #expect(metrics.names == ["node_vmstat_nr_free_pages", "node_vmstat_workingset_refault"])
        tree.options.vmstatFields = "("
        let error = try #require(throws: NodeCollectorError.self) {
            try VMStatCollector(environment: tree.environment)
        }
        guard case .invalidOption(let flag, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(flag == "collector.vmstat.fields")
    }

    @Test func everyLineIsParsedEvenIfNotReported() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/vmstat", "pgfault 1\nnr_dirty many\n")
        let error = try #require(throws: NodeCollectorError.self) { try tree.collect(VMStatCollector.self) }
        #expect(
            error == .malformed(path: tree.path("proc/vmstat"), line: 2, reason: "expected \"<field> <value>\""))
    }
}
