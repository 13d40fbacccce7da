import ArgusCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `powersupplyclass`: the attributes of each `/sys/class/power_supply/*`
/// (batteries, AC adapters, USB supplies) as `node_power_supply_*` gauges in
/// base units, and their text attributes as `node_power_supply_info` labels.
struct PowerSupplyClassCollector: NodeCollector {
    static let name = "powersupplyclass"
    static let enabledByDefault = true

    /// How a numeric attribute is scaled to the metric's unit.
    private enum Scale {
        case none
        /// µA, µV, µWh, µW… to A, V, Wh, W.
        case micro
        /// Tenths of a degree Celsius to degrees.
        case deci
    }

    /// The reported numeric attributes: file, metric name suffix, scale.
    private static let numericMetrics: [(file: String, metric: String, scale: Scale)] = [
        ("authentic", "authentic", .none), ("calibrate", "calibrate", .none), ("capacity", "capacity", .none),
        ("capacity_alert_max", "capacity_alert_max", .none), ("capacity_alert_min", "capacity_alert_min", .none),
        ("cycle_count", "cyclecount", .none), ("online", "online", .none), ("present", "present", .none),
        ("time_to_empty_now", "time_to_empty_seconds", .none), ("time_to_full_now", "time_to_full_seconds", .none),
        ("current_boot", "current_boot", .micro), ("current_max", "current_max", .micro),
        ("current_now", "current_ampere", .micro), ("energy_empty", "energy_empty", .micro),
        ("energy_empty_design", "energy_empty_design", .micro), ("energy_full", "energy_full", .micro),
        ("energy_full_design", "energy_full_design", .micro), ("energy_now", "energy_watthour", .micro),
        ("voltage_boot", "voltage_boot", .micro), ("voltage_max", "voltage_max", .micro),
        ("voltage_max_design", "voltage_max_design", .micro), ("voltage_min", "voltage_min", .micro),
        ("voltage_min_design", "voltage_min_design", .micro), ("voltage_now", "voltage_volt", .micro),
        ("voltage_ocv", "voltage_ocv", .micro), ("charge_control_limit", "charge_control_limit", .micro),
        ("charge_control_limit_max", "charge_control_limit_max", .micro), ("charge_counter", "charge_counter", .micro),
        ("charge_empty", "charge_empty", .micro), ("charge_empty_design", "charge_empty_design", .micro),
        ("charge_full", "charge_full", .micro), ("charge_full_design", "charge_full_design", .micro),
        ("charge_now", "charge_ampere", .micro), ("charge_term_current", "charge_term_current", .micro),
        ("constant_charge_current", "constant_charge_current", .micro),
        ("constant_charge_current_max", "constant_charge_current_max", .micro),
        ("constant_charge_voltage", "constant_charge_voltage", .micro),
        ("constant_charge_voltage_max", "constant_charge_voltage_max", .micro),
        ("precharge_current", "precharge_current", .micro), ("input_current_limit", "input_current_limit", .micro),
        ("power_now", "power_watt", .micro), ("temp", "temp_celsius", .deci),
        ("temp_alert_max", "temp_alert_max_celsius", .deci), ("temp_alert_min", "temp_alert_min_celsius", .deci),
        ("temp_ambient", "temp_ambient_celsius", .deci), ("temp_ambient_max", "temp_ambient_max_celsius", .deci),
        ("temp_ambient_min", "temp_ambient_min_celsius", .deci), ("temp_max", "temp_max_celsius", .deci),
        ("temp_min", "temp_min_celsius", .deci),
    ]

    /// Numeric attributes that are parsed (and so must be integers) but not reported.
    private static let unreportedNumeric: Set<String> = [
        "charge_avg", "current_avg", "energy_avg", "power_avg", "time_to_empty_avg", "time_to_full_avg", "voltage_avg",
    ]
    private static let numericFiles = Set(numericMetrics.map(\.file)).union(unreportedNumeric)

    /// The text attributes reported as labels of `node_power_supply_info`.
    private static let textFiles: Set<String> = [
        "capacity_level", "charge_type", "health", "manufacturer", "model_name", "scope", "serial_number", "status",
        "technology", "type", "usb_type",
    ]

    private struct PowerSupply {
        var name: String
        var numbers: [String: Int64] = [:]
        var texts: [String: ArraySlice<UInt8>] = [:]
    }

    private let paths: NodePaths
    private let ignored: RE2

    init(environment: NodeEnvironment) throws {
        paths = environment.paths
        let pattern = environment.options.powerSupplyIgnored
        do {
            ignored = try RE2(pattern)
        } catch {
            throw NodeCollectorError.invalidOption(
                flag: "collector.powersupply.ignored-supplies", reason: "invalid regexp \"\(pattern)\": \(error)")
        }
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let classPath = paths.sys("class", "power_supply")
        var supplies: [PowerSupply] = []
        do {
            for entry in try HostFiles.entries(classPath) {
                supplies.append(try Self.readSupply(classPath + "/" + entry, name: entry))
            }
        } catch {
            if error.isFileNotFound { throw NodeCollectorError.noData("no \(classPath)") }
            throw error
        }

        for supply in supplies where !ignored.contains(supply.name) { report(supply, &metrics) }
    }

    private func report(_ supply: PowerSupply, _ metrics: inout NodeMetrics) {
        for (file, metric, scale) in Self.numericMetrics {
            guard let number = supply.numbers[file] else { continue }
            let value: Double
            switch scale {
            case .none: value = Double(number)
            case .micro: value = Double(number) / 1e6
            case .deci: value = Double(number) / 10
            }
            metrics.add(
                "node_power_supply_" + metric, help: "\(metric) value of /sys/class/power_supply/<power_supply>.",
                type: .gauge, labels: ["power_supply": supply.name], value: value)
        }

        var labels = [NodeMetrics.Label(name: "power_supply", value: GoText.validUTF8(supply.name.utf8))]
        for (file, text) in supply.texts where !text.isEmpty {
            labels.append(NodeMetrics.Label(name: file, value: GoText.validUTF8(text)))
        }
        metrics.add(
            "node_power_supply_info", help: "info of /sys/class/power_supply/<power_supply>.", type: .gauge,
            labels: labels, value: 1)
    }

    /// Every regular file of one supply's directory that is a known attribute.
    private static func readSupply(_ dir: String, name: String) throws(NodeCollectorError) -> PowerSupply {
        var supply = PowerSupply(name: name)
        for file in try HostFiles.entries(dir) {
            let path = dir + "/" + file
            var info = stat()
            guard lstat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { continue }
            let value: ArraySlice<UInt8>
            do {
                value = try SysfsAttribute.readTrimmed(path)
            } catch {
                // Missing, or an attribute this device does not support.
                if error.code == ENOENT { continue }
                if !error.duringOpen && (error.code == EOPNOTSUPP || error.code == EINVAL) { continue }
                throw error.collectorError
            }
            if numericFiles.contains(file) {
                let text = String(decoding: value, as: UTF8.self)
                guard let number = GoInt.parse(text) else {
                    throw .malformed(path: path, line: nil, reason: "not an integer: \"\(text)\"")
                }
                supply.numbers[file] = number
            } else if textFiles.contains(file) {
                supply.texts[file] = value
            }
        }
        return supply
    }
}
