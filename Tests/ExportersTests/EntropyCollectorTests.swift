import Testing

@testable import HostCollectors

@Suite struct EntropyCollectorTests {
    @Test func availableAndPoolSize() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/sys/kernel/random/entropy_avail", "3754\n")
        try tree.write("proc/sys/kernel/random/poolsize", "4096\n")
        let metrics = try tree.collect(EntropyCollector.self)
        #expect(metrics.value("node_entropy_available_bits") == 3754)
        #expect(metrics.value("node_entropy_pool_size_bits") == 4096)
    }

    @Test func missingPoolSizeKeepsTheAvailableBits() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/sys/kernel/random/entropy_avail", "256\n")
        let (error, metrics) = tree.failure(EntropyCollector.self)
        #expect(metrics.names == ["node_entropy_available_bits"])
        #expect(
            error as? NodeCollectorError
                == .malformed(
                    path: tree.path("proc/sys/kernel/random/poolsize"), line: nil,
                    reason: "couldn't get entropy poolsize"))
    }

    @Test func malformedUnreportedFileFailsToo() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/sys/kernel/random/entropy_avail", "256\n")
        try tree.write("proc/sys/kernel/random/poolsize", "256\n")
        try tree.write("proc/sys/kernel/random/write_wakeup_threshold", "-1\n")
        let (error, metrics) = tree.failure(EntropyCollector.self)
        #expect(metrics.names.isEmpty)
        #expect(
            error as? NodeCollectorError
                == .malformed(
                    path: tree.path("proc/sys/kernel/random/write_wakeup_threshold"), line: 1,
                    reason: "not an unsigned integer: \"-1\""))
    }
}
