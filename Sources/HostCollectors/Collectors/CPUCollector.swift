import ArgusCore
import Synchronization

/// `cpu`: per-CPU times from `/proc/stat`, the isolated CPUs of
/// `/sys/devices/system/cpu/isolated` (read once at start), thermal
/// throttle counters from `/sys/devices/system/cpu/cpu*/thermal_throttle`,
/// and with `--collector.cpu.info` the entries of `/proc/cpuinfo`.
///
/// Like node-exporter it remembers the last times it reported, so that a
/// counter the kernel moves backwards (idle jitter, CPU hotplug) does not
/// look like a counter reset.
struct CPUCollector: NodeCollector {
    static let name = "cpu"
    static let enabledByDefault = true

    /// Idle time going back by this much means the CPU was replaced (hotplug).
    private static let jumpBackSeconds = 3.0

    private let paths: NodePaths
    private let guest: Bool
    private let info: Bool
    private let flagsInclude: RE2?
    private let bugsInclude: RE2?
    /// The isolated CPUs, or nil when the kernel has no `isolated` file.
    private let isolated: [UInt16]?
    private let reported = ReportedTimes()

    init(environment: NodeEnvironment) throws {
        let options = environment.options
        paths = environment.paths
        guest = options.cpuGuest
        flagsInclude = try Self.compile(options.cpuInfoFlagsInclude, flag: "collector.cpu.info.flags-include")
        bugsInclude = try Self.compile(options.cpuInfoBugsInclude, flag: "collector.cpu.info.bugs-include")
        // Either filter turns the info metrics on, as in node-exporter.
        info = options.cpuInfo || flagsInclude != nil || bugsInclude != nil
        isolated = try Self.readIsolated(paths.sys("devices", "system", "cpu", "isolated"))
    }

    func update(_ metrics: inout NodeMetrics) throws {
        if info { try updateInfo(&metrics) }
        try updateTimes(&metrics)
        for cpu in isolated ?? [] {
            metrics.add(
                "node_cpu_isolated",
                help: "Whether each core is isolated, information from /sys/devices/system/cpu/isolated.",
                type: .gauge, labels: ["cpu": String(cpu)], value: 1)
        }
        try updateThermalThrottle(&metrics)
    }

    // MARK: /proc/stat

    private func updateTimes(_ metrics: inout NodeMetrics) throws {
        let stat = try ProcStat(path: paths.proc("stat"))
        let cpus = reported.update(with: stat.cpus, jumpBack: Self.jumpBackSeconds)
        for (number, times) in cpus.enumerated() {
            let cpu = String(number)
            let modes: KeyValuePairs<String, Double> = [
                "user": times.user, "nice": times.nice, "system": times.system, "idle": times.idle,
                "iowait": times.iowait, "irq": times.irq, "softirq": times.softirq, "steal": times.steal,
            ]
            for (mode, value) in modes {
                metrics.add(
                    "node_cpu_seconds_total", help: "Seconds the CPUs spent in each mode.", type: .counter,
                    labels: ["cpu": cpu, "mode": mode], value: value)
            }
            guard guest else { continue }
            // Guest time is also part of user and nice; reported separately.
            for (mode, value) in [("user", times.guest), ("nice", times.guestNice)] {
                metrics.add(
                    "node_cpu_guest_seconds_total", help: "Seconds the CPUs spent in guests (VMs) for each mode.",
                    type: .counter, labels: ["cpu": cpu, "mode": mode], value: value)
            }
        }
    }

    // MARK: Thermal throttling

    private func updateThermalThrottle(_ metrics: inout NodeMetrics) throws {
        let cpus = try GoFilePath.glob(paths.sys("devices", "system", "cpu", "cpu[0-9]*"))
        // Counters are per package and per core; sibling threads repeat them.
        var packageThrottles: [UInt64: UInt64] = [:]
        var coreThrottles: [UInt64: [UInt64: UInt64]] = [:]
        for cpu in cpus {
            guard let package = Self.readCounter(cpu, "topology", "physical_package_id"),
                let core = Self.readCounter(cpu, "topology", "core_id")
            else { continue }
            if coreThrottles[package]?[core] == nil,
                let count = Self.readCounter(cpu, "thermal_throttle", "core_throttle_count")
            {
                coreThrottles[package, default: [:]][core] = count
            }
            if packageThrottles[package] == nil,
                let count = Self.readCounter(cpu, "thermal_throttle", "package_throttle_count")
            {
                packageThrottles[package] = count
            }
        }
        for (package, count) in packageThrottles {
            metrics.add(
                "node_cpu_package_throttles_total", help: "Number of times this CPU package has been throttled.",
                type: .counter, labels: ["package": String(package)], value: Double(count))
        }
        for (package, cores) in coreThrottles {
            for (core, count) in cores {
                metrics.add(
                    "node_cpu_core_throttles_total", help: "Number of times this CPU core has been throttled.",
                    type: .counter, labels: ["package": String(package), "core": String(core)], value: Double(count))
            }
        }
    }

