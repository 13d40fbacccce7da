import ArgusCore

/// `meminfo`: every field of `/proc/meminfo` as `node_memory_<field>`,
/// sizes given in kB converted to bytes (`_bytes`), `(…)` spelled `_…`.
struct MeminfoCollector: NodeCollector {
    static let name = "meminfo"
    static let enabledByDefault = true

    private let paths: NodePaths
    private let parentheses: RE2

    init(environment: NodeEnvironment) throws {
        paths = environment.paths
        parentheses = try RE2(#"\((.*)\)"#)
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let path = paths.proc("meminfo")
        // A later line with the same key replaces the earlier one, as in Go's map.
        var values: [String: Double] = [:]
        var order: [String] = []
        for (index, line) in try HostFiles.readText(path).scannerLines().enumerated() {
            let parts = line.fields()
            // Some kernels have printed empty lines.
            if parts.isEmpty { continue }
            guard parts.count >= 2, var value = GoFloat.parse(String(parts[1])) else {
                throw NodeCollectorError.malformed(path: path, line: index + 1, reason: "invalid value in meminfo")
            }
            // "Active(anon):" -> "Active_anon"
            var key = parentheses.replaceAll(
                in: String(decoding: parts[0].utf8.dropLast(), as: UTF8.self), with: "_${1}")
            switch parts.count {
            case 2:
                break
            case 3:
                // The unit is always kB.
                value *= 1024
                key += "_bytes"
            default:
                throw NodeCollectorError.malformed(path: path, line: index + 1, reason: "invalid line in meminfo")
            }
            if values.updateValue(value, forKey: key) == nil { order.append(key) }
        }
        for key in order {
            // node-exporter panics on a name it cannot register; skip it instead.
            guard let value = values[key], LabelName.isLegacyMetricName("node_memory_" + key) else { continue }
            metrics.add(
                "node_memory_" + key, help: "Memory information field \(key).",
                type: key.hasSuffix("_total") ? .counter : .gauge, value: value)
        }
    }
}
