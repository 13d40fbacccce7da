import ArgusCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `filesystem`: size, free space and inodes of each mounted file system,
/// from the mount table of `/proc/1/mounts` (`/proc/mounts` when PID 1's is
/// hidden) and `statvfs(3)` on each mount point under the root filesystem.
struct FilesystemCollector: NodeCollector {
    static let name = "filesystem"
    static let enabledByDefault = true

    /// node-exporter's hidden `--collector.filesystem.mount-timeout`: a mount
    /// whose `statvfs` has not returned after this long is reported as failed
    /// by later scrapes until it returns.
    static let mountTimeout = Duration.seconds(5)

    /// One line of the mount table.
    private struct Mount: Hashable {
        var device: String
        var mountPoint: String
        var fsType: String
        var options: String
    }

    private let paths: NodePaths
    private let excludedMountPoints: MemoizedRegex
    private let excludedTypes: MemoizedRegex

    init(environment: NodeEnvironment) throws {
        paths = environment.paths
        excludedMountPoints = MemoizedRegex(
            try RE2(
                option: environment.options.filesystemMountPointsExclude,
                flag: "collector.filesystem.mount-points-exclude"))
        excludedTypes = MemoizedRegex(
            try RE2(option: environment.options.filesystemTypesExclude, flag: "collector.filesystem.fs-types-exclude"))
    }

    func update(_ metrics: inout NodeMetrics) throws {
        var seen: Set<Mount> = []
        for mount in try mounts() {
            guard !excludedMountPoints.contains(mount.mountPoint), !excludedTypes.contains(mount.fsType),
                seen.insert(mount).inserted
            else { continue }
            let labels: KeyValuePairs = [
                "device": mount.device, "mountpoint": mount.mountPoint, "fstype": mount.fsType,
            ]
            let usage = Self.usage(of: paths.root(mount.mountPoint))
            metrics.add(
                "node_filesystem_device_error",
                help: "Whether an error occurred while getting statistics for the given device.", type: .gauge,
                labels: labels, value: usage == nil ? 1 : 0)
            guard let usage else { continue }
            let readOnly = mount.options.split(separator: ",", omittingEmptySubsequences: false).contains("ro")
            let values: [(String, String, Double)] = [
                ("size_bytes", "Filesystem size in bytes.", usage.size),
                ("free_bytes", "Filesystem free space in bytes.", usage.free),
                ("avail_bytes", "Filesystem space available to non-root users in bytes.", usage.available),
                ("files", "Filesystem total file nodes.", usage.files),
                ("files_free", "Filesystem total free file nodes.", usage.filesFree),
                ("readonly", "Filesystem read-only status.", readOnly ? 1 : 0),
            ]
            for (name, help, value) in values {
                metrics.add("node_filesystem_" + name, help: help, type: .gauge, labels: labels, value: value)
            }
        }
    }

    /// The mount table, with mount points as the host sees them.
    private func mounts() throws(NodeCollectorError) -> [Mount] {
        // PID 1's mount table is hidden when /proc is mounted with hidepid.
        var file = try ProcFile.ifPresent(paths.proc("1", "mounts"))
        if file == nil { file = try ProcFile(paths.proc("mounts")) }
        guard let file else { return [] }
        return try file.lines.enumerated().map { (index, line) throws(NodeCollectorError) in
            let fields = line.fields()
            guard fields.count >= 4 else {
                throw file.malformed(line: index, "malformed mount point information: \"\(line)\"")
            }
            // Spaces and tabs in mount points are written as octal escapes (fstab(5)).
            let mountPoint = fields[1].replacing("\\040", with: " ").replacing("\\011", with: "\t")
            return Mount(
                device: String(fields[0]), mountPoint: paths.strippingRoot(String(mountPoint)),
                fsType: String(fields[2]), options: String(fields[3]))
        }
    }

    /// What `statvfs(3)` reports for `path`, in bytes and inodes.
    private struct Usage {
        var size: Double
        var free: Double
        var available: Double
        var files: Double
        var filesFree: Double
    }

    /// `statvfs(3)` of `path`; nil when it fails or the mount point is stuck.
    /// glibc fills it from `statfs(2)`, so `f_bsize` is the `statfs` block
    /// size node-exporter multiplies by.
    private static func usage(of path: String) -> Usage? {
        guard let call = StuckMounts.shared.begin(path) else { return nil }
        var info = statvfs()
        let result = statvfs(path, &info)
        StuckMounts.shared.end(path, call)
        guard result == 0 else { return nil }
        let blockSize = Double(info.f_bsize)
        return Usage(
            size: Double(info.f_blocks) * blockSize, free: Double(info.f_bfree) * blockSize,
            available: Double(info.f_bavail) * blockSize, files: Double(info.f_files),
            filesFree: Double(info.f_ffree))
    }

    /// The `statvfs` calls under way, shared by all scrapes: a mount point
    /// whose call has run longer than ``FilesystemCollector/mountTimeout``
    /// (a dead NFS server) is not asked again until that call returns.
    final class StuckMounts: Sendable {
        static let shared = StuckMounts()

        private let calls = Mutex<[String: [ContinuousClock.Instant]]>([:])

        /// Records a call on `path` starting `now` and returns its start, or
        /// nil when an earlier call on `path` is stuck.
        func begin(_ path: String, now: ContinuousClock.Instant = .now) -> ContinuousClock.Instant? {
            calls.withLock { calls in
                if let oldest = calls[path]?.min(), oldest.duration(to: now) > FilesystemCollector.mountTimeout {
                    return nil
                }
                calls[path, default: []].append(now)
                return now
            }
        }

        /// Records that the call on `path` that began at `start` returned.
        func end(_ path: String, _ start: ContinuousClock.Instant) {
            calls.withLock { calls in
                guard var starts = calls[path], let index = starts.firstIndex(of: start) else { return }
                starts.remove(at: index)
                calls[path] = starts.isEmpty ? nil : starts
            }
        }
    }
}
