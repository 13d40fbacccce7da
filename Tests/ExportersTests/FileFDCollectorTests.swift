import Testing

@testable import HostCollectors

@Suite struct FileFDCollectorTests {
    @Test func allocatedAndMaximum() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("proc/sys/fs/file-nr", "1024\t0\t9223372036854775807\n")
        let metrics = try tree.collect(FileFDCollector.self)
        #expect(metrics.value("node_filefd_allocated") == 1024)
        #expect(metrics.value("node_filefd_maximum") == 9.223372036854776e18)
    }

    @Test func malformedFile() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        // Only tabs separate the values.
        try tree.write("proc/sys/fs/file-nr", "1024 0 4096\n")
        var error = try #require(throws: NodeCollectorError.self) { try tree.collect(FileFDCollector.self) }
        #expect(
            error
                == .malformed(
                    path: tree.path("proc/sys/fs/file-nr"), line: 1, reason: "unexpected number of file stats"))
        try tree.write("proc/sys/fs/file-nr", "1024\t0\tlots\n")
        error = try #require(throws: NodeCollectorError.self) { try tree.collect(FileFDCollector.self) }
        #expect(
            error
                == .malformed(path: tree.path("proc/sys/fs/file-nr"), line: 1, reason: "invalid value lots in file-nr"))
    }
}
