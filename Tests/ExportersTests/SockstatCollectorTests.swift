import Testing

@testable import HostCollectors

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

@Suite struct SockstatCollectorTests {
    @Test func reportsBothFiles() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write(
            "proc/net/sockstat",
            "sockets: used 13\nTCP: inuse 1 orphan 0 tw 2 alloc 0x10 mem 3\nFRAG: inuse 0 memory 0\n")
        try tree.write("proc/net/sockstat6", "TCP6: inuse 4\nUDP6: mem 1\n")
        let (metrics, error) = try tree.scrape(SockstatCollector.self)
        #expect(error == nil)
        #expect(metrics.value("node_sockstat_sockets_used") == 13)
        #expect(metrics.value("node_sockstat_TCP_alloc") == 16)
        #expect(metrics.value("node_sockstat_TCP_mem_bytes") == Double(3 * sysconf(Int32(_SC_PAGESIZE))))
        #expect(metrics.value("node_sockstat_TCP6_inuse") == 4)
        // inuse is always reported; absent counters are not.
        #expect(metrics.value("node_sockstat_UDP6_inuse") == 0)
        #expect(metrics.value("node_sockstat_UDP6_orphan") == nil)
        #expect(metrics.value("node_sockstat_FRAG_memory") == 0)
        let help = metrics.sortedFamilies.first { $0.name == "node_sockstat_TCP_tw" }?.help
        #expect(help == "Number of TCP sockets in state tw.")
    }

    @Test func missingFilesAreSkipped() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        var (metrics, error) = try tree.scrape(SockstatCollector.self)
        #expect(error == nil)
        #expect(metrics.names.isEmpty)
        try tree.write("proc/net/sockstat6", "sockets: used 5\nRAW6: inuse 2\n")
        (metrics, error) = try tree.scrape(SockstatCollector.self)
        #expect(error == nil)
        // Only IPv4's socket count is reported.
        #expect(metrics.names == ["node_sockstat_RAW6_inuse"])
    }

    @Test func oddKeyValueListIsMalformed() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/sockstat", "sockets: used 13\nTCP: inuse 1 orphan\n")
        try tree.write("proc/net/sockstat6", "TCP6: inuse 4\n")
        let (metrics, error) = try tree.scrape(SockstatCollector.self)
        #expect(
            error
                == .malformed(
                    path: tree.path("proc/net/sockstat"), line: 2, reason: "odd number of fields in key/value pairs"))
        #expect(metrics.names.isEmpty)
    }

    @Test func badValueInIPv6FileFailsTheScrape() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/sockstat", "sockets: used 13\n")
        try tree.write("proc/net/sockstat6", "TCP6: inuse many\n")
        let (metrics, error) = try tree.scrape(SockstatCollector.self)
        #expect(
            error
                == .malformed(
                    path: tree.path("proc/net/sockstat6"), line: 1, reason: "invalid value \"many\" for inuse"))
        #expect(metrics.names.isEmpty)
    }
}
