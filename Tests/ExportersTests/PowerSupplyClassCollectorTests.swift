import Testing

@testable import HostCollectors

@Suite struct PowerSupplyClassCollectorTests {
    @Test func missingClassDirectoryIsNoData() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let (metrics, error) = try tree.scrape(PowerSupplyClassCollector.self)
        #expect(error?.isNoData == true)
        #expect(metrics.names.isEmpty)
    }

    @Test func numbersAreScaledAndTextsBecomeInfoLabels() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let dir = "sys/devices/platform/PNP0C0A_00/power_supply/BAT0/"
        try tree.write(dir + "capacity", "0x57\n")  // Go's base prefixes: 87
        try tree.write(dir + "cycle_count", "0_12\n")  // octal with a separator: 10
        try tree.write(dir + "voltage_now", "16512000\n")
        try tree.write(dir + "temp", "295\n")
        try tree.write(dir + "status", "Discharging\n")
        try tree.write(dir + "health", "   \n")  // blank: no label
        try tree.write(dir + "model_name", bytes: Array("5B10".utf8) + [0xFF, 0xFF] + [0x0A])
        try tree.write(dir + "unknown_attribute", "not a number\n")
        try tree.makeDirectory(dir + "power")
        try tree.link(dir + "device", to: "../../../PNP0C0A_00")
        try tree.link("sys/class/power_supply/BAT0", to: "../../devices/platform/PNP0C0A_00/power_supply/BAT0")

        let (metrics, error) = try tree.scrape(PowerSupplyClassCollector.self)
        #expect(error == nil)
        let battery = ["power_supply": "BAT0"]
        #expect(metrics.value("node_power_supply_capacity", battery) == 87)
        #expect(metrics.value("node_power_supply_cyclecount", battery) == 10)
        #expect(metrics.value("node_power_supply_voltage_volt", battery) == 16.512)
        #expect(metrics.value("node_power_supply_temp_celsius", battery) == 29.5)
        let info = ["power_supply": "BAT0", "status": "Discharging", "model_name": "5B10\u{FFFD}"]
        #expect(metrics.value("node_power_supply_info", info) == 1)
        #expect(metrics.names.count == 5)
    }

    @Test func malformedNumberFailsEvenWhenUnreported() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("sys/class/power_supply/AC/online", "1\n")
        try tree.write("sys/class/power_supply/BAT0/power_avg", "unknown\n")
        let (metrics, error) = try tree.scrape(PowerSupplyClassCollector.self)
        let expected = NodeCollectorError.malformed(
            path: tree.path("sys/class/power_supply/BAT0/power_avg"), line: nil, reason: "not an integer: \"unknown\"")
        #expect(error == expected)
        #expect(metrics.names.isEmpty)
    }

    @Test func ignoredSuppliesOption() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("sys/class/power_supply/AC/online", "1\n")
        try tree.write("sys/class/power_supply/hidpp_battery_0/online", "1\n")
        var options = NodeCollectorOptions()
        options.powerSupplyIgnored = "^hidpp"
        let (metrics, error) = try tree.scrape(PowerSupplyClassCollector.self, options: options)
        #expect(error == nil)
        #expect(metrics.labelValues("node_power_supply_online", "power_supply") == ["AC"])
        #expect(metrics.labelValues("node_power_supply_info", "power_supply") == ["AC"])

        options.powerSupplyIgnored = "("
        #expect(throws: NodeCollectorError.self) {
            try tree.collector(PowerSupplyClassCollector.self, options: options)
        }
    }
}
