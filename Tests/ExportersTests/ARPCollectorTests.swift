import Testing

@testable import HostCollectors

@Suite struct ARPCollectorTests {
    static let table = """
        IP address       HW type     Flags       HW address            Mask     Device
        192.168.1.1      0x1         0x2         3c:84:6a:12:34:56     *        wlan0
        192.168.1.23     0x1         0x2         a4:83:e7:01:02:03     *        wlan0
        172.17.0.2       0x1         0x2         02:42:ac:11:00:02     *        docker0
        10.0.0.1         0x1         0x2         02:42:ac:11:00:03     *        eth0

        """

    @Test func countsEntriesPerDevice() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/arp", Self.table)
        let (metrics, error) = try tree.scrape(ARPCollector.self)
        #expect(error == nil)
        #expect(metrics.value("node_arp_entries", ["device": "wlan0"]) == 2)
        #expect(metrics.value("node_arp_entries", ["device": "docker0"]) == 1)
    }

    @Test func includeAndExcludeApplyTogether() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/arp", Self.table)
        var options = NodeCollectorOptions()
        options.arpDeviceInclude = "^(wlan|docker)"
        options.arpDeviceExclude = "^docker"
        let (metrics, _) = try tree.scrape(ARPCollector.self, options: options)
        #expect(metrics.labelValues("node_arp_entries", "device") == ["wlan0"])
    }

    @Test func emptyTableReportsNothing() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write(
            "proc/net/arp", "IP address       HW type     Flags       HW address            Mask     Device\n")
        let (metrics, error) = try tree.scrape(ARPCollector.self)
        #expect(error == nil)
        #expect(metrics.names.isEmpty)
    }

    @Test func shortLineIsMalformed() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/net/arp", Self.table + "10.0.0.2 0x1 eth0\n")
        let (metrics, error) = try tree.scrape(ARPCollector.self)
        #expect(error == .malformed(path: tree.path("proc/net/arp"), line: 6, reason: "unexpected ARP table format"))
        #expect(metrics.names.isEmpty)
    }

    @Test func missingTableIsUnreadable() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let (_, error) = try tree.scrape(ARPCollector.self)
        #expect(error == .unreadable(path: tree.path("proc/net/arp"), reason: "no such file or directory"))
    }
}
