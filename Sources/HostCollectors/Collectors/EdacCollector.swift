import ArgusCore

/// `edac`: the correctable and uncorrectable memory error counts of each
/// memory controller in `/sys/devices/system/edac/mc` and of its csrows.
struct EdacCollector: NodeCollector {
    static let name = "edac"
    static let enabledByDefault = true

    private let paths: NodePaths
    private let controllerPattern: RE2
    private let csrowPattern: RE2

    init(environment: NodeEnvironment) throws {
        paths = environment.paths
        controllerPattern = try RE2(".*devices/system/edac/mc/mc([0-9]*)")
        csrowPattern = try RE2(".*devices/system/edac/mc/mc[0-9]*/csrow([0-9]*)")
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let mcPath = paths.sys("devices", "system", "edac", "mc")
        for controller in HostFiles.numberedEntries(mcPath, prefix: "mc").map({ mcPath + "/" + $0 }) {
            guard let match = controllerPattern.firstMatchGroups(in: controller), let number = match[1] else {
                throw NodeCollectorError.malformed(
                    path: controller, line: nil, reason: "controller string didn't match regexp")
            }
            let mc = String(number)
            metrics.add(
                "node_edac_correctable_errors_total", help: "Total correctable memory errors.", type: .counter,
                labels: ["controller": mc], value: try Self.count(controller, "ce_count"))
            metrics.add(
                "node_edac_csrow_correctable_errors_total", help: "Total correctable memory errors for this csrow.",
                type: .counter, labels: ["controller": mc, "csrow": "unknown"],
                value: try Self.count(controller, "ce_noinfo_count"))
            metrics.add(
                "node_edac_uncorrectable_errors_total", help: "Total uncorrectable memory errors.", type: .counter,
                labels: ["controller": mc], value: try Self.count(controller, "ue_count"))
            metrics.add(
                "node_edac_csrow_uncorrectable_errors_total", help: "Total uncorrectable memory errors for this csrow.",
                type: .counter, labels: ["controller": mc, "csrow": "unknown"],
                value: try Self.count(controller, "ue_noinfo_count"))

            for csrow in HostFiles.numberedEntries(controller, prefix: "csrow").map({ controller + "/" + $0 }) {
                guard let match = csrowPattern.firstMatchGroups(in: csrow), let number = match[1] else {
                    throw NodeCollectorError.malformed(
                        path: csrow, line: nil, reason: "csrow string didn't match regexp")
                }
                let row = String(number)
                metrics.add(
                    "node_edac_csrow_correctable_errors_total", help: "Total correctable memory errors for this csrow.",
                    type: .counter, labels: ["controller": mc, "csrow": row], value: try Self.count(csrow, "ce_count"))
                metrics.add(
                    "node_edac_csrow_uncorrectable_errors_total",
                    help: "Total uncorrectable memory errors for this csrow.", type: .counter,
                    labels: ["controller": mc, "csrow": row], value: try Self.count(csrow, "ue_count"))
            }
        }
    }

    /// A counter file: a decimal unsigned integer.
    private static func count(_ dir: String, _ file: String) throws(NodeCollectorError) -> Double {
        let path = dir + "/" + file
        let text = GoText.trimSpace(Substring(try HostFiles.readText(path)))
        guard let value = ProcNumber.unsigned(text) else {
            throw .malformed(path: path, line: nil, reason: "not an unsigned integer: \"\(text)\"")
        }
        return Double(value)
    }
}
