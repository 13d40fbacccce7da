import ArgusCore
import ArgusTesting
import Discovery
import Foundation
import Logging
import MetricsTestKit
import Testing

/// Ports the cases of Prometheus' `discovery/file/file_test.go`.
@Suite struct FileDiscovererTests {
    // The upstream fixtures `discovery/file/fixtures/*`.
    static let validYAML = """
        - targets: ['localhost:9090', 'example.org:443']
          labels:
            foo: bar

        - targets: ['my.domain']
        """
    static let validJSON = """
        [
            {"targets": ["localhost:9090", "example.org:443"], "labels": {"foo": "bar"}},
            {"targets": ["my.domain"]}
        ]
        """
    static let valid2YAML = """
        - targets: ['my.domain']
        - targets: ['localhost:9090']
          labels:
            foo: bar
            fred: baz
        - targets: ['example.org:443']
          labels:
            scheme: https
        """
    static let valid3YAML = """
        # the YAML structure is identical to valid.yml but the raw data is different.
        - targets: ["localhost:9090", "example.org:443"]
          labels:
            foo: bar

        - targets: ["my.domain"]
        """
    static let invalidNilYAML = """
        - targets: ['localhost:9090', 'example.org:443']
          labels:
            foo: bar

        - null
        """
    static let invalidNilJSON = """
        [{"targets": ["localhost:9090", "example.org:443"], "labels": {"foo": "bar"}}, null]
        """

    static func group(_ file: String, _ index: Int, _ targets: [String], _ labels: [String: String] = [:])
        -> TargetGroup
    {
        var all = labels
        all[FileDiscoverer.filepathLabel] = file
        return TargetGroup(
            source: "\(file):\(index)", targets: TargetGroup.targets(addresses: targets), labels: Labels(all))
    }

    static func validGroups(_ file: String) -> [TargetGroup] {
        [group(file, 0, ["localhost:9090", "example.org:443"], ["foo": "bar"]), group(file, 1, ["my.domain"])]
    }

    static func valid2Groups(_ file: String) -> [TargetGroup] {
        [
            group(file, 0, ["my.domain"]),
            group(file, 1, ["localhost:9090"], ["foo": "bar", "fred": "baz"]),
            group(file, 2, ["example.org:443"], ["scheme": "https"]),
        ]
    }

    /// A temporary directory with atomic writes, like upstream's test runner.
    final class Workspace: Sendable {
        let dir: URL
        let scratch: URL

        init() throws {
            dir = try Fixtures.temporaryDirectory("argus-file-sd")
            scratch = try Fixtures.temporaryDirectory("argus-file-sd-scratch")
        }

        deinit {
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.removeItem(at: scratch)
        }

        func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

