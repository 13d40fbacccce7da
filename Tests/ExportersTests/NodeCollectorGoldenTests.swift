import ArgusCore
import ArgusTesting
import Foundation
import Testing

@testable import HostCollectors

/// Every collector against the fixture tree `Fixtures/node`, compared with
/// what node-exporter 1.5 reported for the same tree (`expected/*.prom`,
/// made by `Fixtures/node/regen.sh`).
@Suite struct NodeCollectorGoldenTests {
    static let root = Fixtures.testFixture("ExportersTests", "node")

    static var environment: NodeEnvironment {
        var options = NodeCollectorOptions()
        options.textfileDirectory = root.appendingPathComponent("textfile").path
        let paths = NodePaths(
            procfs: root.appendingPathComponent("proc").path, sysfs: root.appendingPathComponent("sys").path,
            rootfs: root.appendingPathComponent("rootfs").path, udevData: root.appendingPathComponent("udev").path)
        return NodeEnvironment(paths: paths, options: options)
    }

    static let collectors: [String] = {
        let list = (try? String(contentsOf: root.appendingPathComponent("collectors.txt"), encoding: .utf8)) ?? ""
        return list.split(separator: "\n").map(String.init).filter { !$0.isEmpty }
    }()

    /// Collectors whose values come from system calls rather than the
    /// fixture files: only their shape can match.
    static let shapeOnly: Set<String> = ["filesystem", "time", "timex", "uname"]

    /// The text files' modification time, as `regen.sh` sets it
    /// (`node_textfile_mtime_seconds` reports it).
    static let textfileModificationTime = Date(timeIntervalSince1970: 1_700_000_000)

    static func exposition(of name: String) throws -> String {
        if name == "textfile" {
            let directory = root.appendingPathComponent("textfile")
            for file in try FileManager.default.contentsOfDirectory(atPath: directory.path)
            where file.hasSuffix(".prom") {
                try FileManager.default.setAttributes(
                    [.modificationDate: textfileModificationTime],
                    ofItemAtPath: directory.appendingPathComponent(file).path)
            }
        }
        let type = try #require(NodeExporter.collectorTypes.first { $0.name == name })
        let collector = try type.init(environment: environment)
        var metrics = NodeMetrics()
        try collector.update(&metrics)
        #expect(metrics.errors == [])
        return metrics.textExposition
    }

    @Test(arguments: collectors)
    func matchesNodeExporter(_ name: String) throws {
        let expected = try String(
            contentsOf: Self.root.appendingPathComponent("expected/\(name).prom"), encoding: .utf8
        ).replacingOccurrences(of: "@ROOT@", with: Self.root.path)
        let actual = try Self.exposition(of: name)
        if Self.shapeOnly.contains(name) {
            #expect(try ExpositionShape(actual).differences(from: ExpositionShape(expected)) == [])
        } else {
            #expect(actual == expected)
        }
    }

    @Test func everyCollectorHasAFixture() {
        #expect(Set(Self.collectors) == Set(NodeExporter.collectorTypes.map { $0.name }))
    }
}
