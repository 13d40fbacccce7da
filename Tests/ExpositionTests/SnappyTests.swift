import ArgusTesting
import Exposition
import Testing

@Suite struct SnappyTests {
    /// Text-like data that compresses: words drawn from a small vocabulary.
    static func compressible(_ count: Int, seed: UInt64) -> [UInt8] {
        var rng = SeededGenerator(seed: seed)
        let words = ["node_cpu_seconds_total", "{cpu=\"", "\",mode=\"idle\"} ", "1.5e+06", "\n", "# HELP ", "# TYPE "]
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            out += Array(words.randomElement(using: &rng)!.utf8)
            if Int.random(in: 0..<4, using: &rng) == 0 { out += rng.bytes(Int.random(in: 1...3, using: &rng)) }
        }
        return Array(out.prefix(count))
    }

    static let sizes = [0, 1, 2, 3, 15, 16, 17, 18, 100, 4095, 65535, 65536, 65537, 131_072, 200_000]

    @Test(arguments: sizes)
    func roundTripRandom(size: Int) throws {
        var rng = SeededGenerator(seed: UInt64(size) &+ 1)
        let input = rng.bytes(size)
        let compressed = Snappy.compress(input)
        #expect(compressed.count <= Snappy.maxCompressedLength(size))
        #expect(try Snappy.decodedLength(compressed) == size)
        #expect(try Snappy.decompress(compressed) == input)
    }

    @Test(arguments: sizes)
    func roundTripCompressible(size: Int) throws {
        let input = Self.compressible(size, seed: UInt64(size))
        let compressed = Snappy.compress(input)
        #expect(try Snappy.decompress(compressed) == input)
        if size >= 4096 { #expect(compressed.count < size / 2) }
    }

    @Test func roundTripMultiMebibyte() throws {
        let input = Self.compressible(5 << 20, seed: 42) + [UInt8](repeating: 7, count: 1 << 20)
        let compressed = Snappy.compress(input)
        #expect(compressed.count < input.count / 3)
        #expect(try Snappy.decompress(compressed, maxDecodedLength: input.count) == input)
        #expect(throws: WireFormatError.self) { try Snappy.decompress(compressed, maxDecodedLength: input.count - 1) }
    }

    @Test func runsOfOneByteUseOverlappingCopies() throws {
        let input = [UInt8](repeating: 0x61, count: 10_000)
        let compressed = Snappy.compress(input)
        #expect(compressed.count < 600)
        #expect(try Snappy.decompress(compressed) == input)
    }

    @Test func emptyInputIsOneZeroByte() throws {
        #expect(Snappy.compress([UInt8]()) == [0])
        #expect(try Snappy.decompress([0]) == [])
    }

    @Test func compressAcceptsNonContiguousCollections() throws {
        let input = Self.compressible(1000, seed: 9)
        #expect(try Snappy.decompress(Snappy.compress(input.lazy.map { $0 })) == input)
    }

    @Test func unsafeBufferVariants() throws {
        let input = Self.compressible(70_000, seed: 3)
        let compressed = input.withUnsafeBytes { Snappy.compress($0) }
        var output = [UInt8](repeating: 0, count: input.count + 10)
        let count = try compressed.withUnsafeBytes { src in
            try output.withUnsafeMutableBytes { try Snappy.decompress(src, into: $0) }
        }
        #expect(count == input.count)
        #expect(Array(output.prefix(count)) == input)
        var small = [UInt8](repeating: 0, count: input.count - 1)
        #expect(throws: WireFormatError.self) {
            try compressed.withUnsafeBytes { src in
                try small.withUnsafeMutableBytes { try Snappy.decompress(src, into: $0) }
            }
        }
    }

    /// Hand-assembled streams exercising each element kind.
    @Test(
        arguments: [
            ([5, 0x10] + Array("hello".utf8), "hello"),
            // literal "ab", then a 2-byte-offset copy of length 6 at offset 2 (overlapping)
            ([8, 0x04, 0x61, 0x62, 0x16, 0x02, 0x00], "abababab"),
            // literal "abcd", then a 1-byte-offset copy of length 4 at offset 4
            ([8, 0x0c, 0x61, 0x62, 0x63, 0x64, 0x01, 0x04], "abcdabcd"),
            // literal "x", then a 4-byte-offset copy of length 3 at offset 1
            ([4, 0x00, 0x78, 0x0b, 0x01, 0x00, 0x00, 0x00], "xxxx"),
            // literal with a one-byte length (tag 60 << 2): 61 bytes
            ([61, 0xf0, 60] + [UInt8](repeating: 0x7a, count: 61), String(repeating: "z", count: 61)),
        ] as [([UInt8], String)])
    func decodesHandAssembledStreams(stream: [UInt8], expected: String) throws {
        #expect(try Snappy.decompress(stream) == Array(expected.utf8))
    }

    struct Bad: Sendable, CustomTestStringConvertible {
        var name: String
        var stream: [UInt8]
        var code: WireFormatError.Code
        var offset: Int
        var testDescription: String { name }
    }

    static let badStreams: [Bad] = [
        Bad(name: "empty", stream: [], code: .snappyCorrupt, offset: 0),
        Bad(name: "truncated header", stream: [0x80, 0x80], code: .snappyCorrupt, offset: 2),
        Bad(name: "header above 2^32-1", stream: [0xff, 0xff, 0xff, 0xff, 0x1f], code: .snappyCorrupt, offset: 0),
        Bad(
            name: "header longer than 5 bytes", stream: [0x80, 0x80, 0x80, 0x80, 0x80, 0x00], code: .snappyCorrupt,
            offset: 0),
        Bad(
            name: "declared length above limit", stream: [0x80, 0x80, 0x80, 0x20, 0x00], code: .snappyTooLarge,
            offset: 0),
        Bad(name: "declared length impossible", stream: [0xe8, 0x07, 0x00, 0x61], code: .snappyCorrupt, offset: 0),
        Bad(name: "no elements", stream: [3], code: .snappyCorrupt, offset: 1),
        Bad(name: "literal past input", stream: [5, 0x10, 0x68], code: .snappyCorrupt, offset: 1),
        Bad(name: "literal length bytes missing", stream: [5, 0xf4, 0x01], code: .snappyCorrupt, offset: 1),
        Bad(name: "literal past output", stream: [1, 0x04, 0x61, 0x62], code: .snappyCorrupt, offset: 1),
        Bad(name: "copy offset zero", stream: [5, 0x00, 0x61, 0x01, 0x00], code: .snappyCorrupt, offset: 3),
        Bad(name: "copy before start", stream: [5, 0x00, 0x61, 0x01, 0x02], code: .snappyCorrupt, offset: 3),
        Bad(name: "copy past output", stream: [3, 0x00, 0x61, 0x01, 0x01], code: .snappyCorrupt, offset: 3),
        Bad(name: "copy1 truncated", stream: [5, 0x00, 0x61, 0x01], code: .snappyCorrupt, offset: 3),
        Bad(name: "copy2 truncated", stream: [5, 0x00, 0x61, 0x0e, 0x01], code: .snappyCorrupt, offset: 3),
        Bad(name: "copy4 truncated", stream: [5, 0x00, 0x61, 0x0f, 0x01, 0x00, 0x00], code: .snappyCorrupt, offset: 3),
        Bad(name: "trailing garbage", stream: [1, 0x00, 0x61, 0x00, 0x62], code: .snappyCorrupt, offset: 3),
        Bad(name: "short output", stream: [2, 0x00, 0x61], code: .snappyCorrupt, offset: 3),
        Bad(name: "bytes after empty", stream: [0, 0x00, 0x61], code: .snappyCorrupt, offset: 1),
    ]

    @Test(arguments: badStreams)
    func rejectsCorruptStreams(bad: Bad) {
        do {
            let output = try Snappy.decompress(bad.stream, maxDecodedLength: 1 << 20)
            Issue.record("decoded \(output) from a corrupt stream")
        } catch {
            #expect(error.code == bad.code, "\(error)")
            #expect(error.offset == bad.offset, "\(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func hugeDeclaredLengthIsRejectedBeforeAllocating() throws {
        // 2^32 - 1 declared, a few bytes of data: must fail fast with either limit.
        let stream: [UInt8] = [0xff, 0xff, 0xff, 0xff, 0x0f, 0x00, 0x61]
        let error = #expect(throws: WireFormatError.self) { try Snappy.decompress(stream) }
        #expect(error?.code == .snappyTooLarge)
        #expect(throws: WireFormatError.self) { try Snappy.decompress(stream, maxDecodedLength: .max) }
        #expect(try Snappy.decodedLength(stream) == Int(UInt32.max))
    }

    // MARK: - Fuzz-style

    @Test func truncatedStreamsNeverCrash() throws {
        let payload = Array(try WireTestSupport.nodeExporterPayload().prefix(6000))
        let compressed = Snappy.compress(payload)
        for length in 0..<compressed.count {
            #expect(throws: WireFormatError.self) { try Snappy.decompress(Array(compressed.prefix(length))) }
        }
    }

    @Test func bitFlippedStreamsNeverCrash() throws {
        let payload = Array(try WireTestSupport.nodeExporterPayload().prefix(4000))
        let compressed = Snappy.compress(payload)
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<4000 {
            var stream = compressed
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let index = Int.random(in: 0..<stream.count, using: &rng)
                stream[index] ^= 1 << UInt8.random(in: 0..<8, using: &rng)
            }
            if let output = try? Snappy.decompress(stream, maxDecodedLength: 1 << 20) {
                #expect(output.count == (try Snappy.decodedLength(stream)))
            }
        }
    }

    @Test func randomBytesNeverCrash() throws {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<20_000 {
            let stream = rng.bytes(Int.random(in: 0..<64, using: &rng))
            if let output = try? Snappy.decompress(stream, maxDecodedLength: 1 << 16) {
                #expect(output.count == (try Snappy.decodedLength(stream)))
            }
        }
    }

    @Test func randomElementStreamsNeverCrash() throws {
        // Plausible headers followed by random elements reach deeper than pure noise.
        var rng = SeededGenerator(seed: 13)
        for _ in 0..<20_000 {
            let declared = Int.random(in: 0..<300, using: &rng)
            var stream: [UInt8] =
                declared < 128 ? [UInt8(declared)] : [UInt8(declared & 0x7f) | 0x80, UInt8(declared >> 7)]
            stream += [0x00, 0x61]  // one literal byte so copies have something to reach
            stream += rng.bytes(Int.random(in: 0..<40, using: &rng))
            if let output = try? Snappy.decompress(stream) {
                #expect(output.count == declared)
            }
        }
    }
}