    /// A sysfs counter under `cpu`, or nil when it is missing or not a number.
    private static func readCounter(_ cpu: String, _ directory: String, _ file: String) -> UInt64? {
        guard let text = try? HostFiles.readValue(cpu + "/" + directory + "/" + file) else { return nil }
        return ProcNumber.unsigned(text)
    }

    // MARK: Isolated CPUs

    /// Parses the CPU list in `path` ("1,3-5"); nil when the file does not exist.
    static func readIsolated(_ path: String) throws(NodeCollectorError) -> [UInt16]? {
        let text: String
        do {
            text = try HostFiles.readText(path)
        } catch {
            if error.isFileNotFound { return nil }
            throw error
        }
        var cpus: [UInt16] = []
        var bytes = Array(text.utf8)
        while bytes.last == UInt8(ascii: "\n") { bytes.removeLast() }
        for item in String(decoding: bytes, as: UTF8.self).split(separator: ",", omittingEmptySubsequences: true) {
            guard item.contains("-") else {
                guard let cpu = Int(item) else {
                    throw .malformed(path: path, line: 1, reason: "invalid cpu \"\(item)\"")
                }
                cpus.append(UInt16(truncatingIfNeeded: cpu))
                continue
            }
            let bounds = item.split(separator: "-", omittingEmptySubsequences: false)
            guard bounds.count == 2, let start = Int(bounds[0]), let end = Int(bounds[1]) else {
                throw .malformed(path: path, line: 1, reason: "invalid cpu range \"\(item)\"")
            }
            guard start <= end else { continue }
            guard end - start <= Int(UInt16.max) else {
                throw .malformed(path: path, line: 1, reason: "cpu range \"\(item)\" is too large")
            }
            for cpu in start...end { cpus.append(UInt16(truncatingIfNeeded: cpu)) }
        }
        return cpus
    }

    // MARK: /proc/cpuinfo

    private func updateInfo(_ metrics: inout NodeMetrics) throws {
        let path = paths.proc("cpuinfo")
        let entries = try CPUInfoEntry.parse(HostFiles.readText(path), path: path)
        for entry in entries {
            metrics.add(
                "node_cpu_info", help: "CPU information from /proc/cpuinfo.", type: .gauge,
                labels: [
                    "package": entry.physicalID, "core": entry.coreID, "cpu": String(entry.processor),
                    "vendor": entry.vendorID, "family": entry.family, "model": entry.model,
                    "model_name": entry.modelName, "microcode": entry.microcode, "stepping": entry.stepping,
                    "cachesize": entry.cacheSize,
                ], value: 1)
        }
        guard let first = entries.first else { return }
        if let flagsInclude {
            for flag in first.flags where flagsInclude.contains(flag) {
                metrics.add(
                    "node_cpu_flag_info",
                    help: "The `flags` field of CPU information from /proc/cpuinfo taken from the first core.",
                    type: .gauge, labels: ["flag": flag], value: 1)
            }
        }
        if let bugsInclude {
            for bug in first.bugs where bugsInclude.contains(bug) {
                metrics.add(
                    "node_cpu_bug_info",
                    help: "The `bugs` field of CPU information from /proc/cpuinfo taken from the first core.",
                    type: .gauge, labels: ["bug": bug], value: 1)
            }
        }
    }

    private static func compile(_ pattern: String?, flag: String) throws(NodeCollectorError) -> RE2? {
        guard let pattern, !pattern.isEmpty else { return nil }
        do {
            return try RE2(pattern)
        } catch {
            throw .invalidOption(flag: flag, reason: "\(error)")
        }
    }
}

/// The times last reported per CPU: each only moves forward, and a CPU
/// whose idle time fell by ``CPUCollector/jumpBackSeconds`` starts afresh.
private final class ReportedTimes: Sendable {
    private let times = Mutex<[ProcStat.CPUTimes]>([])