        /// Writes through a rename so readers never see a partial file.
        @discardableResult
        func write(_ name: String, _ text: String) throws -> String {
            let temporary = scratch.appendingPathComponent(UUID().uuidString)
            try Data(text.utf8).write(to: temporary)
            let destination = path(name)
            // rename(2) replaces the file in one step: the watcher never sees it missing.
            guard rename(temporary.path, destination) == 0 else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: destination])
            }
            return destination
        }

        func append(_ name: String, _ text: String) throws {
            let handle = try FileHandle(forWritingTo: dir.appendingPathComponent(name))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        }
    }

    func discoverer(
        _ patterns: [String], refresh: Duration = .seconds(3600), watch: Duration = .milliseconds(10),
        metrics: TestMetrics = TestMetrics()
    ) throws -> FileDiscoverer {
        try FileDiscoverer(
            patterns: patterns, refreshInterval: refresh, watchInterval: watch, logger: .quiet, metricsFactory: metrics)
    }

    @Test(arguments: [("valid.yml", FileDiscovererTests.validYAML), ("valid.json", FileDiscovererTests.validJSON)])
    func initialUpdate(name: String, content: String) async throws {
        let workspace = try Workspace()
        let file = try workspace.write(name, content)
        let ext = URL(fileURLWithPath: name).pathExtension
        try await withDiscoverer(try discoverer([workspace.path("*.\(ext)")])) { recorder in
            #expect(await eventually { await recorder.sorted() == Self.validGroups(file) })
        }
    }

    @Test(arguments: [
        ("invalid_nil.yml", FileDiscovererTests.invalidNilYAML),
        ("invalid_nil.json", FileDiscovererTests.invalidNilJSON),
    ])
    func invalidFile(name: String, content: String) async throws {
        let workspace = try Workspace()
        try workspace.write(name, content)
        let metrics = TestMetrics()
        let ext = URL(fileURLWithPath: name).pathExtension
        try await withDiscoverer(try discoverer([workspace.path("*.\(ext)")], metrics: metrics)) { recorder in
            #expect(
                await eventually {
                    (try? metrics.expectCounter("prometheus_sd_file_read_errors_total").totalValue) ?? 0 >= 1
                })
            try await Task.sleep(for: .milliseconds(50))
            #expect(await recorder.updateCount == 0)
        }
    }

    @Test func noopFileUpdate() async throws {
        let workspace = try Workspace()
        let file = try workspace.write("valid.yml", Self.validYAML)
        try await withDiscoverer(try discoverer([workspace.path("*.yml")])) { recorder in
            #expect(await eventually { await recorder.sorted() == Self.validGroups(file) })
            let before = await recorder.updateCount
            try workspace.write("valid.yml", Self.valid3YAML)
            #expect(await eventually { await recorder.updateCount > before })
            #expect(await recorder.sorted() == Self.validGroups(file))
        }
    }

    @Test func fileUpdate() async throws {
        let workspace = try Workspace()
        let file = try workspace.write("valid.yml", Self.validYAML)
        try await withDiscoverer(try discoverer([workspace.path("*.yml")])) { recorder in
            #expect(await eventually { await recorder.sorted() == Self.validGroups(file) })
            try workspace.write("valid.yml", Self.valid2YAML)
            #expect(await eventually { await recorder.sorted() == Self.valid2Groups(file) })
        }
    }

    @Test func invalidFileUpdateKeepsPreviousGroups() async throws {
        let workspace = try Workspace()
        let file = try workspace.write("valid.yml", Self.validYAML)
        let metrics = TestMetrics()
        try await withDiscoverer(try discoverer([workspace.path("*.yml")], metrics: metrics)) { recorder in
            #expect(await eventually { await recorder.sorted() == Self.validGroups(file) })
            try workspace.write("valid.yml", "]gibberish\n][")
            #expect(
                await eventually {
                    (try? metrics.expectCounter("prometheus_sd_file_read_errors_total").totalValue) ?? 0 >= 1
                })
            try await Task.sleep(for: .milliseconds(50))
            #expect(await recorder.sorted() == Self.validGroups(file))
        }
    }

    @Test func updateFileWithPartialWrites() async throws {
        let workspace = try Workspace()
        let file = try workspace.write("valid.yml", Self.validYAML)
        try await withDiscoverer(try discoverer([workspace.path("*.yml")])) { recorder in
            #expect(await eventually { await recorder.sorted() == Self.validGroups(file) })
            try workspace.write("valid.yml", "- targets")
            try await Task.sleep(for: .milliseconds(50))
            #expect(await recorder.sorted() == Self.validGroups(file))
            try workspace.append("valid.yml", #": ["localhost:9091"]"#)
            #expect(
                await eventually {
                    await recorder.sorted() == [
                        Self.group(file, 0, ["localhost:9091"]), TargetGroup(source: "\(file):1", targets: []),
                    ]
                })
        }
    }

    @Test func removeFile() async throws {
        let workspace = try Workspace()
        let file = try workspace.write("valid.yml", Self.validYAML)
        try await withDiscoverer(try discoverer([workspace.path("*.yml")])) { recorder in
            #expect(await eventually { await recorder.sorted() == Self.validGroups(file) })
            try FileManager.default.removeItem(atPath: file)
            #expect(
                await eventually {
                    await recorder.sorted() == [
                        TargetGroup(source: "\(file):0", targets: []), TargetGroup(source: "\(file):1", targets: []),
                    ]
                })
        }
    }

    @Test func globSelectsFilesAndNewFilesArePickedUp() async throws {
        let workspace = try Workspace()
        let a = try workspace.write("a1.yml", "- targets: ['a:1']\n")
        try workspace.write("b1.yml", "- targets: ['b:1']\n")
        try workspace.write("a1.json", #"[{"targets": ["c:1"]}]"#)
        try await withDiscoverer(try discoverer([workspace.path("a?.yml"), workspace.path("[x-z]*.json")])) {
            recorder in
            #expect(await eventually { await recorder.sorted() == [Self.group(a, 0, ["a:1"])] })
            let z = try workspace.write("z.json", #"[{"targets": ["z:1"], "labels": {"k": "v"}}]"#)
            #expect(
                await eventually {
                    await recorder.sorted() == [Self.group(a, 0, ["a:1"]), Self.group(z, 0, ["z:1"], ["k": "v"])]
                })
        }
    }

    @Test func refreshIntervalRereadsWithoutWatching() async throws {
        let workspace = try Workspace()
        let file = try workspace.write("valid.yml", Self.validYAML)
        let metrics = TestMetrics()
        let slow = try discoverer(
            [workspace.path("*.yml")], refresh: .milliseconds(30), watch: .seconds(3600), metrics: metrics)
        try await withDiscoverer(slow) { recorder in
            #expect(await eventually { await recorder.sorted() == Self.validGroups(file) })
            try workspace.write("valid.yml", Self.valid2YAML)
            #expect(await eventually { await recorder.sorted() == Self.valid2Groups(file) })
            #expect(try metrics.expectTimer("prometheus_sd_file_scan_duration_seconds").values.count >= 2)
        }
    }

    @Test func filepathLabelOverridesTheFilesOwn() async throws {
        let workspace = try Workspace()
        let file = try workspace.write("f.json", #"[{"targets": ["a"], "labels": {"__meta_filepath": "x"}}]"#)
        try await withDiscoverer(try discoverer([workspace.path("f.json")])) { recorder in
            #expect(await eventually { await recorder.sorted() == [Self.group(file, 0, ["a"])] })
        }
    }

    @Test(arguments: [
        "*.txt", "dir/*/x.json", "file", "x.Json",
    ])
    func rejectsInvalidPatterns(pattern: String) {
        #expect(throws: DiscoveryError("path name \"\(pattern)\" is not valid for file discovery")) {
            try FileDiscoverer(patterns: [pattern])
        }
    }

    @Test func acceptsValidPatterns() throws {
        _ = try FileDiscoverer(patterns: ["/etc/sd/*.json", "a?/b[0-9].yml", "x.YAML", "conf/*-targets.yaml"])
        #expect(throws: DiscoveryError.self) { try FileDiscoverer(patterns: []) }
    }
}
