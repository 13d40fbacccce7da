import ArgusTesting
import Foundation

@testable import Exporters

/// A throwaway host tree (`proc/`, `sys/`, `rootfs/`, `udev/`) in a
/// temporary directory, for testing collectors on hand-written files.
struct TemporaryNodeTree {
    let root: URL

    init() throws {
        root = try Fixtures.temporaryDirectory("argus-node")
        for directory in ["proc", "sys", "rootfs", "udev"] {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
    }

    var paths: NodePaths {
        NodePaths(procfs: path("proc"), sysfs: path("sys"), rootfs: path("rootfs"), udevData: path("udev"))
    }

    /// The absolute path of `relativePath` in the tree.
    func path(_ relativePath: String) -> String {
        root.appendingPathComponent(relativePath).path
    }

    /// Writes `contents` to `relativePath`, creating its directories.
    func write(_ relativePath: String, _ contents: String) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try contents.write(to: url, atomically: true, encoding: .utf8)
    }

    /// Creates the directory `relativePath`.
    func makeDirectory(_ relativePath: String) throws {
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent(relativePath), withIntermediateDirectories: true)
    }

    /// Removes `relativePath`.
    func remove(_ relativePath: String) throws {
        try FileManager.default.removeItem(at: root.appendingPathComponent(relativePath))
    }

    /// A collector of `type` on this tree.
    func collector<C: NodeCollector>(
        _ type: C.Type, options: NodeCollectorOptions = NodeCollectorOptions()
    ) throws -> C {
        try C(environment: NodeEnvironment(paths: paths, options: options))
    }

    /// One scrape of a `type` collector: the metrics it added, and the
    /// error it threw, if any.
    func scrape<C: NodeCollector>(
        _ type: C.Type, options: NodeCollectorOptions = NodeCollectorOptions()
    ) throws -> (metrics: NodeMetrics, error: NodeCollectorError?) {
        let collector = try collector(type, options: options)
        var metrics = NodeMetrics()
        do {
            try collector.update(&metrics)
            return (metrics, nil)
        } catch let error as NodeCollectorError {
            return (metrics, error)
        }
    }

    /// Deletes the tree.
    func delete() {
        try? FileManager.default.removeItem(at: root)
    }
}

extension NodeMetrics {
    /// The value of the series of `name` with exactly `labels`, if reported.
    func value(_ name: String, _ labels: [String: String] = [:]) -> Double? {
        guard let family = sortedFamilies.first(where: { $0.name == name }) else { return nil }
        return family.samples.first { sample in
            Dictionary(uniqueKeysWithValues: sample.labels.map { ($0.name, $0.value) }) == labels
        }?.value
    }

    /// The names of the reported families, sorted.
    var familyNames: [String] { sortedFamilies.map(\.name) }

    /// The values of label `label` over the series of `name`, sorted.
    func labelValues(_ name: String, _ label: String) -> [String] {
        let family = sortedFamilies.first { $0.name == name }
        return (family?.samples ?? []).compactMap { sample in sample.labels.first { $0.name == label }?.value }
            .sorted()
    }
}
