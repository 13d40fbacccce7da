#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `time`: the system time and time zone offset, and the available and
/// current clocksources of `/sys/devices/system/clocksource/clocksource*`.
struct TimeCollector: NodeCollector {
    static let name = "time"
    static let enabledByDefault = true

    /// procfs reads clocksource attributes with a single read of this size.
    private static let attributeReadLimit = 128

    private let paths: NodePaths

    init(environment: NodeEnvironment) {
        paths = environment.paths
    }

    func update(_ metrics: inout NodeMetrics) throws {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        metrics.add(
            "node_time_seconds", help: "System time in seconds since epoch (1970).", type: .gauge,
            value: Double(Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)) / 1e9)
        let (zone, offset) = Self.localZone(at: now.tv_sec)
        metrics.add(
            "node_time_zone_offset_seconds", help: "System time zone offset in seconds.", type: .gauge,
            labels: ["time_zone": zone], value: Double(offset))
        try updateClocksources(&metrics)
    }

    /// The abbreviation and UTC offset of the local time zone at `seconds`.
    private static func localZone(at seconds: time_t) -> (String, Int) {
        var time = seconds
        var parts = tm()
        tzset()
        guard localtime_r(&time, &parts) != nil else { return ("UTC", 0) }
        let zone = parts.tm_zone.map { String(cString: $0) } ?? "UTC"
        return (zone, Int(parts.tm_gmtoff))
    }

    private func updateClocksources(_ metrics: inout NodeMetrics) throws {
        let directories = try GoFilePath.glob(paths.sys("devices", "system", "clocksource", "clocksource[0-9]*"))
        var sources: [(available: [Substring], current: String)] = []
        for directory in directories {
            let available = try Self.readAttribute(directory + "/available_clocksource")
            let current = try Self.readAttribute(directory + "/current_clocksource")
            sources.append((available.fields(), current))
        }
        // The device label is the position in the sorted list, not the name's number.
        for (index, source) in sources.enumerated() {
            let device = String(index)
            for name in source.available {
                metrics.add(
                    "node_time_clocksource_available_info",
                    help: "Available clocksources read from '/sys/devices/system/clocksource'.", type: .gauge,
                    labels: ["device": device, "clocksource": String(name)], value: 1)
            }
            metrics.add(
                "node_time_clocksource_current_info",
                help: "Current clocksource read from '/sys/devices/system/clocksource'.", type: .gauge,
                labels: ["device": device, "clocksource": source.current], value: 1)
        }
    }

    /// The first 128 bytes of a sysfs attribute, trimmed.
    private static func readAttribute(_ path: String) throws(NodeCollectorError) -> String {
        let bytes = try HostFiles.readBytes(path).prefix(attributeReadLimit)
        return String(String(decoding: bytes, as: UTF8.self).trimmingASCIIWhitespace())
    }
}
