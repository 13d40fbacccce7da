/// `loadavg`: the 1, 5 and 15 minute load averages of `/proc/loadavg`.
struct LoadavgCollector: NodeCollector {
    static let name = "loadavg"
    static let enabledByDefault = true

    private let paths: NodePaths

    init(environment: NodeEnvironment) {
        paths = environment.paths
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let path = paths.proc("loadavg")
        let fields = try HostFiles.readText(path).fields()
        guard fields.count >= 3 else {
            throw NodeCollectorError.malformed(path: path, line: 1, reason: "expected at least 3 fields")
        }
        for (index, window) in ["1", "5", "15"].enumerated() {
            guard let load = Double(fields[index]) else {
                throw NodeCollectorError.malformed(
                    path: path, line: 1, reason: "could not parse load '\(fields[index])'")
            }
            metrics.add("node_load\(window)", help: "\(window)m load average.", type: .gauge, value: load)
        }
    }
}
