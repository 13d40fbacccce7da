import Testing

@testable import HostCollectors

@Suite struct EdacCollectorTests {
    private func writeController(_ tree: TemporaryNodeTree, _ name: String, ce: String = "3\n") throws {
        let dir = "sys/devices/system/edac/mc/\(name)/"
        try tree.write(dir + "ce_count", ce)
        try tree.write(dir + "ce_noinfo_count", "1\n")
        try tree.write(dir + "ue_count", "0\n")
        try tree.write(dir + "ue_noinfo_count", "0\n")
    }

    @Test func noEdacReportsNothing() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let (metrics, error) = try tree.scrape(EdacCollector.self)
        #expect(error == nil)
        #expect(metrics.names.isEmpty)
    }

    @Test func controllersAndCsrows() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try writeController(tree, "mc0")
        try tree.write("sys/devices/system/edac/mc/mc0/csrow2/ce_count", "2\n")
        try tree.write("sys/devices/system/edac/mc/mc0/csrow2/ue_count", "1\n")
        try tree.write("sys/devices/system/edac/mc/mc0/dimm0/size", "16384\n")
        let (metrics, error) = try tree.scrape(EdacCollector.self)
        #expect(error == nil)
        #expect(metrics.value("node_edac_correctable_errors_total", ["controller": "0"]) == 3)
        #expect(
            metrics.value("node_edac_csrow_correctable_errors_total", ["controller": "0", "csrow": "unknown"]) == 1)
        #expect(metrics.value("node_edac_csrow_correctable_errors_total", ["controller": "0", "csrow": "2"]) == 2)
        #expect(metrics.value("node_edac_csrow_uncorrectable_errors_total", ["controller": "0", "csrow": "2"]) == 1)
        #expect(metrics.labelValues("node_edac_csrow_uncorrectable_errors_total", "csrow") == ["2", "unknown"])
    }

    @Test func malformedCountStopsTheScrape() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try writeController(tree, "mc0")
        try writeController(tree, "mc1", ce: "-1\n")
        let (metrics, error) = try tree.scrape(EdacCollector.self)
        let expected = NodeCollectorError.malformed(
            path: tree.path("sys/devices/system/edac/mc/mc1/ce_count"), line: nil,
            reason: "not an unsigned integer: \"-1\"")
        #expect(error == expected)
        // What mc0 reported before is kept.
        #expect(metrics.labelValues("node_edac_correctable_errors_total", "controller") == ["0"])
    }

    @Test func csrowOfOddControllerNameDoesNotMatch() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try writeController(tree, "mc3x")
        try tree.write("sys/devices/system/edac/mc/mc3x/csrow0/ce_count", "0\n")
        let (metrics, error) = try tree.scrape(EdacCollector.self)
        let expected = NodeCollectorError.malformed(
            path: tree.path("sys/devices/system/edac/mc/mc3x/csrow0"), line: nil,
            reason: "csrow string didn't match regexp")
        #expect(error == expected)
        #expect(metrics.value("node_edac_correctable_errors_total", ["controller": "3"]) == 3)
    }
}
