import ArgusCore

/// `diskstats`: the I/O counters of each block device in `/proc/diskstats`,
/// and what the udev database (`<udev>/b<major>:<minor>`) knows about the
/// device: its identity, file system, device-mapper volume and ATA features.
struct DiskstatsCollector: NodeCollector {
    static let name = "diskstats"
    static let enabledByDefault = true

    /// One counter column of `/proc/diskstats` after the device name.
    private struct Column {
        var name: String
        var help: String
        var type: NodeMetrics.ValueType = .counter
        /// Sectors to bytes, milliseconds to seconds, or 1.
        var scale: Double = 1
    }

    private static let sectorBytes = 512.0
    private static let tickSeconds = 1.0 / 1000.0

    /// The columns in file order; older kernels stop after 11 (no discard
    /// columns) or 15 (no flush columns).
    private static let columns: [Column] = [
        Column(name: "reads_completed_total", help: "The total number of reads completed successfully."),
        Column(name: "reads_merged_total", help: "The total number of reads merged."),
        Column(name: "read_bytes_total", help: "The total number of bytes read successfully.", scale: sectorBytes),
        Column(
            name: "read_time_seconds_total", help: "The total number of seconds spent by all reads.",
            scale: tickSeconds),
        Column(name: "writes_completed_total", help: "The total number of writes completed successfully."),
        Column(name: "writes_merged_total", help: "The number of writes merged."),
        Column(
            name: "written_bytes_total", help: "The total number of bytes written successfully.", scale: sectorBytes),
        Column(
            name: "write_time_seconds_total", help: "This is the total number of seconds spent by all writes.",
            scale: tickSeconds),
        Column(name: "io_now", help: "The number of I/Os currently in progress.", type: .gauge),
        Column(name: "io_time_seconds_total", help: "Total seconds spent doing I/Os.", scale: tickSeconds),
        Column(
            name: "io_time_weighted_seconds_total", help: "The weighted # of seconds spent doing I/Os.",
            scale: tickSeconds),
        Column(name: "discards_completed_total", help: "The total number of discards completed successfully."),
        Column(name: "discards_merged_total", help: "The total number of discards merged."),
        // node-exporter reports discarded sectors as sectors, not bytes.
        Column(name: "discarded_sectors_total", help: "The total number of sectors discarded successfully."),
        Column(
            name: "discard_time_seconds_total", help: "This is the total number of seconds spent by all discards.",
            scale: tickSeconds),
        Column(name: "flush_requests_total", help: "The total number of flush requests completed successfully"),
        Column(
            name: "flush_requests_time_seconds_total",
            help: "This is the total number of seconds spent by all flush requests.", scale: tickSeconds),
    ]

    /// The ATA features of udev reported as gauges, by udev property.
    private static let ataFeatures: [(property: String, name: String, help: String)] = [
        ("ID_ATA_WRITE_CACHE", "node_disk_ata_write_cache", "ATA disk has a write cache."),
        ("ID_ATA_WRITE_CACHE_ENABLED", "node_disk_ata_write_cache_enabled", "ATA disk has its write cache enabled."),
        ("ID_ATA_ROTATION_RATE_RPM", "node_disk_ata_rotation_rate_rpm", "ATA disk rotation rate in RPMs (0 for SSDs)."),
    ]

    /// One line of `/proc/diskstats`.
    private struct Line {
        var major: UInt32
        var minor: UInt32
        var device: String
        /// The counter columns present, at most ``DiskstatsCollector/columns``.
        var values: [UInt64]
    }

    private let paths: NodePaths
    private let filter: DeviceFilter

    init(environment: NodeEnvironment) throws {
        paths = environment.paths
        filter = try DeviceFilter(
            exclude: environment.options.diskstatsDeviceExclude, include: environment.options.diskstatsDeviceInclude,
            flagPrefix: "collector.diskstats.device", exclusive: true)
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let file = try ProcFile(paths.proc("diskstats"))
        for (index, text) in file.lines.enumerated() {
            guard let line = try Self.parse(text, index: index, of: file), !filter.ignores(line.device) else {
                continue
            }
            report(line, udev: udevProperties(major: line.major, minor: line.minor), into: &metrics)
        }
    }

