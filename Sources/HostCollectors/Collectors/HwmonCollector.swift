import ArgusCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `hwmon`: the sensor files of each chip in `/sys/class/hwmon` and of the
/// chip's `device` directory (temperatures, voltages, fans, PWM, currents,
/// power, energy, humidity, intrusion), with chip names and sensor labels.
struct HwmonCollector: NodeCollector {
    static let name = "hwmon"
    static let enabledByDefault = true

    private static let sensorTypes: Set<String> = [
        "vrm", "beep_enable", "update_interval", "in", "cpu", "fan", "pwm", "temp", "curr", "power", "energy",
        "humidity", "intrusion",
    ]

    /// The files of one sensor (`temp1`), by property (`input`, `max`,
    /// `label`, or empty for a file named just `temp1`), newlines trimmed.
    private struct Sensor {
        var type: String
        var properties: [String: [UInt8]] = [:]
    }

    private let paths: NodePaths
    /// `<type><number>_<property>`, the sensor file name layout.
    private let fileNamePattern: RE2

    init(environment: NodeEnvironment) throws {
        paths = environment.paths
        fileNamePattern = try RE2("^([^0-9]+)([0-9]*)?(_(.+))?$")
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let classPath = paths.sys("class", "hwmon")
        let entries: [String]
        do {
            entries = try HostFiles.entries(classPath)
        } catch {
            if error.isFileNotFound { throw NodeCollectorError.noData("no \(classPath)") }
            throw error
        }
        // node-exporter keeps a single error: a link that can't be followed
        // sets it, the next link that can clears it, a failing chip sets it.
        var lastError: NodeCollectorError?
        for entry in entries {
            let path = classPath + "/" + entry
            var info = stat()
            if lstat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFLNK {
                guard stat(path, &info) == 0 else {
                    lastError = .unreadable(path: path, reason: HostFiles.errorText(errno))
                    continue
                }
                lastError = nil
            }
            guard HostFiles.isDirectory(path) else { continue }
            do {
                try updateChip(at: path, &metrics)
            } catch {
                lastError = error
            }
        }
        if let lastError { throw lastError }
    }

    private func updateChip(at dir: String, _ metrics: inout NodeMetrics) throws(NodeCollectorError) {
        let chip = try Self.chipName(dir)
        var sensors: [String: Sensor] = [:]
        try collectSensors(in: dir, into: &sensors)
        let device = dir + "/device"
        if HostFiles.exists(device) { try collectSensors(in: device, into: &sensors) }

        if let raw = try? HostFiles.readBytes(dir + "/name"), !raw.isEmpty {
            let chipName = Self.cleanMetricName(raw)
            if !chipName.isEmpty {
                metrics.add(
                    "node_hwmon_chip_names", help: "Annotation metric for human-readable chip names", type: .gauge,
                    labels: ["chip": chip, "chip_name": chipName], value: 1)
            }
        }

        for (name, sensor) in sensors { Self.report(sensor, named: name, chip: chip, &metrics) }
    }

    /// Reads the sensor files of `dir` into `sensors`; unreadable files are skipped.
    private func collectSensors(in dir: String, into sensors: inout [String: Sensor]) throws(NodeCollectorError) {
        for file in try HostFiles.entries(dir) {
            guard let (type, number, property) = splitFileName(file), Self.sensorTypes.contains(type) else { continue }
            guard let raw = try? SysfsAttribute.readBytes(dir + "/" + file) else { continue }
            let value = Self.trimming(UInt8(ascii: "\n"), from: raw)
            sensors["\(type)\(number)", default: Sensor(type: type)].properties[property] = Array(value)
        }
    }

    /// `temp1_max` as (`temp`, 1, `max`); nil for names outside the layout.
    private func splitFileName(_ file: String) -> (type: String, number: Int, property: String)? {
        guard let groups = fileNamePattern.firstMatchGroups(in: file), groups.count == 5, let type = groups[1] else {
            return nil
        }
        var number = 0
        if let digits = groups[2], !digits.isEmpty {
            guard let parsed = Int(digits) else { return nil }
            number = parsed
        }
        return (String(type), number, String(groups[4] ?? ""))
    }

    private static func report(_ sensor: Sensor, named name: String, chip: String, _ metrics: inout NodeMetrics) {
        let type = sensor.type
        let properties = sensor.properties
        let labels: KeyValuePairs<String, String> = ["chip": chip, "sensor": name]
        if let label = properties["label"] {
            metrics.add(
                "node_hwmon_sensor_label", help: "Label for given chip and sensor", type: .gauge,
                labels: ["chip": chip, "sensor": name, "label": GoText.validUTF8(label)], value: 1)
        }

        switch type {
        case "beep_enable":
            let enabled = properties[""] == [UInt8(ascii: "1")]
            metrics.add(
                "node_hwmon_beep_enabled", help: "Hardware beep enabled", type: .gauge, labels: labels,
                value: enabled ? 1 : 0)
            return
        case "vrm":
            guard let value = parse(properties[""] ?? []) else { return }
            metrics.add(
                "node_hwmon_voltage_regulator_version", help: "Hardware voltage regulator", type: .gauge,
                labels: labels, value: value)
            return
        case "update_interval":
            guard let value = parse(properties[""] ?? []) else { return }
            metrics.add(
                "node_hwmon_update_interval_seconds", help: "Hardware monitor update interval", type: .gauge,
                labels: labels, value: value * 0.001)
            return
        default: break
        }

        for (element, raw) in properties where element != "label" {
            var metric = "node_hwmon_" + type
            if element == "input" {
                // `temp1_input` is the value itself unless a bare `temp1` exists too.
                if properties[""] != nil { metric += "_input" }
            } else if !element.isEmpty {
                metric += "_" + cleanMetricName(Array(element.utf8))
            }
            guard let value = parse(raw) else { continue }
            let (suffix, help, scaled, valueType) = describe(type: type, element: element, value: value)
            metrics.add(metric + suffix, help: help, type: valueType, labels: labels, value: scaled)
        }
    }

