import ArgusTesting
import Foundation

@testable import HostCollectors

/// A throwaway host tree (`proc/`, `sys/`, `rootfs/`, `udev/`) in a
/// temporary directory, for testing collectors on hand-written files.
struct TemporaryNodeTree {
    let root: URL
    /// The collector options ``environment`` gives; the text file directory
    /// is the tree's `textfile/`.
    var options = NodeCollectorOptions()

    init() throws {
        root = try Fixtures.temporaryDirectory("argus-node")
        for directory in ["proc", "sys", "rootfs", "udev"] {
            try FileManager.default.createDirectory(
                at: root.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        options.textfileDirectory = path("textfile")
    }

    var environment: NodeEnvironment { NodeEnvironment(paths: paths, options: options) }

    /// Creates a `Collector` for the tree with ``options`` and runs one update.
    func collect<Collector: NodeCollector>(_ type: Collector.Type) throws -> NodeMetrics {
        var metrics = NodeMetrics()
        try Collector(environment: environment).update(&metrics)
        return metrics
    }

    /// Runs an update that is expected to throw, returning the error and
    /// what the collector had added before it.
    func failure<Collector: NodeCollector>(_ type: Collector.Type) -> (error: (any Error)?, metrics: NodeMetrics) {
        var metrics = NodeMetrics()
        do {
            try Collector(environment: environment).update(&metrics)
            return (nil, metrics)
        } catch {
            return (error, metrics)
        }
    }

    var paths: NodePaths {
        NodePaths(procfs: path("proc"), sysfs: path("sys"), rootfs: path("rootfs"), udevData: path("udev"))
    }

    /// The absolute path of `relativePath` in the tree.
    func path(_ relativePath: String) -> String { root.appendingPathComponent(relativePath).path }

    /// Writes `contents` to `relativePath`, creating its directories.
    func write(_ relativePath: String, _ contents: String) throws {
        try write(relativePath, bytes: Array(contents.utf8))
    }

    /// Writes raw `bytes` (which need not be UTF-8) to `relativePath`.
    func write(_ relativePath: String, bytes: [UInt8]) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: url)
    }

    /// Creates the symbolic link `relativePath` pointing at `target` (kept
    /// as given, so relative targets stay relative).
    func link(_ relativePath: String, to target: String) throws {
        let url = root.appendingPathComponent(relativePath)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: url.path, withDestinationPath: target)
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
    func collector<C: NodeCollector>(_ type: C.Type, options: NodeCollectorOptions = NodeCollectorOptions()) throws -> C
    { try C(environment: NodeEnvironment(paths: paths, options: options)) }

    /// One scrape of a `type` collector: the metrics it added, and the
    /// error it threw, if any.
    func scrape<C: NodeCollector>(_ type: C.Type, options: NodeCollectorOptions = NodeCollectorOptions()) throws -> (
        metrics: NodeMetrics, error: NodeCollectorError?
    ) {
        let collector = try collector(type, options: options)
        var metrics = NodeMetrics()
        do {
            try collector.update(&metrics)
            return (metrics, nil)
        } catch let error as NodeCollectorError { return (metrics, error) }
    }

    /// Deletes the tree.
    func delete() { try? FileManager.default.removeItem(at: root) }
}
