import ArgusTesting
import Foundation
import Testing

/// Test data and peer programs shared by the Snappy and protobuf tests.
enum WireTestSupport {
    /// Our protobuf schema for remote write and read, with upstream's field numbers.
    static let protoFile = Fixtures.testFixture("ExpositionTests", "prompb.proto")

    /// A real node-exporter scrape, about 57 KiB of exposition text.
    static func nodeExporterPayload() throws -> [UInt8] {
        try Fixtures.sharedBytes("reference/node-exporter-1.5-metrics.txt")
    }

    /// Runs a python3 program that reads stdin and writes stdout, failing on a non-zero exit.
    static func python(_ program: String, stdin: [UInt8]) async throws -> [UInt8] {
        let python = try #require(Peer.locate("python3"))
        let result = try await Peer.run(python, ["-c", program], stdin: Data(stdin))
        guard result.status == 0 else { throw PythonFailure(message: result.stderrString) }
        return Array(result.stdout)
    }

    /// Runs `protoc` against `Fixtures/prompb.proto`.
    static func protoc(_ arguments: [String], stdin: [UInt8]) async throws -> Peer.Result {
        let protoc = try #require(Peer.locate("protoc"))
        return try await Peer.run(
            protoc,
            ["--proto_path=\(protoFile.deletingLastPathComponent().path)"] + arguments + [protoFile.path],
            stdin: Data(stdin)
        )
    }

    /// A python3 program exited with a non-zero status.
    struct PythonFailure: Error, CustomStringConvertible {
        var message: String
        var description: String { "python3 failed: \(message)" }
    }
}
