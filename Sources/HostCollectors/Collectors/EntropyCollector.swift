/// `entropy`: the available entropy and the pool size of the kernel's
/// random number generator, from `/proc/sys/kernel/random`.
struct EntropyCollector: NodeCollector {
    static let name = "entropy"
    static let enabledByDefault = true

    /// The files procfs reads together; any of them being malformed fails
    /// the collector, though only the first two are reported.
    private static let files = [
        "entropy_avail", "poolsize", "urandom_min_reseed_secs", "write_wakeup_threshold", "read_wakeup_threshold",
    ]

    private let paths: NodePaths

    init(environment: NodeEnvironment) {
        paths = environment.paths
    }

    func update(_ metrics: inout NodeMetrics) throws {
        var values: [String: UInt64] = [:]
        for file in Self.files {
            let path = paths.proc("sys", "kernel", "random", file)
            let text: String
            do {
                text = try HostFiles.readValue(path)
            } catch {
                if error.isFileNotFound { continue }
                throw error
            }
            guard let value = ProcNumber.unsigned(text) else {
                throw NodeCollectorError.malformed(path: path, line: 1, reason: "not an unsigned integer: \"\(text)\"")
            }
            values[file] = value
        }
        guard let available = values["entropy_avail"] else {
            throw NodeCollectorError.malformed(
                path: paths.proc("sys", "kernel", "random", "entropy_avail"), line: nil,
                reason: "couldn't get entropy_avail")
        }
        metrics.add(
            "node_entropy_available_bits", help: "Bits of available entropy.", type: .gauge, value: Double(available))
        guard let poolSize = values["poolsize"] else {
            throw NodeCollectorError.malformed(
                path: paths.proc("sys", "kernel", "random", "poolsize"), line: nil,
                reason: "couldn't get entropy poolsize")
        }
        metrics.add("node_entropy_pool_size_bits", help: "Bits of entropy pool.", type: .gauge, value: Double(poolSize))
    }
}