    func update(with current: [ProcStat.CPUTimes], jumpBack: Double) -> [ProcStat.CPUTimes] {
        times.withLock { reported in
            if reported.count != current.count {
                reported = Array(repeating: ProcStat.CPUTimes(), count: current.count)
            }
            for (index, new) in current.enumerated() {
                var old = reported[index]
                if old.idle - new.idle >= jumpBack { old = ProcStat.CPUTimes() }
                // A comparison that fails (a smaller or NaN value) keeps the old time.
                func advance(_ field: WritableKeyPath<ProcStat.CPUTimes, Double>) {
                    if new[keyPath: field] >= old[keyPath: field] { old[keyPath: field] = new[keyPath: field] }
                }
                for field in [
                    \ProcStat.CPUTimes.idle, \.user, \.nice, \.system, \.iowait, \.irq, \.softirq, \.steal, \.guest,
                    \.guestNice,
                ] {
                    advance(field)
                }
                reported[index] = old
            }
            return reported
        }
    }
}

/// One processor of `/proc/cpuinfo`, with the fields node-exporter reports,
/// parsed as procfs 0.8 parses the x86 layout.
struct CPUInfoEntry: Equatable {
    var processor: UInt = 0
    var vendorID = ""
    var family = ""
    var model = ""
    var modelName = ""
    var stepping = ""
    var microcode = ""
    var cacheSize = ""
    var physicalID = ""
    var coreID = ""
    var flags: [String] = []
    var bugs: [String] = []

    static func parse(_ text: String, path: String) throws(NodeCollectorError) -> [CPUInfoEntry] {
        let lines = text.scannerLines()
        guard let firstIndex = lines.firstIndex(where: { !$0.trimmingASCIIWhitespace().isEmpty }),
            lines[firstIndex].hasPrefix("processor"), let (_, firstValue) = keyAndValue(lines[firstIndex])
        else {
            throw .malformed(path: path, line: nil, reason: "invalid cpuinfo file: no leading processor line")
        }
        var entries = [CPUInfoEntry(processor: try number(firstValue, path: path, line: firstIndex + 1))]
        for (index, line) in lines.enumerated().dropFirst(firstIndex + 1) {
            // A "key:" line without a value matches no field.
            guard let (key, value) = keyAndValue(line) else { continue }
            let last = entries.count - 1
            switch key {
            case "processor":
                entries.append(CPUInfoEntry(processor: try number(value, path: path, line: index + 1)))
            case "vendor", "vendor_id": entries[last].vendorID = value
            case "cpu family": entries[last].family = value
            case "model": entries[last].model = value
            case "model name": entries[last].modelName = value
            case "stepping": entries[last].stepping = value
            case "microcode": entries[last].microcode = value
            case "cache size": entries[last].cacheSize = value
            case "physical id": entries[last].physicalID = value
            case "core id": entries[last].coreID = value
            case "flags": entries[last].flags = value.fields().map(String.init)
            case "bugs": entries[last].bugs = value.fields().map(String.init)
            case "cpu MHz", "bogomips":
                guard GoFloat.parse(value) != nil else {
                    throw .malformed(path: path, line: index + 1, reason: "invalid \(key) \"\(value)\"")
                }
            case "siblings", "cpu cores", "cpuid level", "clflush size", "cache_alignment":
                _ = try number(value, path: path, line: index + 1)
            default:
                break
            }
        }
        return entries
    }

    /// The line split at its first ": ", the key trimmed; nil without one.
    private static func keyAndValue(_ line: Substring) -> (key: Substring, value: String)? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 2,
            let colon = (0..<(bytes.count - 1)).first(where: {
                bytes[$0] == UInt8(ascii: ":") && bytes[$0 + 1] == UInt8(ascii: " ")
            })
        else { return nil }
        let key = String(decoding: bytes[..<colon], as: UTF8.self)
        return (Substring(key).trimmingASCIIWhitespace(), String(decoding: bytes[(colon + 2)...], as: UTF8.self))
    }

    /// An unsigned 32-bit number in Go syntax (`strconv.ParseUint(s, 0, 32)`).
    private static func number(_ text: String, path: String, line: Int) throws(NodeCollectorError) -> UInt {
        guard let value = GoInt.parseUnsigned(text), value <= UInt32.max else {
            throw .malformed(path: path, line: line, reason: "invalid number \"\(text)\"")
        }
        return UInt(value)
    }
}
