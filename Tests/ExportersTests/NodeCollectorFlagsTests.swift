import Testing

@testable import HostCollectors

@Suite struct NodeCollectorFlagsTests {
    @Test func defaultsAreNodeExportersDefaults() throws {
        let flags = try NodeCollectorFlags([])
        #expect(flags.collectors == NodeExporter.defaultCollectorNames.sorted())
        #expect(flags.options.vmstatFields == "^(oom_kill|pgpg|pswp|pg.*fault).*")
    }

    @Test func disableDefaultsThenEnableOne() throws {
        let flags = try NodeCollectorFlags(["--collector.disable-defaults", "--collector.loadavg"])
        #expect(flags.collectors == ["loadavg"])
    }

    @Test func disablingACollector() throws {
        let flags = try NodeCollectorFlags(["--no-collector.loadavg"])
        #expect(!flags.collectors.contains("loadavg"))
    }

    @Test func disablingAnUpstreamCollectorArgusLacksIsAccepted() throws {
        let flags = try NodeCollectorFlags(["--no-collector.wifi", "--no-collector.systemd"])
        #expect(flags.collectors == NodeExporter.defaultCollectorNames.sorted())
    }

    @Test func enablingAnUnsupportedCollectorFails() {
        #expect(
            throws: NodeCollectorError.invalidOption(
                flag: "collector.wifi", reason: "collector \"wifi\" is not supported by Argus")
        ) {
            try NodeCollectorFlags(["--collector.wifi"])
        }
        #expect(
            throws: NodeCollectorError.invalidOption(
                flag: "collector.systemd.unit-include", reason: "collector \"systemd\" is not supported by Argus")
        ) {
            try NodeCollectorFlags(["--collector.systemd.unit-include=foo"])
        }
    }

    @Test func optionsWithEqualsOrSeparateValue() throws {
        let flags = try NodeCollectorFlags([
            "--collector.textfile.directory=/var/lib/node", "--collector.vmstat.fields", "^pg",
            "--collector.stat.softirq", "--no-collector.cpu.guest",
        ])
        #expect(flags.options.textfileDirectory == "/var/lib/node")
        #expect(flags.options.vmstatFields == "^pg")
        #expect(flags.options.statSoftirq)
        #expect(!flags.options.cpuGuest)
    }

    @Test func includeReplacesTheDefaultDiskExclude() throws {
        let flags = try NodeCollectorFlags(["--collector.diskstats.device-include=^sd"])
        #expect(flags.options.diskstatsDeviceInclude == "^sd")
        #expect(flags.options.diskstatsDeviceExclude == nil)
    }

    @Test func includeAndExcludeTogetherFail() {
        #expect(throws: NodeCollectorError.self) {
            try NodeCollectorFlags(["--collector.netdev.device-include=a", "--collector.netdev.device-exclude=b"])
        }
    }

    @Test func badValuesFail() {
        #expect(
            throws: NodeCollectorError.invalidOption(flag: "collector.textfile.directory", reason: "expected a value")
        ) {
            try NodeCollectorFlags(["--collector.textfile.directory"])
        }
        #expect(
            throws: NodeCollectorError.invalidOption(
                flag: "collector.stat.softirq", reason: "expected true or false, got \"yes\"")
        ) {
            try NodeCollectorFlags(["--collector.stat.softirq=yes"])
        }
        #expect(throws: NodeCollectorError.invalidOption(flag: "web.foo", reason: "unknown flag")) {
            try NodeCollectorFlags(["--web.foo"])
        }
    }
}
