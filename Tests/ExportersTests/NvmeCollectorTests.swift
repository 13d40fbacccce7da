import Testing

@testable import HostCollectors

@Suite struct NvmeCollectorTests {
    private func writeController(_ tree: TemporaryNodeTree, _ name: String) throws {
        try tree.write("sys/class/nvme/\(name)/firmware_rev", "2B2QEXM7\n")
        try tree.write("sys/class/nvme/\(name)/model", "Samsung SSD 970 EVO Plus 1TB            \n")
        try tree.write("sys/class/nvme/\(name)/serial", "S4EWNX0R123456A     \n")
        try tree.write("sys/class/nvme/\(name)/state", "live\n")
    }

    @Test func reportsTrimmedAttributes() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try writeController(tree, "nvme0")
        let (metrics, error) = try tree.scrape(NvmeCollector.self)
        #expect(error == nil)
        let labels = [
            "device": "nvme0", "firmware_revision": "2B2QEXM7", "model": "Samsung SSD 970 EVO Plus 1TB",
            "serial": "S4EWNX0R123456A", "state": "live",
        ]
        #expect(metrics.value("node_nvme_info", labels) == 1)
    }

    @Test func anyMissingFileIsNoData() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        var (_, error) = try tree.scrape(NvmeCollector.self)
        #expect(error?.isNoData == true)

        try writeController(tree, "nvme0")
        try writeController(tree, "nvme1")
        try tree.remove("sys/class/nvme/nvme1/state")
        let metrics: NodeMetrics
        (metrics, error) = try tree.scrape(NvmeCollector.self)
        #expect(error?.isNoData == true)
        #expect(metrics.names.isEmpty)
    }

    @Test func unreadableFileFails() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try writeController(tree, "nvme0")
        try tree.remove("sys/class/nvme/nvme0/model")
        try tree.makeDirectory("sys/class/nvme/nvme0/model")
        let (metrics, error) = try tree.scrape(NvmeCollector.self)
        #expect(error == .unreadable(path: tree.path("sys/class/nvme/nvme0/model"), reason: "is a directory"))
        #expect(metrics.names.isEmpty)
    }
}
