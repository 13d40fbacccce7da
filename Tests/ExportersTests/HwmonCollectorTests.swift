import Testing

@testable import HostCollectors

@Suite struct HwmonCollectorTests {
    @Test func missingClassDirectoryIsNoData() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let (metrics, error) = try tree.scrape(HwmonCollector.self)
        #expect(error?.isNoData == true)
        #expect(metrics.names.isEmpty)
    }

    @Test func chipNamesComeFromDeviceLinkThenNameFileThenDirectory() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        // The device's bus and name, with ':' kept and '.' replaced.
        try tree.write("sys/devices/pci0000:00/0000:00:03.1/vendor", "0x1002\n")
        try tree.write("sys/devices/virtual/hwmon/hwmon0/name", "amdgpu\n")
        try tree.write("sys/devices/virtual/hwmon/hwmon0/temp1_input", "45000\n")
        try tree.link("sys/devices/virtual/hwmon/hwmon0/device", to: "../../../pci0000:00/0000:00:03.1")
        try tree.link("sys/class/hwmon/hwmon0", to: "../../devices/virtual/hwmon/hwmon0")
        // No device: the cleaned name file.
        try tree.write("sys/class/hwmon/hwmon1/name", "ACPI Power-Meter\n")
        try tree.write("sys/class/hwmon/hwmon1/power1_average", "12500000\n")
        // Neither: the directory's name.
        try tree.write("sys/class/hwmon/hwmon2/fan1_input", "1200\n")

        let (metrics, error) = try tree.scrape(HwmonCollector.self)
        #expect(error == nil)
        #expect(metrics.value("node_hwmon_temp_celsius", ["chip": "pci0000:00_0000:00:03_1", "sensor": "temp1"]) == 45)
        #expect(
            metrics.value("node_hwmon_chip_names", ["chip": "pci0000:00_0000:00:03_1", "chip_name": "amdgpu"]) == 1)
        #expect(
            metrics.value("node_hwmon_power_average_watt", ["chip": "acpi_power_meter", "sensor": "power1"]) == 12.5)
        #expect(metrics.value("node_hwmon_fan_rpm", ["chip": "hwmon2", "sensor": "fan1"]) == 1200)
        #expect(
            metrics.labelValues("node_hwmon_chip_names", "chip") == ["acpi_power_meter", "pci0000:00_0000:00:03_1"])
    }

    @Test func cleanMetricNameLowercasesAndReplaces() {
        #expect(HwmonCollector.cleanMetricName(Array("_Package id 0:X_\n".utf8)) == "package_id_0:x")
        // Each invalid byte is one '_'; U+0130 and the Kelvin sign lower to ASCII.
        #expect(HwmonCollector.cleanMetricName([0x41, 0xFF, 0xFE, 0x42] + Array("\u{130}\u{212A}é".utf8)) == "a__bik")
        #expect(HwmonCollector.cleanMetricName(Array("__".utf8)) == "")
    }

    @Test func valuesLabelsAndUnits() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let dir = "sys/class/hwmon/hwmon0/"
        try tree.write(dir + "name", "chip\n")
        try tree.write(dir + "temp1", "41000\n")  // a bare `temp1` turns `temp1_input` into `_input`
        try tree.write(dir + "temp1_input", "42000\n")
        try tree.write(dir + "temp1_label", bytes: Array("CPU ".utf8) + [0xFF, 0xFE] + Array(" die \n".utf8))
        try tree.write(dir + "temp2_input", "n/a\n")  // not a number: skipped
        try tree.write(dir + "temp3_input", "1e400\n")  // out of range: skipped
        try tree.write(dir + "temp4_input", "1_000\n")  // Go accepts digit separators
        try tree.write(dir + "in0_input", "1200\n")
        try tree.write(dir + "curr1_crit_alarm", "1\n")
        try tree.write(dir + "energy1_input", "2500000\n")
        try tree.write(dir + "humidity1_input", "450000\n")
        try tree.write(dir + "fan1_pulses", "2\n")
        try tree.write(dir + "intrusion0_alarm", "1\n")
        try tree.write(dir + "beep_enable", "1\n")
        try tree.write(dir + "update_interval", "250\n")
        try tree.makeDirectory(dir + "power")  // a directory named like a sensor

        let (metrics, error) = try tree.scrape(HwmonCollector.self)
        #expect(error == nil)
        let labels = { (sensor: String) in ["chip": "chip", "sensor": sensor] }
        #expect(metrics.value("node_hwmon_temp_celsius", labels("temp1")) == 41)
        #expect(metrics.value("node_hwmon_temp_input_celsius", labels("temp1")) == 42)
        // The run of invalid bytes is one replacement character; spaces are kept.
        let label = ["chip": "chip", "sensor": "temp1", "label": "CPU \u{FFFD} die "]
        #expect(metrics.value("node_hwmon_sensor_label", label) == 1)
        #expect(metrics.labelValues("node_hwmon_temp_celsius", "sensor") == ["temp1", "temp4"])
        #expect(metrics.value("node_hwmon_temp_celsius", labels("temp4")) == 1)
        #expect(metrics.value("node_hwmon_in_volts", labels("in0")) == 1.2)
        #expect(metrics.value("node_hwmon_curr_crit_alarm_amps", labels("curr1")) == 0.001)
        #expect(metrics.value("node_hwmon_energy_joule_total", labels("energy1")) == 2.5)
        #expect(metrics.value("node_hwmon_humidity", labels("humidity1")) == 0.45)
        #expect(metrics.value("node_hwmon_fan_pulses", labels("fan1")) == 2)
        #expect(metrics.value("node_hwmon_intrusion_alarm", labels("intrusion0")) == 1)
        #expect(metrics.value("node_hwmon_beep_enabled", labels("beep_enable0")) == 1)
        #expect(metrics.value("node_hwmon_update_interval_seconds", labels("update_interval0")) == 0.25)
        #expect(!metrics.names.contains { $0.hasPrefix("node_hwmon_power") })
        let energy = metrics.sortedFamilies.first { $0.name == "node_hwmon_energy_joule_total" }
        #expect(energy?.type == .counter)
    }

    @Test func deviceDirectoryAddsAndOverridesSensors() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("sys/devices/platform/it87.2608/temp1_input", "50000\n")
        try tree.write("sys/devices/platform/it87.2608/temp2_input", "30000\n")
        try tree.write("sys/devices/virtual/hwmon/hwmon3/temp1_input", "20000\n")
        try tree.link("sys/devices/virtual/hwmon/hwmon3/device", to: "../../../platform/it87.2608")
        try tree.link("sys/class/hwmon/hwmon3", to: "../../devices/virtual/hwmon/hwmon3")
        let (metrics, error) = try tree.scrape(HwmonCollector.self)
        #expect(error == nil)
        #expect(metrics.value("node_hwmon_temp_celsius", ["chip": "platform_it87_2608", "sensor": "temp1"]) == 50)
        #expect(metrics.value("node_hwmon_temp_celsius", ["chip": "platform_it87_2608", "sensor": "temp2"]) == 30)
        // No name file: no chip_names annotation.
        #expect(!metrics.names.contains("node_hwmon_chip_names"))
    }

    @Test func brokenLinkFailsOnlyWhenNoLaterLinkFollows() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("sys/devices/virtual/hwmon/hwmon2/temp1_input", "20000\n")
        try tree.link("sys/class/hwmon/hwmon1", to: "../../devices/gone")
        try tree.link("sys/class/hwmon/hwmon2", to: "../../devices/virtual/hwmon/hwmon2")
        var (metrics, error) = try tree.scrape(HwmonCollector.self)
        #expect(error == nil)
        #expect(metrics.value("node_hwmon_temp_celsius", ["chip": "hwmon2", "sensor": "temp1"]) == 20)

        try tree.link("sys/class/hwmon/hwmon3", to: "../../devices/gone")
        (metrics, error) = try tree.scrape(HwmonCollector.self)
        #expect(error == .unreadable(path: tree.path("sys/class/hwmon/hwmon3"), reason: "no such file or directory"))
        #expect(metrics.value("node_hwmon_temp_celsius", ["chip": "hwmon2", "sensor": "temp1"]) == 20)
    }

    @Test func deviceThatIsNotADirectoryFailsTheChip() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("sys/class/hwmon/hwmon0/temp1_input", "20000\n")
        try tree.write("sys/class/hwmon/hwmon0/device", "not a link\n")
        let (metrics, error) = try tree.scrape(HwmonCollector.self)
        #expect(error == .unreadable(path: tree.path("sys/class/hwmon/hwmon0/device"), reason: "not a directory"))
        #expect(metrics.names.isEmpty)
    }
}
