import Testing

@testable import HostCollectors

@Suite struct FilesystemCollectorTests {
    @Test func reportsMountsUnderTheRootFilesystem() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.makeDirectory("rootfs/data")
        try tree.write(
            "proc/1/mounts",
            """
            /dev/sda1 / ext4 rw,relatime 0 0
            /dev/sdb1 /data xfs ro,noatime 0 0
            /dev/sdb1 /data xfs ro,noatime 0 0
            /dev/sdc1 /mnt/my\\040disk ext4 rw 0 0
            proc /proc proc rw 0 0
            tmpfs /sys/fs/cgroup tmpfs rw 0 0
            overlay /srv overlay rw 0 0

            """)
        let (metrics, error) = try tree.scrape(FilesystemCollector.self)
        #expect(error == nil)
        #expect(metrics.errors == [])
        #expect(metrics.labelValues("node_filesystem_device_error", "mountpoint") == ["/", "/data", "/mnt/my disk"])
        #expect(
            metrics.value(
                "node_filesystem_device_error", ["device": "/dev/sdc1", "mountpoint": "/mnt/my disk", "fstype": "ext4"])
                == 1)
        // A failed statfs reports only the error series.
        #expect(metrics.labelValues("node_filesystem_size_bytes", "mountpoint") == ["/", "/data"])
        let data = ["device": "/dev/sdb1", "mountpoint": "/data", "fstype": "xfs"]
        #expect(metrics.value("node_filesystem_readonly", data) == 1)
        #expect(
            metrics.value("node_filesystem_readonly", ["device": "/dev/sda1", "mountpoint": "/", "fstype": "ext4"]) == 0
        )
        #expect((metrics.value("node_filesystem_size_bytes", data) ?? 0) > 0)
    }

    @Test func stripsTheRootFilesystemPrefixFromMountPoints() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.makeDirectory("rootfs/data")
        try tree.write("proc/1/mounts", "/dev/sdb1 \(tree.path("rootfs"))/data ext4 rw 0 0\n")
        let (metrics, _) = try tree.scrape(FilesystemCollector.self)
        #expect(metrics.labelValues("node_filesystem_device_error", "mountpoint") == ["/data"])
        #expect(
            metrics.value(
                "node_filesystem_device_error", ["device": "/dev/sdb1", "mountpoint": "/data", "fstype": "ext4"]) == 0)
    }

    @Test func fallsBackToProcMounts() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/mounts", "/dev/sda1 / ext4 rw 0 0\n")
        let (metrics, error) = try tree.scrape(FilesystemCollector.self)
        #expect(error == nil)
        #expect(metrics.labelValues("node_filesystem_files", "device") == ["/dev/sda1"])
    }

    @Test func missingMountTablesAreUnreadable() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let (_, error) = try tree.scrape(FilesystemCollector.self)
        #expect(error == .unreadable(path: tree.path("proc/mounts"), reason: "no such file or directory"))
    }

    @Test func shortMountLineIsMalformed() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/1/mounts", "/dev/sda1 / ext4 rw 0 0\n/dev/sdb1 /data\n")
        let (metrics, error) = try tree.scrape(FilesystemCollector.self)
        guard case .malformed(let path, let line, _)? = error else {
            Issue.record("expected a malformed error, got \(String(describing: error))")
            return
        }
        #expect(path == tree.path("proc/1/mounts"))
        #expect(line == 2)
        #expect(metrics.names.isEmpty)
    }

    @Test func excludePatternsAreOptions() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/1/mounts", "/dev/sda1 / ext4 rw 0 0\nproc /proc proc rw 0 0\n")
        var options = NodeCollectorOptions()
        options.filesystemMountPointsExclude = "^/$"
        options.filesystemTypesExclude = "^ext4$"
        let (metrics, _) = try tree.scrape(FilesystemCollector.self, options: options)
        #expect(metrics.labelValues("node_filesystem_device_error", "mountpoint") == ["/proc"])
        options.filesystemTypesExclude = "("
        #expect(throws: NodeCollectorError.self) { try tree.collector(FilesystemCollector.self, options: options) }
    }
}

@Suite struct StuckMountsTests {
    @Test func mountIsSkippedWhileACallHangs() {
        let mounts = FilesystemCollector.StuckMounts()
        let start = ContinuousClock.now
        let first = mounts.begin("/nfs", now: start)
        #expect(first != nil)
        // A second call within the timeout still goes ahead.
        #expect(mounts.begin("/nfs", now: start + .seconds(1)) != nil)
        #expect(mounts.begin("/nfs", now: start + .seconds(6)) == nil)
        #expect(mounts.begin("/other", now: start + .seconds(6)) != nil)
        if let first { mounts.end("/nfs", first) }
        #expect(mounts.begin("/nfs", now: start + .seconds(6)) != nil)
    }
}
