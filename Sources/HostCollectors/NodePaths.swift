/// Where node-exporter finds the host: `--path.procfs`, `--path.sysfs`,
/// `--path.rootfs` and `--path.udev.data`.
///
/// Tests point these at fixture trees; in a container they point at the
/// host's filesystems mounted under `/host`.
public struct NodePaths: Hashable, Sendable {
    public var procfs: String
    public var sysfs: String
    public var rootfs: String
    public var udevData: String

    public init(
        procfs: String = "/proc", sysfs: String = "/sys", rootfs: String = "/", udevData: String = "/run/udev/data"
    ) {
        self.procfs = procfs
        self.sysfs = sysfs
        self.rootfs = rootfs
        self.udevData = udevData
    }

    /// `components` under the proc filesystem, e.g. `proc("net", "dev")`.
    public func proc(_ components: String...) -> String { Self.join(procfs, components) }

    /// `components` under the sys filesystem, e.g. `sys("class", "hwmon")`.
    public func sys(_ components: String...) -> String { Self.join(sysfs, components) }

    /// `components` under the udev database directory.
    public func udev(_ components: String...) -> String { Self.join(udevData, components) }

    /// An absolute host path (such as a mount point) under the root filesystem.
    public func root(_ path: String) -> String {
        if rootfs == "/" || rootfs.isEmpty { return path }
        return Self.join(rootfs, [path])
    }

    /// The host path of `path` seen from inside the root filesystem: the
    /// inverse of ``root(_:)``, used to report mount points as the host
    /// sees them (node-exporter's `rootfsStripPrefix`).
    public func strippingRoot(_ path: String) -> String {
        if rootfs == "/" || rootfs.isEmpty { return path }
        let prefix = rootfs.hasSuffix("/") ? String(rootfs.dropLast()) : rootfs
        guard path.hasPrefix(prefix) else { return path }
        let rest = path.dropFirst(prefix.count)
        return rest.isEmpty ? "/" : String(rest)
    }

    private static func join(_ base: String, _ components: [String]) -> String {
        var result = base
        for component in components {
            let trimmed = component.drop { $0 == "/" }
            if trimmed.isEmpty { continue }
            if !result.hasSuffix("/") { result += "/" }
            result += trimmed
        }
        return result
    }
}
