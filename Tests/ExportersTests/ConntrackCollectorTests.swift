import Testing

@testable import HostCollectors

@Suite struct ConntrackCollectorTests {
    static let header =
        "entries  clashres found new invalid ignore delete chainlength insert insert_failed drop early_drop icmp_error  expect_new expect_create expect_delete search_restart\n"

    @Test func sumsTheCPUsInHex() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/sys/net/netfilter/nf_conntrack_count", "12\n")
        try tree.write("proc/sys/net/netfilter/nf_conntrack_max", "65536\n")
        try tree.write(
            "proc/net/stat/nf_conntrack",
            Self.header
                + "0000000c 0 0000000a 0 1 2 0 0 3 4 5 6 0 0 0 0 ffffffffffffffff\n"
                + "0000000c 0 00000010 0 1 2 0 0 3 4 5 6 0 0 0 0 00000002\n")
        let (metrics, error) = try tree.scrape(ConntrackCollector.self)
        #expect(error == nil)
        #expect(metrics.value("node_nf_conntrack_entries") == 12)
        #expect(metrics.value("node_nf_conntrack_entries_limit") == 65536)
        #expect(metrics.value("node_nf_conntrack_stat_found") == 26)
        #expect(metrics.value("node_nf_conntrack_stat_early_drop") == 12)
        // Sums wrap around as Go's uint64 does.
        #expect(metrics.value("node_nf_conntrack_stat_search_restart") == 1)
        #expect(metrics.names.count == 10)
    }

    @Test func missingModuleIsNoData() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let (metrics, error) = try tree.scrape(ConntrackCollector.self)
        #expect(error?.isNoData == true)
        #expect(metrics.names.isEmpty)
    }

    @Test func missingStatisticsKeepTheTableSize() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/sys/net/netfilter/nf_conntrack_count", "12\n")
        try tree.write("proc/sys/net/netfilter/nf_conntrack_max", "65536\n")
        let (metrics, error) = try tree.scrape(ConntrackCollector.self)
        #expect(error?.isNoData == true)
        #expect(metrics.names == ["node_nf_conntrack_entries", "node_nf_conntrack_entries_limit"])
    }

    @Test func malformedFilesNameTheirPath() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/sys/net/netfilter/nf_conntrack_count", "twelve\n")
        var (_, error) = try tree.scrape(ConntrackCollector.self)
        #expect(
            error
                == .malformed(
                    path: tree.path("proc/sys/net/netfilter/nf_conntrack_count"), line: nil,
                    reason: "not an unsigned integer: \"twelve\""))
        try tree.write("proc/sys/net/netfilter/nf_conntrack_count", "12\n")
        try tree.write("proc/sys/net/netfilter/nf_conntrack_max", "65536\n")
        try tree.write("proc/net/stat/nf_conntrack", Self.header + "0 0 0\n")
        (_, error) = try tree.scrape(ConntrackCollector.self)
        #expect(
            error
                == .malformed(
                    path: tree.path("proc/net/stat/nf_conntrack"), line: 2,
                    reason: "invalid conntrackstat entry, missing fields"))
        try tree.write(
            "proc/net/stat/nf_conntrack",
            Self.header + "0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n0 0 g 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n")
        (_, error) = try tree.scrape(ConntrackCollector.self)
        #expect(
            error
                == .malformed(
                    path: tree.path("proc/net/stat/nf_conntrack"), line: 3, reason: "couldn't parse \"g\" field"))
    }
}
