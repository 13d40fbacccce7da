import Testing

@testable import HostCollectors

@Suite struct DiskstatsCollectorTests {
    static let diskstats = """
           8       0 sda 100 2 300 4000 5 6 700 8000 9 10000 11000 12 13 14 15000 16 17000
           8       1 sda1 1 0 8 0 0 0 0 0 0 0 0 0 0 0 0 0 0
           8      16 sdb 1 2 3 4 5 6 7 8 9 10 11
         253       0 dm-0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15
          11       0 sr0 1 2 3 4 5 6 7 8 9 10

        """

    @Test func reportsTheColumnsEachLineHas() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/diskstats", Self.diskstats)
        let (metrics, error) = try tree.scrape(DiskstatsCollector.self)
        #expect(error == nil)
        // Partitions are excluded by default; sr0 has too few columns and is dropped.
        #expect(metrics.labelValues("node_disk_info", "device") == ["dm-0", "sda", "sdb"])
        #expect(metrics.value("node_disk_read_bytes_total", ["device": "sda"]) == 153_600)
        #expect(metrics.value("node_disk_read_time_seconds_total", ["device": "sda"]) == 4)
        #expect(metrics.value("node_disk_discarded_sectors_total", ["device": "sda"]) == 14)
        #expect(metrics.value("node_disk_flush_requests_time_seconds_total", ["device": "sda"]) == 17)
        // An 11-counter line has no discard or flush series, a 15-counter line no flush series.
        #expect(metrics.value("node_disk_io_time_weighted_seconds_total", ["device": "sdb"]) == 0.011)
        #expect(metrics.value("node_disk_discards_completed_total", ["device": "sdb"]) == nil)
        #expect(metrics.value("node_disk_discard_time_seconds_total", ["device": "dm-0"]) == 0.015)
        #expect(metrics.value("node_disk_flush_requests_total", ["device": "dm-0"]) == nil)
    }

    @Test func malformedCounterNamesItsLine() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/diskstats", "   8 0 sda 1 2 3 4 5 6 7 8 9 10 11\n   8 16 sdb 1 2 x 4 5 6 7 8 9 10 11\n")
        let (_, error) = try tree.scrape(DiskstatsCollector.self)
        guard case .malformed(let path, let line, _)? = error else {
            Issue.record("expected a malformed error, got \(String(describing: error))")
            return
        }
        #expect(path == tree.path("proc/diskstats"))
        #expect(line == 2)
    }

    @Test func missingFileIsUnreadable() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let (metrics, error) = try tree.scrape(DiskstatsCollector.self)
        #expect(error == .unreadable(path: tree.path("proc/diskstats"), reason: "no such file or directory"))
        #expect(metrics.names.isEmpty)
    }

    @Test func udevPropertiesLabelTheDevice() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/diskstats", Self.diskstats)
        try tree.write(
            "udev/b8:0",
            """
            S:disk/by-id/ata-Disk
            E:ID_ATA=1
            E:ID_MODEL=Disk
            E:ID_SERIAL_SHORT=S123
            E:ID_WWN=0x5000
            E:ID_ATA_ROTATION_RATE_RPM=7200
            E:ID_ATA_WRITE_CACHE=not-a-number
            E:ID_FS_TYPE=ext4
            E:ID_FS_LABEL=a=b

            """)
        try tree.write("udev/b253:0", "E:DM_NAME=vg-root\nE:DM_VG_NAME=vg\nE:DM_LV_NAME=root\n")
        let (metrics, error) = try tree.scrape(DiskstatsCollector.self)
        #expect(error == nil)
        let info: [String: String] = [
            "device": "sda", "major": "8", "minor": "0", "path": "", "wwn": "0x5000", "model": "Disk",
            "serial": "S123", "revision": "",
        ]
        #expect(metrics.value("node_disk_info", info) == 1)
        #expect(metrics.value("node_disk_ata_rotation_rate_rpm", ["device": "sda"]) == 7200)
        // Unparsable and missing ATA properties are skipped.
        #expect(metrics.value("node_disk_ata_write_cache", ["device": "sda"]) == nil)
        #expect(metrics.value("node_disk_ata_write_cache_enabled", ["device": "sda"]) == nil)
        let filesystem = ["device": "sda", "type": "ext4", "usage": "", "uuid": "", "version": ""]
        #expect(metrics.value("node_disk_filesystem_info", filesystem) == 1)
        let mapper = [
            "device": "dm-0", "name": "vg-root", "uuid": "", "vg_name": "vg", "lv_name": "root", "lv_layer": "",
        ]
        #expect(metrics.value("node_disk_device_mapper_info", mapper) == 1)
        // No udev file: empty identity labels.
        #expect(metrics.labelValues("node_disk_info", "model") == ["", "", "Disk"])
    }

    @Test func missingUdevDatabaseLeavesLabelsEmpty() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/diskstats", Self.diskstats)
        try tree.remove("udev")
        let (metrics, error) = try tree.scrape(DiskstatsCollector.self)
        #expect(error == nil)
        #expect(metrics.labelValues("node_disk_info", "serial") == ["", "", ""])
        #expect(metrics.names.contains("node_disk_filesystem_info") == false)
    }

    @Test func includeListReplacesTheExcludeList() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/diskstats", Self.diskstats)
        var options = NodeCollectorOptions()
        options.diskstatsDeviceExclude = nil
        options.diskstatsDeviceInclude = "^sda"
        let (metrics, _) = try tree.scrape(DiskstatsCollector.self, options: options)
        #expect(metrics.labelValues("node_disk_info", "device") == ["sda", "sda1"])
    }

    @Test func includeAndExcludeAreExclusive() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        var options = NodeCollectorOptions()
        options.diskstatsDeviceInclude = "^sda"
        #expect(throws: NodeCollectorError.self) { try tree.collector(DiskstatsCollector.self, options: options) }
        options.diskstatsDeviceInclude = nil
        options.diskstatsDeviceExclude = "(["
        do {
            _ = try tree.collector(DiskstatsCollector.self, options: options)
            Issue.record("an invalid pattern was accepted")
        } catch let error as NodeCollectorError {
            guard case .invalidOption(let flag, _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(flag == "collector.diskstats.device-exclude")
        }
    }
}
