import Testing

@testable import HostCollectors

@Suite struct CPUCollectorTests {
    static let stat = """
        cpu  10 0 0 0 0 0 0 0 0 0
        cpu0 100 1 2 300 4 5 6 7 8 9
        cpu2 50 0 0 60
        ctxt 1
        softirq 1 0 0 0 0 0 0 0 0 0 0

        """

    @Test func reportsTimesInSecondsAndFillsMissingCPUs() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/stat", Self.stat)
        let metrics = try tree.collect(CPUCollector.self)
        #expect(metrics.value("node_cpu_seconds_total", ["cpu": "0", "mode": "user"]) == 1)
        #expect(metrics.value("node_cpu_seconds_total", ["cpu": "0", "mode": "steal"]) == 0.07)
        #expect(metrics.value("node_cpu_guest_seconds_total", ["cpu": "0", "mode": "nice"]) == 0.09)
        // cpu1 is missing from the file: procfs reports it as all zero.
        #expect(metrics.value("node_cpu_seconds_total", ["cpu": "1", "mode": "idle"]) == 0)
        // An old kernel's short line: the missing times are zero.
        #expect(metrics.value("node_cpu_seconds_total", ["cpu": "2", "mode": "idle"]) == 0.6)
        #expect(metrics.value("node_cpu_guest_seconds_total", ["cpu": "2", "mode": "user"]) == 0)
        #expect(metrics.labelSets("node_cpu_seconds_total").count == 3 * 8)
        #expect(!metrics.names.contains("node_cpu_isolated"))
    }

    @Test func guestTimesCanBeTurnedOff() throws {
        var tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/stat", Self.stat)
        tree.options.cpuGuest = false
        let metrics = try tree.collect(CPUCollector.self)
        #expect(metrics.names == ["node_cpu_seconds_total"])
    }

    @Test func malformedTimeNamesTheLine() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/stat", "cpu  1 2 3\ncpu0 1 2x 3\n")
        let error = try #require(throws: NodeCollectorError.self) { try tree.collect(CPUCollector.self) }
        guard case .malformed(let path, let line, _) = error else {
            Issue.record("unexpected \(error)")
            return
        }
        #expect(path == tree.path("proc/stat"))
        #expect(line == 2)
    }

    @Test func shortSoftirqLineFailsTheCPUCollectorToo() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/stat", "cpu0 1 2 3\nsoftirq 1 2 3\n")
        let error = try #require(throws: NodeCollectorError.self) { try tree.collect(CPUCollector.self) }
        #expect(
            error == .malformed(path: tree.path("proc/stat"), line: 2, reason: "softirq line has fewer than 11 counts"))
    }

    @Test func countersNeverGoBackwards() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/stat", "cpu0 1000 0 0 5000 0 0 0 0 0 0\n")
        let collector = try CPUCollector(environment: tree.environment)
        var first = NodeMetrics()
        try collector.update(&first)
        // user falls back a little: the last value is kept.
        try tree.write("proc/stat", "cpu0 990 0 0 5050 0 0 0 0 0 0\n")
        var second = NodeMetrics()
        try collector.update(&second)
        #expect(second.value("node_cpu_seconds_total", ["cpu": "0", "mode": "user"]) == 10)
        #expect(second.value("node_cpu_seconds_total", ["cpu": "0", "mode": "idle"]) == 50.5)
        // idle falls by 3 seconds or more: a hotplugged CPU, start afresh.
        try tree.write("proc/stat", "cpu0 20 0 0 100 0 0 0 0 0 0\n")
        var third = NodeMetrics()
        try collector.update(&third)
        #expect(third.value("node_cpu_seconds_total", ["cpu": "0", "mode": "user"]) == 0.2)
        #expect(third.value("node_cpu_seconds_total", ["cpu": "0", "mode": "idle"]) == 1)
    }

    @Test func isolatedCPUListsAndRanges() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/stat", "cpu0 1 2 3\n")
        try tree.write("sys/devices/system/cpu/isolated", "1,3-5,,\n")
        let metrics = try tree.collect(CPUCollector.self)
        #expect(metrics.labelSets("node_cpu_isolated").map { $0["cpu"] } == ["1", "3", "4", "5"])
        #expect(try CPUCollector.readIsolated(tree.path("sys/devices/system/cpu/missing")) == nil)
    }

    @Test func malformedIsolatedListFailsAtStart() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("sys/devices/system/cpu/isolated", "1-2-3\n")
        let error = try #require(throws: NodeCollectorError.self) { try CPUCollector(environment: tree.environment) }
        #expect(
            error
                == .malformed(
                    path: tree.path("sys/devices/system/cpu/isolated"), line: 1, reason: "invalid cpu range \"1-2-3\""))
    }

    @Test func throttleCountersPerPackageAndCore() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/stat", "cpu0 1 2 3\n")
        let cpus = "sys/devices/system/cpu/"
        // cpu0 and cpu1 are threads of one core; cpu2 lacks core_id; cpu3 has no counters.
        for (cpu, package, core, counts) in [
            ("cpu0", "0", "0", ("7", "9")), ("cpu1", "0", "0", ("8", "10")), ("cpu2", "1", nil, ("1", "1")),
            ("cpu3", "1", "2", nil),
        ] as [(String, String, String?, (String, String)?)] {
            try tree.write(cpus + cpu + "/topology/physical_package_id", package + "\n")
            if let core { try tree.write(cpus + cpu + "/topology/core_id", core + "\n") }
            if let counts {
                try tree.write(cpus + cpu + "/thermal_throttle/core_throttle_count", counts.0 + "\n")
                try tree.write(cpus + cpu + "/thermal_throttle/package_throttle_count", counts.1 + "\n")
            }
        }
        try tree.write(cpus + "cpufreq/policy0/scaling_cur_freq", "1\n")
        let metrics = try tree.collect(CPUCollector.self)
        #expect(metrics.labelSets("node_cpu_core_throttles_total") == [["package": "0", "core": "0"]])
        #expect(metrics.value("node_cpu_core_throttles_total", ["package": "0", "core": "0"]) == 7)
        #expect(metrics.labelSets("node_cpu_package_throttles_total") == [["package": "0"]])
        #expect(metrics.value("node_cpu_package_throttles_total", ["package": "0"]) == 9)
    }

    @Test func cpuInfoWithFlagAndBugFilters() throws {
        var tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/stat", "cpu0 1 2 3\n")
        try tree.write(
            "proc/cpuinfo",
            """

            processor\t: 0
            vendor_id\t: GenuineIntel
            cpu family\t: 6
            model\t\t: 85
            model name\t: Intel(R) Xeon(R)
            stepping\t: 7
            microcode\t: 0x5003604
            cpu MHz\t\t: 2500.000
            cache size\t: 36608 KB
            physical id\t: 0
            core id\t\t: 1
            flags\t\t: fpu sse4_2 avx avx2 aes
            bugs\t\t: spectre_v1 mds
            power management:

            processor\t: 1
            physical id\t: 0
            core id\t\t: 2

            """)
        tree.options.cpuInfoFlagsInclude = "^avx"
        let metrics = try tree.collect(CPUCollector.self)
        #expect(metrics.labelSets("node_cpu_flag_info").map { $0["flag"] } == ["avx", "avx2"])
        #expect(!metrics.names.contains("node_cpu_bug_info"))
        #expect(
            metrics.labelSets("node_cpu_info").contains([
                "package": "0", "core": "1", "cpu": "0", "vendor": "GenuineIntel", "family": "6", "model": "85",
                "model_name": "Intel(R) Xeon(R)", "microcode": "0x5003604", "stepping": "7", "cachesize": "36608 KB",
            ]))
        #expect(
            metrics.value(
                "node_cpu_info",
                [
                    "package": "0", "core": "2", "cpu": "1", "vendor": "", "family": "", "model": "", "model_name": "",
                    "microcode": "", "stepping": "", "cachesize": "",
                ]) == 1)
    }

    @Test func cpuInfoErrors() throws {
        var tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/stat", "cpu0 1 2 3\n")
        try tree.write("proc/cpuinfo", "processor\t: 0\ncpu MHz\t\t: fast\n")
        tree.options.cpuInfo = true
        let error = try #require(throws: NodeCollectorError.self) { try tree.collect(CPUCollector.self) }
        #expect(error == .malformed(path: tree.path("proc/cpuinfo"), line: 2, reason: "invalid cpu MHz \"fast\""))
        tree.options.cpuInfoBugsInclude = "("
        #expect(throws: NodeCollectorError.self) { try CPUCollector(environment: tree.environment) }
    }
}
