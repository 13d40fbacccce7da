/// `nvme`: model, serial number, firmware revision and state of each NVMe
/// controller in `/sys/class/nvme` as the labels of `node_nvme_info`.
struct NvmeCollector: NodeCollector {
    static let name = "nvme"
    static let enabledByDefault = true

    private let paths: NodePaths

    init(environment: NodeEnvironment) {
        paths = environment.paths
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let classPath = paths.sys("class", "nvme")
        var controllers: [[NodeMetrics.Label]] = []
        do {
            for device in try HostFiles.entries(classPath) {
                var labels = [NodeMetrics.Label(name: "device", value: device)]
                for (file, label) in [
                    ("firmware_rev", "firmware_revision"), ("model", "model"), ("serial", "serial"), ("state", "state"),
                ] {
                    let value = try SysfsAttribute.readValue(classPath + "/" + device + "/" + file)
                    labels.append(NodeMetrics.Label(name: label, value: value))
                }
                controllers.append(labels)
            }
        } catch {
            // node-exporter reports any missing file, not just the class, as "no data".
            if error.isFileNotFound { throw NodeCollectorError.noData("no \(classPath)") }
            throw error
        }
        for labels in controllers {
            metrics.add(
                "node_nvme_info", help: "Non-numeric data from /sys/class/nvme/<device>, value is always 1.",
                type: .gauge, labels: labels, value: 1)
        }
    }
}
