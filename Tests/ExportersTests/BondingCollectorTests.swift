import Testing

@testable import HostCollectors

@Suite struct BondingCollectorTests {
    @Test func countsSlavesAndActiveOnes() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("sys/class/net/bonding_masters", "bond0 bond1 bond0\n")
        try tree.write("sys/class/net/bond0/bonding/slaves", "eth0 eth1\n")
        try tree.write("sys/class/net/eth0/bonding_slave/mii_status", "up\n")
        try tree.write("sys/class/net/eth1/bonding_slave/mii_status", "down\n")
        try tree.link("sys/class/net/bond0/lower_eth0", to: "../eth0")
        // Older kernels link slaves as `slave_<name>`.
        try tree.link("sys/class/net/bond0/slave_eth1", to: "../eth1")
        try tree.write("sys/class/net/bond1/bonding/slaves", "\n")
        let (metrics, error) = try tree.scrape(BondingCollector.self)
        #expect(error == nil)
        #expect(metrics.value("node_bonding_slaves", ["master": "bond0"]) == 2)
        #expect(metrics.value("node_bonding_active", ["master": "bond0"]) == 1)
        #expect(metrics.value("node_bonding_slaves", ["master": "bond1"]) == 0)
        #expect(metrics.labelValues("node_bonding_active", "master") == ["bond0", "bond1"])
    }

    @Test func anyMissingFileIsNoData() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        var (metrics, error) = try tree.scrape(BondingCollector.self)
        #expect(error?.isNoData == true)

        try tree.write("sys/class/net/bonding_masters", "bond0\n")
        try tree.write("sys/class/net/bond0/bonding/slaves", "eth0\n")
        (metrics, error) = try tree.scrape(BondingCollector.self)
        #expect(error?.isNoData == true)
        #expect(metrics.names.isEmpty)
    }

    @Test func unreadableStatusFails() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("sys/class/net/bonding_masters", "bond0\n")
        try tree.write("sys/class/net/bond0/bonding/slaves", "eth0\n")
        try tree.makeDirectory("sys/class/net/bond0/lower_eth0/bonding_slave/mii_status")
        let (metrics, error) = try tree.scrape(BondingCollector.self)
        let expected = NodeCollectorError.unreadable(
            path: tree.path("sys/class/net/bond0/lower_eth0/bonding_slave/mii_status"), reason: "is a directory")
        #expect(error == expected)
        #expect(metrics.names.isEmpty)
    }
}
