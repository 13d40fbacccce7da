#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// `uname`: the `uname(2)` fields as labels of `node_uname_info`.
struct UnameCollector: NodeCollector {
    static let name = "uname"
    static let enabledByDefault = true

    init(environment: NodeEnvironment) {}

    func update(_ metrics: inout NodeMetrics) throws {
        var names = utsname()
        guard uname(&names) == 0 else {
            throw NodeCollectorError.unreadable(path: "uname(2)", reason: HostFiles.errorText(errno))
        }
        metrics.add(
            "node_uname_info", help: "Labeled system information as provided by the uname system call.",
            type: .gauge,
            labels: [
                "sysname": Self.text(names.sysname), "release": Self.text(names.release),
                "version": Self.text(names.version), "machine": Self.text(names.machine),
                "nodename": Self.text(names.nodename), "domainname": Self.domainName(names),
            ], value: 1)
    }

    private static func domainName(_ names: utsname) -> String {
        #if os(Linux)
            return text(names.__domainname)
        #else
            return ""
        #endif
    }

    /// A fixed-size C string field up to its first NUL.
    private static func text<Field>(_ field: Field) -> String {
        withUnsafeBytes(of: field) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
