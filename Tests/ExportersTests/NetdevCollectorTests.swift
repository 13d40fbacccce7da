import Testing

@testable import HostCollectors

@Suite struct NetdevCollectorTests {
    static let netDev = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo:  100 2 0 0 0 0 0 0  100 2 0 0 0 0 0 0
          eth0: 1000 20 1 2 3 4 5 6 2000 30 7 8 9 10 11 12

        """

    @Test func procModeReportsTheProcColumns() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/dev", Self.netDev)
        try tree.write("sys/class/net/eth0/statistics/rx_nohandler", "42\n")
        var options = NodeCollectorOptions()
        options.netdevNetlink = false
        let (metrics, error) = try tree.scrape(NetdevCollector.self, options: options)
        #expect(error == nil)
        #expect(metrics.names.count == 16)
        #expect(metrics.value("node_network_receive_frame_total", ["device": "eth0"]) == 4)
        #expect(metrics.value("node_network_transmit_carrier_total", ["device": "eth0"]) == 11)
        #expect(metrics.value("node_network_receive_nohandler_total", ["device": "eth0"]) == nil)
    }

    @Test func netlinkModeAddsNoHandlerFromSysfs() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/dev", Self.netDev)
        try tree.write("sys/class/net/eth0/statistics/rx_nohandler", "42\n")
        let (metrics, error) = try tree.scrape(NetdevCollector.self)
        #expect(error == nil)
        #expect(metrics.names.count == 17)
        #expect(metrics.value("node_network_receive_nohandler_total", ["device": "eth0"]) == 42)
        // A device without the sysfs file gets no nohandler series.
        #expect(metrics.labelValues("node_network_receive_nohandler_total", "device") == ["eth0"])
        #expect(metrics.value("node_network_receive_bytes_total", ["device": "lo"]) == 100)
    }

    @Test func deviceFilters() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/dev", Self.netDev)
        var options = NodeCollectorOptions()
        options.netdevDeviceExclude = "^lo$"
        var (metrics, _) = try tree.scrape(NetdevCollector.self, options: options)
        #expect(metrics.labelValues("node_network_receive_bytes_total", "device") == ["eth0"])
        options.netdevDeviceExclude = nil
        options.netdevDeviceInclude = "^l"
        (metrics, _) = try tree.scrape(NetdevCollector.self, options: options)
        #expect(metrics.labelValues("node_network_receive_bytes_total", "device") == ["lo"])
        options.netdevDeviceExclude = "^e"
        #expect(throws: NodeCollectorError.self) { try tree.collector(NetdevCollector.self, options: options) }
    }

    @Test func lineWithoutColonIsMalformed() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/dev", "header\nheader\n  eth0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n")
        let (_, error) = try tree.scrape(NetdevCollector.self)
        #expect(
            error == .malformed(path: tree.path("proc/net/dev"), line: 3, reason: "invalid net/dev line, missing colon")
        )
    }

    @Test func shortOrNonNumericLineIsMalformed() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/dev", "header\nheader\n  eth0: 1 2 3\n")
        var (_, error) = try tree.scrape(NetdevCollector.self)
        #expect(error == .malformed(path: tree.path("proc/net/dev"), line: 3, reason: "expected 16 counters, got 3"))
        try tree.write("proc/net/dev", "header\nheader\n  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 -16\n")
        (_, error) = try tree.scrape(NetdevCollector.self)
        #expect(error == .malformed(path: tree.path("proc/net/dev"), line: 3, reason: "invalid counter \"-16\""))
    }

    @Test func addressInfoReportsEveryAddress() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/dev", Self.netDev)
        var options = NodeCollectorOptions()
        options.netdevAddressInfo = true
        let (metrics, error) = try tree.scrape(NetdevCollector.self, options: options)
        #expect(error == nil)
        let expected = try NetworkAddress.all()
        #expect(metrics.labelValues("node_network_address_info", "address") == expected.map(\.address).sorted())
        #expect(
            metrics.labelValues("node_network_address_info", "scope").allSatisfy {
                ["", "link-local", "interface-local", "global"].contains($0)
            })
    }

    @Test func formatsAddressesAsGo() {
        #expect(NetworkAddress.format([127, 0, 0, 1]) == "127.0.0.1")
        #expect(NetworkAddress.format([UInt8](repeating: 0, count: 15) + [1]) == "::1")
        #expect(NetworkAddress.format([UInt8](repeating: 0, count: 16)) == "::")
        let linkLocal: [UInt8] = [0xFE, 0x80, 0, 0, 0, 0, 0, 0, 0, 0xFC, 0, 0xFF, 0xFE, 0, 0, 1]
        #expect(NetworkAddress.format(linkLocal) == "fe80::fc:ff:fe00:1")
        // A single zero group is not shortened; the first of equal runs is.
        let single: [UInt8] = [0x20, 0x01, 0x0D, 0xB8, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]
        #expect(NetworkAddress.format(single) == "2001:db8:0:1::1")
        let tied: [UInt8] = [0x20, 0x01, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1]
        #expect(NetworkAddress.format(tied) == "2001::1:0:0:1:1")
        let mapped: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 10, 0, 0, 1]
        #expect(NetworkAddress.format(mapped) == "10.0.0.1")
    }

    @Test func scopesAndPrefixLengthsAsNodeExporter() {
        #expect(NetworkAddress.scope(of: [127, 0, 0, 1]) == "link-local")
        #expect(NetworkAddress.scope(of: [169, 254, 3, 4]) == "link-local")
        #expect(NetworkAddress.scope(of: [192, 168, 1, 2]) == "global")
        #expect(NetworkAddress.scope(of: [239, 1, 1, 1]) == "")
        #expect(NetworkAddress.scope(of: [0xFF, 0x01] + [UInt8](repeating: 0, count: 13) + [1]) == "interface-local")
        #expect(NetworkAddress.scope(of: [0xFF, 0x02] + [UInt8](repeating: 0, count: 13) + [1]) == "link-local")
        #expect(NetworkAddress.scope(of: [0xFD, 0] + [UInt8](repeating: 0, count: 13) + [2]) == "global")
        #expect(NetworkAddress.prefixLength(of: [255, 255, 255, 0]) == 24)
        #expect(NetworkAddress.prefixLength(of: [255, 0, 255, 0]) == 0)
        #expect(
            NetworkAddress.prefixLength(of: [UInt8](repeating: 255, count: 8) + [UInt8](repeating: 0, count: 8)) == 64)
    }
}