    /// The metric name suffix, help text, value in base units and type of
    /// one sensor property.
    private static func describe(type: String, element: String, value: Double) -> (
        String, String, Double, NodeMetrics.ValueType
    ) {
        if element == "fault" || element == "alarm" {
            return ("", "Hardware sensor \(element) status (\(type))", value, .gauge)
        }
        if element == "beep" { return ("_enabled", "Hardware monitor sensor has beeping enabled", value, .gauge) }
        switch type {
        case "in", "cpu": return ("_volts", "Hardware monitor for voltage (\(element))", value * 0.001, .gauge)
        case "temp" where element != "type":
            let shown = element.isEmpty ? "input" : element
            return ("_celsius", "Hardware monitor for temperature (\(shown))", value * 0.001, .gauge)
        case "curr": return ("_amps", "Hardware monitor for current (\(element))", value * 0.001, .gauge)
        case "energy":
            return ("_joule_total", "Hardware monitor for joules used so far (\(element))", value / 1_000_000, .counter)
        case "power" where element == "accuracy":
            return ("", "Hardware monitor power meter accuracy, as a ratio", value / 1_000_000, .gauge)
        case "power" where ["average_interval", "average_interval_min", "average_interval_max"].contains(element):
            return ("_seconds", "Hardware monitor power usage update interval (\(element))", value * 0.001, .gauge)
        case "power":
            return ("_watt", "Hardware monitor for power usage in watts (\(element))", value / 1_000_000, .gauge)
        case "humidity":
            let help =
                "Hardware monitor for humidity, as a ratio (multiply with 100.0 to get the humidity as a percentage) (\(element))"
            return ("", help, value / 1_000_000, .gauge)
        case "fan" where ["input", "min", "max", "target"].contains(element):
            return ("_rpm", "Hardware monitor for fan revolutions per minute (\(element))", value, .gauge)
        default: return ("", "Hardware monitor \(type) element \(element)", value, .gauge)
        }
    }

    private static func parse(_ raw: [UInt8]) -> Double? { GoText.parseFloat(String(decoding: raw, as: UTF8.self)) }

    /// The chip label: `<bus>_<device>` from where the `device` link
    /// points, else the `name` file, else the directory name.
    static func chipName(_ dir: String) throws(NodeCollectorError) -> String {
        if let device = realPath(dir + "/device") {
            let (parent, deviceName) = splitLastComponent(device)
            var parentPath = parent
            while parentPath.last == UInt8(ascii: "/") { parentPath.removeLast() }
            let bus = cleanMetricName(splitLastComponent(parentPath).last)
            let cleanDevice = cleanMetricName(deviceName)
            if !bus.isEmpty && !cleanDevice.isEmpty { return bus + "_" + cleanDevice }
            if !cleanDevice.isEmpty { return cleanDevice }
        }
        if let raw = try? HostFiles.readBytes(dir + "/name"), !raw.isEmpty {
            let name = cleanMetricName(raw)
            if !name.isEmpty { return name }
        }
        guard let real = realPath(dir) else { throw .unreadable(path: dir, reason: HostFiles.errorText(errno)) }
        let name = cleanMetricName(splitLastComponent(real).last)
        guard !name.isEmpty else { throw .unreadable(path: dir, reason: "could not derive a monitoring name") }
        return name
    }

    /// node-exporter's `cleanMetricName`: lowercase, every character but
    /// `[a-z0-9:_]` (each invalid UTF-8 byte too) replaced by `_`, then
    /// `_` trimmed from both ends.
    static func cleanMetricName(_ bytes: [UInt8]) -> String {
        var cleaned: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let (scalar, width) = GoString.decodeRune(bytes, at: index)
            index += width
            let lower: UInt32
            switch scalar.value {
            case 0x41...0x5A: lower = scalar.value + 0x20
            // The only non-ASCII letters whose (simple) lowercase is ASCII.
            case 0x130: lower = 0x69
            case 0x212A: lower = 0x6B
            default: lower = scalar.value
            }
            switch lower {
            case 0x61...0x7A, 0x30...0x39, 0x3A, 0x5F: cleaned.append(UInt8(lower))
            default: cleaned.append(UInt8(ascii: "_"))
            }
        }
        return String(decoding: trimming(UInt8(ascii: "_"), from: cleaned), as: UTF8.self)
    }

    /// `bytes` without leading and trailing `byte`s (Go's `strings.Trim` with one character).
    private static func trimming(_ byte: UInt8, from bytes: [UInt8]) -> ArraySlice<UInt8> {
        var slice = bytes[...]
        while slice.first == byte { slice.removeFirst() }
        while slice.last == byte { slice.removeLast() }
        return slice
    }

    /// Go's `filepath.Split`: everything up to and including the last `/`, and the rest.
    private static func splitLastComponent(_ path: [UInt8]) -> (parent: [UInt8], last: [UInt8]) {
        guard let slash = path.lastIndex(of: UInt8(ascii: "/")) else { return ([], path) }
        return (Array(path[...slash]), Array(path[(slash + 1)...]))
    }

    /// `path` with every symbolic link resolved, as bytes.
    private static func realPath(_ path: String) -> [UInt8]? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return UnsafeBufferPointer(start: resolved, count: strlen(resolved)).map { UInt8(bitPattern: $0) }
    }
}
