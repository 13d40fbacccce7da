import ArgusTesting
import Foundation

@testable import HostCollectors

/// A throwaway host tree (`proc/`, `sys/`, `rootfs/`, `textfile/`) in a
/// temporary directory, for collector tests that need files the fixture
/// tree must not have (malformed, missing, unusual).
struct NodeTestTree {
    let root: URL
    var options = NodeCollectorOptions()

    init() throws {
        root = try Fixtures.temporaryDirectory("node-tree")
        options.textfileDirectory = path("textfile")
    }

    /// Deletes the tree; call it in a `defer`.
    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    /// The absolute path of `relative` in the tree.
    func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// Writes `content` to `relative`, creating its directories.
    func write(_ relative: String, _ content: String) throws {
        let url = root.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(content.utf8).write(to: url)
    }

    /// Creates the directory `relative` and its parents.
    func makeDirectory(_ relative: String) throws {
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent(relative), withIntermediateDirectories: true)
    }

    /// Makes `relative` a symbolic link to `destination`.
    func link(_ relative: String, to destination: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path(relative), withDestinationPath: destination)
    }

    var environment: NodeEnvironment {
        NodeEnvironment(
            paths: NodePaths(procfs: path("proc"), sysfs: path("sys"), rootfs: path("rootfs"), udevData: path("udev")),
            options: options)
    }

    /// Creates a `Collector` for the tree and runs one update.
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
}
