import ArgusTesting
import Storage
import TSDB
import Testing

/// Damaged input must give a ``ChunkError``, never a trap.
@Suite struct XORChunkCorruptionTests {
    static var chunk: XORChunk {
        var rng = SeededGenerator(seed: 7)
        return try! xorEncode(XORChunkRoundTripTests.randomSeries(count: 130, using: &rng))
    }

    /// Decodes everything it can; returns the error if any.
    static func decode(_ bytes: [UInt8]) -> ChunkError? {
        do {
            _ = try XORChunk(bytes: bytes).samples()
            return nil
        } catch {
            return error
        }
    }

    @Test func everyTruncationIsRejected() {
        let bytes = Self.chunk.bytes
        for length in 0..<bytes.count {
            let error = Self.decode(Array(bytes[..<length]))
            #expect(error != nil, "prefix of \(length) bytes decoded without error")
            guard let error else { continue }
            #expect(error.code == .invalidHeader || error.code == .truncated, "\(length): \(error)")
            #expect((0...length).contains(error.offset ?? -1), "\(length): offset \(String(describing: error.offset))")
        }
    }

    @Test func truncationErrorsNameTheSampleAndOffset() throws {
        let bytes = Array(Self.chunk.bytes.dropLast(5))
        let chunk = try XORChunk(bytes: bytes)
        var iterator = chunk.makeIterator()
        var decoded = 0
        while iterator.next() != nil { decoded += 1 }
        let error = try #require(iterator.error)
        #expect(error.code == .truncated)
        #expect(error.offset == bytes.count)
        #expect(error.message.contains("of sample \(decoded) of 130"))
        #expect(error.message.contains("byte \(bytes.count)"))
        // The error is sticky.
        #expect(iterator.next() == nil)
        #expect(throws: error) { try iterator.nextSample() }
        #expect(throws: error) { try iterator.seek(to: 0) }
        #expect(iterator.current == nil)
    }

    @Test func headerMustFitTheDeclaredCount() {
        #expect(Self.decode([])?.code == .invalidHeader)
        #expect(Self.decode([0])?.code == .invalidHeader)
        #expect(Self.decode([0, 0]) == nil)
        // One sample needs 9 bytes after the header.
        #expect(Self.decode([0, 1, 0, 0, 0, 0, 0, 0, 0, 0])?.code == .invalidHeader)
        #expect(Self.decode([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]) == nil)
        // 65535 samples cannot fit in the bytes of 130.
        var bytes = Self.chunk.bytes
        bytes[0] = 0xFF
        bytes[1] = 0xFF
        let error = Self.decode(bytes)
        #expect(error?.code == .invalidHeader)
        #expect(error?.message.contains("65535 samples") == true)
    }

    @Test func overlongVarintIsRejected() {
        // Eleven continuation bytes: Go's ReadVarint reports overflow.
        let bytes: [UInt8] = [0, 1] + [UInt8](repeating: 0xFF, count: 11) + [UInt8](repeating: 0, count: 8)
        let error = Self.decode(bytes)
        #expect(error?.code == .invalidVarint)
        // A tenth byte above 1 overflows 64 bits too.
        let tenth: [UInt8] = [0, 1] + [UInt8](repeating: 0x80, count: 9) + [0x02] + [UInt8](repeating: 0, count: 8)
        #expect(Self.decode(tenth)?.code == .invalidVarint)
        let maxVarint: [UInt8] = [0, 1] + [UInt8](repeating: 0xFF, count: 9) + [0x01] + [UInt8](repeating: 0, count: 8)
        #expect(Self.decode(maxVarint) == nil)
    }

    @Test func impossibleValueHeaderIsRejected() {
        // Two samples; the second value header says 31 leading zeros and 40 significant bits.
        // 11 | 11111 | 101000 then 40 bits.
        let bytes: [UInt8] =
            [0, 2, 0] + [UInt8](repeating: 0, count: 8) + [0x01, 0b1111_1111, 0b0100_0000]
            + [UInt8](repeating: 0, count: 6)
        let error = Self.decode(bytes)
        #expect(error?.code == .invalidValueEncoding)
        #expect(error?.offset == 12)
    }

    @Test(arguments: 0..<40)
    func randomBitFlipsNeverTrap(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let original = Self.chunk.bytes
        for _ in 0..<100 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let bit = Int.random(in: 0..<bytes.count * 8, using: &rng)
                bytes[bit / 8] ^= 1 << (bit % 8)
            }
            // Either decodes (to something) or reports an error; never traps.
            if let chunk = try? XORChunk(bytes: bytes) {
                var iterator = chunk.makeIterator()
                while iterator.next() != nil {}
                _ = try? chunk.appender()
            }
        }
    }

    @Test(arguments: 0..<20)
    func randomBytesNeverTrap(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let count = Int.random(in: 0..<200, using: &rng)
            var bytes = rng.bytes(count)
            if count >= 2 {
                bytes[0] = 0
                bytes[1] = UInt8.random(in: 0...40, using: &rng)
            }
            if let chunk = try? XORChunk(bytes: bytes) {
                _ = try? chunk.samples()
                var appender = try? chunk.appender()
                try? appender?.append(timestamp: .max, value: .nan)
            }
        }
    }
}
