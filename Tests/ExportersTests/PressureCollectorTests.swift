import Testing

@testable import HostCollectors

@Suite struct PressureCollectorTests {
    static let line = "avg10=0.00 avg60=0.10 avg300=1.00 total="

    @Test func totalsInSeconds() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/pressure/cpu", "some \(Self.line)2500000\n")
        try tree.write("proc/pressure/io", "some \(Self.line)3000000\nfull \(Self.line)1500000\n")
        try tree.write("proc/pressure/memory", "some \(Self.line)0\nfull \(Self.line)7\nnew \(Self.line)1\n")
        let metrics = try tree.collect(PressureCollector.self)
        #expect(metrics.value("node_pressure_cpu_waiting_seconds_total") == 2.5)
        #expect(metrics.value("node_pressure_io_waiting_seconds_total") == 3)
        #expect(metrics.value("node_pressure_io_stalled_seconds_total") == 1.5)
        #expect(metrics.value("node_pressure_memory_stalled_seconds_total") == 7e-06)
        #expect(metrics.names.count == 5)
    }

    @Test func missingFilesMeanNoData() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        var (error, metrics) = tree.failure(PressureCollector.self)
        #expect((error as? NodeCollectorError)?.isNoData == true)
        #expect(metrics.names.isEmpty)
        // What was read before the missing file is kept, as node-exporter does.
        try tree.write("proc/pressure/cpu", "some \(Self.line)1000000\n")
        (error, metrics) = tree.failure(PressureCollector.self)
        #expect((error as? NodeCollectorError)?.isNoData == true)
        #expect(metrics.names == ["node_pressure_cpu_waiting_seconds_total"])
    }

    @Test func malformedLines() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/pressure/cpu", "some avg10=0.00 avg60=0.00 avg300=0.00\n")
        var error = try #require(throws: NodeCollectorError.self) { try tree.collect(PressureCollector.self) }
        #expect(
            error
                == .malformed(
                    path: tree.path("proc/pressure/cpu"), line: 1,
                    reason: "expected \"avg10=… avg60=… avg300=… total=…\""))
        try tree.write("proc/pressure/cpu", "some avg10=0.00 avg60=0.00 avg300=0.00 total=-3\n")
        error = try #require(throws: NodeCollectorError.self) { try tree.collect(PressureCollector.self) }
        #expect(error == .malformed(path: tree.path("proc/pressure/cpu"), line: 1, reason: "invalid \"total=-3\""))
        // io without its "full" line (node-exporter crashes on this).
        try tree.write("proc/pressure/cpu", "some \(Self.line)1\n")
        try tree.write("proc/pressure/io", "some \(Self.line)1\n")
        error = try #require(throws: NodeCollectorError.self) { try tree.collect(PressureCollector.self) }
        #expect(
            error
                == .malformed(
                    path: tree.path("proc/pressure/io"), line: nil, reason: "missing \"some\" or \"full\" line"))
    }
}
