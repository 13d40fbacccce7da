import ArgusTesting
import Exposition
import Testing

/// Cross-checks against the reference Snappy implementation through python's `cramjam`.
@Suite(.enabled(if: Peer.pythonModuleAvailable("cramjam"), "python3 with cramjam is not installed"))
struct SnappyInteropTests {
    static let referenceCompress =
        "import sys, cramjam; sys.stdout.buffer.write(bytes(cramjam.snappy.compress_raw(sys.stdin.buffer.read())))"
    static let referenceDecompress =
        "import sys, cramjam; sys.stdout.buffer.write(bytes(cramjam.snappy.decompress_raw(sys.stdin.buffer.read())))"

    static func payloads() throws -> [(String, [UInt8])] {
        var rng = SeededGenerator(seed: 2024)
        let node = try WireTestSupport.nodeExporterPayload()
        return [
            ("empty", []),
            ("one byte", [0x42]),
            ("random 100 KiB", rng.bytes(100 << 10)),
            ("compressible 300 KiB", SnappyTests.compressible(300 << 10, seed: 5)),
            ("node-exporter", node),
            ("node-exporter x40", Array(repeating: node, count: 40).flatMap { $0 }),
            ("zeros", [UInt8](repeating: 0, count: 70_000)),
        ]
    }

    @Test func referenceDecodesOurOutput() async throws {
        for (name, payload) in try Self.payloads() {
            let ours = Snappy.compress(payload)
            let decoded = try await WireTestSupport.python(Self.referenceDecompress, stdin: ours)
            #expect(decoded == payload, "\(name)")
        }
    }

    @Test func weDecodeReferenceOutput() async throws {
        for (name, payload) in try Self.payloads() {
            let reference = try await WireTestSupport.python(Self.referenceCompress, stdin: payload)
            #expect(try Snappy.decompress(reference, maxDecodedLength: 64 << 20) == payload, "\(name)")
        }
    }

    @Test func ratioMatchesReference() async throws {
        let node = try WireTestSupport.nodeExporterPayload()
        let reference = try await WireTestSupport.python(Self.referenceCompress, stdin: node)
        let ours = Snappy.compress(node)
        // Same algorithm: sizes should agree to within a few percent.
        #expect(
            Double(ours.count) <= Double(reference.count) * 1.05, "ours \(ours.count), reference \(reference.count)")
    }
}
