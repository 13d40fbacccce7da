#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `thermal_zone`: the temperature of each `/sys/class/thermal/thermal_zone*`
/// and the throttle states of each `/sys/class/thermal/cooling_device*`.
struct ThermalZoneCollector: NodeCollector {
    static let name = "thermal_zone"
    static let enabledByDefault = true

    private struct Zone {
        var name: Substring
        var type: String
        var milliCelsius: Int64
    }

    private struct CoolingDevice {
        var name: Substring
        var type: String
        var maxState: Int64
        var curState: Int64
    }

    private let paths: NodePaths

    init(environment: NodeEnvironment) {
        paths = environment.paths
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let classPath = paths.sys("class", "thermal")

        var zones: [Zone] = []
        for entry in HostFiles.numberedEntries(classPath, prefix: "thermal_zone") {
            if let zone = try Self.readZone(classPath + "/" + entry, name: entry.dropFirst("thermal_zone".count)) {
                zones.append(zone)
            }
        }
        for zone in zones {
            metrics.add(
                "node_thermal_zone_temp", help: "Zone temperature in Celsius", type: .gauge,
                labels: ["zone": String(zone.name), "type": zone.type], value: Double(zone.milliCelsius) / 1000)
        }

        var devices: [CoolingDevice] = []
        for entry in HostFiles.numberedEntries(classPath, prefix: "cooling_device") {
            devices.append(
                try Self.readCoolingDevice(classPath + "/" + entry, name: entry.dropFirst("cooling_device".count)))
        }
        for device in devices {
            let labels: KeyValuePairs<String, String> = ["name": String(device.name), "type": device.type]
            metrics.add(
                "node_cooling_device_cur_state", help: "Current throttle state of the cooling device", type: .gauge,
                labels: labels, value: Double(device.curState))
            metrics.add(
                "node_cooling_device_max_state", help: "Maximum throttle state of the cooling device", type: .gauge,
                labels: labels, value: Double(device.maxState))
        }
    }

    /// One zone, or nil when the driver answers `ENODATA` (no reading yet).
    private static func readZone(_ path: String, name: Substring) throws(NodeCollectorError) -> Zone? {
        let type: String
        do {
            type = try SysfsAttribute.readText(path + "/type")
            _ = try SysfsAttribute.readText(path + "/policy")
        } catch {
            if error.code == ENODATA { return nil }
            throw error.collectorError
        }

        let tempPath = path + "/temp"
        let tempText: String
        do {
            tempText = try HostFiles.readText(tempPath)
        } catch {
            if error.isErrno(ENODATA) { return nil }
            throw error
        }
        let trimmedTemp = GoText.trimSpace(Substring(tempText))
        guard let milliCelsius = GoText.parseInt(trimmedTemp) else {
            throw .malformed(path: tempPath, line: nil, reason: "not an integer: \"\(trimmedTemp)\"")
        }

        // Optional: only read to fail on broken files, as node-exporter does.
        do {
            _ = try SysfsAttribute.readBytes(path + "/mode")
        } catch {
            if error.code == ENODATA { return nil }
            if ![ENOENT, EACCES, EPERM].contains(error.code) { throw error.collectorError }
        }
        let passivePath = path + "/passive"
        let passive: Substring?
        do {
            passive = GoText.trimSpace(Substring(try HostFiles.readText(passivePath)))
        } catch {
            if error.isErrno(ENODATA) { return nil }
            guard error.isFileNotFound || error.isPermissionDenied else { throw error }
            passive = nil
        }
        if let passive, ProcNumber.unsigned(passive) == nil {
            throw .malformed(path: passivePath, line: nil, reason: "not an unsigned integer: \"\(passive)\"")
        }
        return Zone(name: name, type: type, milliCelsius: milliCelsius)
    }

    private static func readCoolingDevice(_ path: String, name: Substring) throws(NodeCollectorError) -> CoolingDevice {
        let type = try SysfsAttribute.readValue(path + "/type")
        let maxState = try readState(path + "/max_state")
        let curState = try readState(path + "/cur_state")
        return CoolingDevice(name: name, type: type, maxState: maxState, curState: curState)
    }

    /// A state attribute; `cur_state` is -1 for some drivers.
    private static func readState(_ path: String) throws(NodeCollectorError) -> Int64 {
        let text = try SysfsAttribute.readValue(path)
        guard let state = GoText.parseInt(text) else {
            throw .malformed(path: path, line: nil, reason: "not an integer: \"\(text)\"")
        }
        return state
    }
}
