import ArgusCore

/// `filefd`: allocated and maximum file handles from `/proc/sys/fs/file-nr`.
struct FileFDCollector: NodeCollector {
    static let name = "filefd"
    static let enabledByDefault = true

    private let paths: NodePaths

    init(environment: NodeEnvironment) {
        paths = environment.paths
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let path = paths.proc("sys", "fs", "file-nr")
        // "allocated<TAB>unused<TAB>maximum"; the middle value is always 0.
        let parts = try HostFiles.readText(path).trimmingASCIIWhitespace()
            .split(separator: "\t", omittingEmptySubsequences: false)
        guard parts.count >= 3 else {
            throw NodeCollectorError.malformed(path: path, line: 1, reason: "unexpected number of file stats")
        }
        var values: [(String, Double)] = []
        for (name, text) in [("allocated", parts[0]), ("maximum", parts[2])] {
            guard let value = GoFloat.parse(String(text)) else {
                throw NodeCollectorError.malformed(path: path, line: 1, reason: "invalid value \(text) in file-nr")
            }
            values.append((name, value))
        }
        for (name, value) in values {
            metrics.add(
                "node_filefd_" + name, help: "File descriptor statistics: \(name).", type: .gauge, value: value)
        }
    }
}
