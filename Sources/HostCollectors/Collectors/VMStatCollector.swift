import ArgusCore

/// `vmstat`: the fields of `/proc/vmstat` whose names match
/// `--collector.vmstat.fields`, as untyped `node_vmstat_<field>`.
struct VMStatCollector: NodeCollector {
    static let name = "vmstat"
    static let enabledByDefault = true

    private let paths: NodePaths
    private let fields: MemoizedRegex

    init(environment: NodeEnvironment) throws {
        paths = environment.paths
        do {
            fields = MemoizedRegex(try RE2(environment.options.vmstatFields))
        } catch {
            throw NodeCollectorError.invalidOption(flag: "collector.vmstat.fields", reason: "\(error)")
        }
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let path = paths.proc("vmstat")
        for (index, line) in try HostFiles.readText(path).scannerLines().enumerated() {
            let parts = line.fields()
            // Every line is parsed, also those the pattern drops.
            guard parts.count >= 2, let value = GoFloat.parse(String(parts[1])) else {
                throw NodeCollectorError.malformed(path: path, line: index + 1, reason: "expected \"<field> <value>\"")
            }
            let field = String(parts[0])
            // node-exporter panics on a name it cannot register; skip it instead.
            guard fields.contains(field), LabelName.isLegacyMetricName("node_vmstat_" + field) else { continue }
            metrics.add(
                "node_vmstat_" + field, help: "/proc/vmstat information field \(field).", type: .untyped,
                value: value)
        }
    }
}