    private func report(_ line: Line, udev: [String: String], into metrics: inout NodeMetrics) {
        let device = line.device
        metrics.add(
            "node_disk_info", help: "Info of /sys/block/<block_device>.", type: .gauge,
            labels: [
                "device": device, "major": String(line.major), "minor": String(line.minor),
                "path": udev["ID_PATH", default: ""], "wwn": udev["ID_WWN", default: ""],
                "model": udev["ID_MODEL", default: ""], "serial": udev["ID_SERIAL_SHORT", default: ""],
                "revision": udev["ID_REVISION", default: ""],
            ], value: 1)
        for (column, value) in zip(Self.columns, line.values) {
            metrics.add(
                "node_disk_" + column.name, help: column.help, type: column.type, labels: ["device": device],
                value: Double(value) * column.scale)
        }
        if let type = udev["ID_FS_TYPE"], !type.isEmpty {
            metrics.add(
                "node_disk_filesystem_info", help: "Info about disk filesystem.", type: .gauge,
                labels: [
                    "device": device, "type": type, "usage": udev["ID_FS_USAGE", default: ""],
                    "uuid": udev["ID_FS_UUID", default: ""], "version": udev["ID_FS_VERSION", default: ""],
                ], value: 1)
        }
        if let name = udev["DM_NAME"], !name.isEmpty {
            metrics.add(
                "node_disk_device_mapper_info", help: "Info about disk device mapper.", type: .gauge,
                labels: [
                    "device": device, "name": name, "uuid": udev["DM_UUID", default: ""],
                    "vg_name": udev["DM_VG_NAME", default: ""], "lv_name": udev["DM_LV_NAME", default: ""],
                    "lv_layer": udev["DM_LV_LAYER", default: ""],
                ], value: 1)
        }
        if let ata = udev["ID_ATA"], !ata.isEmpty {
            for feature in Self.ataFeatures {
                // Missing or unparsable properties are skipped, as node-exporter only logs them.
                guard let text = udev[feature.property], let value = GoFloat.parse(text) else { continue }
                metrics.add(feature.name, help: feature.help, type: .gauge, labels: ["device": device], value: value)
            }
        }
    }

    /// Parses line `index` as procfs scans it: major, minor, name and up to
    /// 17 counters, each of which must be a number. Nil for lines with fewer
    /// than 11 counters, which procfs drops.
    private static func parse(_ text: Substring, index: Int, of file: ProcFile) throws(NodeCollectorError) -> Line? {
        let fields = text.fields().prefix(3 + columns.count)
        var numbers: [UInt64] = []
        for (position, field) in fields.enumerated() where position != 2 {
            guard let number = ProcNumber.unsigned(field), position > 2 || number <= UInt32.max else {
                throw file.malformed(line: index, "expected an unsigned integer, got \"\(field)\"")
            }
            numbers.append(number)
        }
        guard numbers.count >= 2 + 11 else { return nil }
        return Line(
            major: UInt32(numbers[0]), minor: UInt32(numbers[1]), device: String(fields[2]),
            values: Array(numbers.dropFirst(2)))
    }

    /// The `E:` properties of the device's udev database file; empty when
    /// there is none (udev not running, or not mounted into a container).
    private func udevProperties(major: UInt32, minor: UInt32) -> [String: String] {
        guard let file = try? ProcFile(paths.udev("b\(major):\(minor)")) else { return [:] }
        var properties: [String: String] = [:]
        for line in file.lines where line.hasPrefix("E:") {
            let property = line.dropFirst(2)
            guard let equals = property.firstIndex(of: "=") else { continue }
            properties[String(property[..<equals])] = String(property[property.index(after: equals)...])
        }
        return properties
    }
}
