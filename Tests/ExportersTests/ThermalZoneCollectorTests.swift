import Testing

@testable import HostCollectors

@Suite struct ThermalZoneCollectorTests {
    private func writeZone(_ tree: TemporaryNodeTree, _ name: String, type: String, temp: String) throws {
        try tree.write("sys/class/thermal/\(name)/type", type + "\n")
        try tree.write("sys/class/thermal/\(name)/policy", "step_wise\n")
        try tree.write("sys/class/thermal/\(name)/temp", temp)
    }

    @Test func noThermalDirectoryReportsNothing() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let (metrics, error) = try tree.scrape(ThermalZoneCollector.self)
        #expect(error == nil)
        #expect(metrics.names.isEmpty)
    }

    @Test func zonesAndCoolingDevices() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try writeZone(tree, "thermal_zone0", type: "acpitz", temp: "27800\n")
        try writeZone(tree, "thermal_zone12", type: "iwlwifi_1", temp: " -4500 \n")
        try tree.write("sys/class/thermal/thermal_zone12/passive", "0\n")
        try writeZone(tree, "thermal_zoneX", type: "ignored", temp: "1\n")
        try tree.write("sys/class/thermal/cooling_device0/type", "intel_powerclamp\n")
        try tree.write("sys/class/thermal/cooling_device0/max_state", "50\n")
        try tree.write("sys/class/thermal/cooling_device0/cur_state", "-1\n")
        let (metrics, error) = try tree.scrape(ThermalZoneCollector.self)
        #expect(error == nil)
        #expect(metrics.value("node_thermal_zone_temp", ["zone": "0", "type": "acpitz"]) == 27.8)
        #expect(metrics.value("node_thermal_zone_temp", ["zone": "12", "type": "iwlwifi_1"]) == -4.5)
        #expect(metrics.labelValues("node_thermal_zone_temp", "zone") == ["0", "12"])
        let device = ["name": "0", "type": "intel_powerclamp"]
        #expect(metrics.value("node_cooling_device_cur_state", device) == -1)
        #expect(metrics.value("node_cooling_device_max_state", device) == 50)
    }

    @Test func malformedZoneFailsEveryZone() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try writeZone(tree, "thermal_zone0", type: "acpitz", temp: "27800\n")
        try writeZone(tree, "thermal_zone1", type: "x86_pkg_temp", temp: "52.5\n")
        let (metrics, error) = try tree.scrape(ThermalZoneCollector.self)
        guard case .malformed(let path, _, _) = error else {
            Issue.record("expected a malformed error, got \(String(describing: error))")
            return
        }
        #expect(path == tree.path("sys/class/thermal/thermal_zone1/temp"))
        #expect(metrics.names.isEmpty)
    }

    @Test func optionalFilesMayBeMissingButNotMalformed() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try writeZone(tree, "thermal_zone0", type: "acpitz", temp: "27800\n")
        var (metrics, error) = try tree.scrape(ThermalZoneCollector.self)
        #expect(error == nil)
        #expect(metrics.value("node_thermal_zone_temp", ["zone": "0", "type": "acpitz"]) == 27.8)

        // Go's ParseUint takes no sign.
        try tree.write("sys/class/thermal/thermal_zone0/passive", "+5\n")
        (metrics, error) = try tree.scrape(ThermalZoneCollector.self)
        let expected = NodeCollectorError.malformed(
            path: tree.path("sys/class/thermal/thermal_zone0/passive"), line: nil,
            reason: "not an unsigned integer: \"+5\"")
        #expect(error == expected)
        #expect(metrics.names.isEmpty)

        try tree.remove("sys/class/thermal/thermal_zone0/passive")
        try tree.remove("sys/class/thermal/thermal_zone0/policy")
        (_, error) = try tree.scrape(ThermalZoneCollector.self)
        let missingPolicy = NodeCollectorError.unreadable(
            path: tree.path("sys/class/thermal/thermal_zone0/policy"), reason: "no such file or directory")
        #expect(error == missingPolicy)
    }

    @Test func malformedCoolingDeviceKeepsZones() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try writeZone(tree, "thermal_zone0", type: "acpitz", temp: "27800\n")
        try tree.write("sys/class/thermal/cooling_device0/type", "Processor\n")
        try tree.write("sys/class/thermal/cooling_device0/max_state", "3\n")
        try tree.write("sys/class/thermal/cooling_device0/cur_state", "off\n")
        let (metrics, error) = try tree.scrape(ThermalZoneCollector.self)
        let expected = NodeCollectorError.malformed(
            path: tree.path("sys/class/thermal/cooling_device0/cur_state"), line: nil, reason: "not an integer: \"off\""
        )
        #expect(error == expected)
        #expect(metrics.names == ["node_thermal_zone_temp"])
    }
}
