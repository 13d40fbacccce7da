import Testing

@testable import HostCollectors

@Suite struct UDPQueuesCollectorTests {
    static let header =
        "   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops\n"

    @Test func sumsTheQueuesOfAllSockets() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write(
            "proc/net/udp",
            Self.header
                + "  512: 3500007F:0035 00000000:0000 07 00000010:00000100 00:00000000 00000000   101        0 20544 2 0000000000000000 0\n"
                + "  887: 00000000:B1A6 00000000:0000 07 00000001:00000200 00:00000000 00000000     0        0 31877 2 0000000000000000 0\n"
        )
        let (metrics, error) = try tree.scrape(UDPQueuesCollector.self)
        #expect(error == nil)
        #expect(metrics.value("node_udp_queues", ["queue": "tx", "ip": "v4"]) == 17)
        #expect(metrics.value("node_udp_queues", ["queue": "rx", "ip": "v4"]) == 768)
        // No udp6 file: only IPv4 is reported.
        #expect(metrics.labelValues("node_udp_queues", "ip") == ["v4", "v4"])
    }

    @Test func headerOnlyReportsZero() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/udp6", Self.header)
        let (metrics, error) = try tree.scrape(UDPQueuesCollector.self)
        #expect(error == nil)
        #expect(metrics.value("node_udp_queues", ["queue": "rx", "ip": "v6"]) == 0)
    }

    @Test func noFilesIsNoData() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let (metrics, error) = try tree.scrape(UDPQueuesCollector.self)
        #expect(error?.isNoData == true)
        #expect(metrics.names.isEmpty)
    }

    @Test func malformedSocketLinesNameTheirLine() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let good =
            "  512: 3500007F:0035 00000000:0000 07 00000010:00000100 00:00000000 00000000   101        0 20544 2 0 0\n"
        let cases: [(String, String)] = [
            ("  1: 0100007F:0035 00000000:0000 07\n", "cannot parse net socket line as it has less then 10 columns"),
            ("  1: 0100007F:0035 00000000:0000 07 00000010 00:0 0 0 0 1\n", "cannot parse tx/rx queues \"00000010\""),
            ("  1: 0100007:0035 00000000:0000 07 0:0 00:0 0 0 0 1\n", "cannot parse address \"0100007:0035\""),
            ("  1: 0100007F:0035 00000000:0000 07 0:0 00:0 0 x 0 1\n", "cannot parse uid \"x\" or inode \"1\""),
        ]
        for (line, reason) in cases {
            try tree.write("proc/net/udp", Self.header + good + line)
            let (metrics, error) = try tree.scrape(UDPQueuesCollector.self)
            #expect(error == .malformed(path: tree.path("proc/net/udp"), line: 3, reason: reason))
            #expect(metrics.names.isEmpty)
        }
    }

    @Test func ipv6FailureKeepsIPv4() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/udp", Self.header)
        try tree.write("proc/net/udp6", Self.header + "garbage\n")
        let (metrics, error) = try tree.scrape(UDPQueuesCollector.self)
        #expect(error != nil)
        #expect(metrics.labelValues("node_udp_queues", "ip") == ["v4", "v4"])
    }
}
