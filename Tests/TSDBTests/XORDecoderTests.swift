import ArgusCore
import ArgusTesting
import Foundation
import Storage
import Testing

@testable import TSDB

/// The one-pass decoder of selections gives exactly what ``XORIterator``
/// gives, for every kind of chunk, window and damage.
@Suite struct XORDecoderTests {
    /// What the decoder must return: the iterator's samples in the window,
    /// or nil if the iterator fails before it leaves the window.
    static func expected(_ bytes: [UInt8], limit: Int, mint: Int64, maxt: Int64) -> [Sample]? {
        guard bytes.count >= XORChunk.headerSize else { return nil }
        var iterator = XORChunk(trustedBytes: bytes).makeIterator()
        var result: [Sample] = []
        var read = 0
        while read < limit {
            guard let sample = try? iterator.nextSample() else {
                return iterator.error == nil ? result : nil
            }
            read += 1
            if sample.timestamp > maxt { break }
            if sample.timestamp >= mint { result.append(sample) }
        }
        return result
    }

    static func decoded(_ bytes: [UInt8], limit: Int, mint: Int64, maxt: Int64) -> [Sample]? {
        let room = Swift.max(1, Swift.min(limit, 1 << 16))
        let output = UnsafeMutablePointer<Sample>.allocate(capacity: room)
        defer { output.deallocate() }
        return bytes.withUnsafeBytes { raw in
            XORDecoder.decode(raw, limit: limit, mint: mint, maxt: maxt, into: output).map {
                Array(UnsafeBufferPointer(start: output, count: $0))
            }
        }
    }

    /// A window inside, around or outside the samples' time range.
    static func randomWindow(_ samples: [Sample], using rng: inout SeededGenerator) -> (Int64, Int64) {
        guard let first = samples.first, let last = samples.last else { return (.min, .max) }
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return (.min, .max)
        case 1:
            let a = samples[Int.random(in: 0..<samples.count, using: &rng)].timestamp
            let b = samples[Int.random(in: 0..<samples.count, using: &rng)].timestamp
            return (Swift.min(a, b), Swift.max(a, b))
        case 2: return (first.timestamp &+ 1, last.timestamp &- 1)
        default: return (last.timestamp &+ 1, .max)
        }
    }

    @Test(arguments: 0..<300)
    func sameSamplesAsTheIterator(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let samples = XORChunkRoundTripTests.randomSeries(count: Int.random(in: 0...300, using: &rng), using: &rng)
        let bytes = try xorEncode(samples).bytes
        for _ in 0..<5 {
            let (mint, maxt) = Self.randomWindow(samples, using: &rng)
            let limit = Bool.random(using: &rng) ? Int.max : Int.random(in: 0...samples.count + 1, using: &rng)
            let want = Self.expected(bytes, limit: limit, mint: mint, maxt: maxt)
            #expect(want != nil)
            #expect(Self.decoded(bytes, limit: limit, mint: mint, maxt: maxt) == want)
        }
        #expect(Self.decoded(bytes, limit: .max, mint: .min, maxt: .max) == samples)
    }

    @Test func exactFloatBitsAndEveryTimestampBucket() throws {
        // Deltas that cross the 14-, 17- and 20-bit buckets both ways and then jump by 64 bits;
        // values that are stale markers, -0, NaN payloads and full-width bit patterns.
        var samples: [Sample] = []
        var t: Int64 = 1_600_000_000_000
        let steps: [Int64] = [15_000, 15_000, 23_000, 15_000, 80_000, 15_000, 700_000, 15_000, 1 << 40, 15_000]
        let values: [UInt64] = [
            StaleMarker.value.bitPattern, (-0.0).bitPattern, 0x7FF8_0000_0000_0001, 0xFFFF_FFFF_FFFF_FFFF, 1, 0,
            0x8000_0000_0000_0001, 42.0.bitPattern, 42.5.bitPattern, 0x0123_4567_89AB_CDEF,
        ]
        for i in 0..<200 {
            samples.append(floatSample(t, bits: values[i % values.count]))
            t &+= steps[i % steps.count] * (i % 3 == 0 ? -1 : 1)
        }
        let bytes = try xorEncode(samples).bytes
        let decoded = try #require(Self.decoded(bytes, limit: .max, mint: .min, maxt: .max))
        #expect(decoded.map(\.timestamp) == samples.map(\.timestamp))
        #expect(decoded.map(\.value.bitPattern) == samples.map(\.value.bitPattern))
    }

    @Test(arguments: 0..<40)
    func damageIsReportedWhereTheIteratorFails(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let samples = XORChunkRoundTripTests.randomSeries(count: Int.random(in: 1...150, using: &rng), using: &rng)
        let original = try xorEncode(samples).bytes
        // Every truncation, and flipped bits at random places, header included.
        var cases = (0..<original.count).map { Array(original[..<$0]) }
        for _ in 0..<200 {
            var damaged = original
            let index = Int.random(in: 0..<damaged.count, using: &rng)
            damaged[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            cases.append(damaged)
        }
        var failures = 0
        for bytes in cases {
            let (mint, maxt) = Self.randomWindow(samples, using: &rng)
            let want = Self.expected(bytes, limit: .max, mint: mint, maxt: maxt)
            if want == nil { failures += 1 }
            #expect(Self.decoded(bytes, limit: .max, mint: mint, maxt: maxt) == want)
        }
        #expect(failures > 0)
    }

    @Test func aDamagedChunkYieldsTheSamplesBeforeTheDamage() throws {
        let samples = (0..<50).map { floatSample(Int64($0) * 15_000, bits: UInt64($0) &* 0x9E37_79B9_7F4A_7C15) }
        let bytes = Array(try xorEncode(samples).bytes.dropLast(20))
        let output = UnsafeMutablePointer<Sample>.allocate(capacity: 50)
        defer { output.deallocate() }
        let written = bytes.withUnsafeBytes { XORChunk.decode($0, limit: .max, mint: .min, maxt: .max, into: output) }
        #expect(written > 0 && written < 50)
        #expect(Array(UnsafeBufferPointer(start: output, count: written)) == Array(samples.prefix(written)))
    }

    @Test func aBlockChunkThatFailsToDecodeIsAnErrorNamingTheChunk() throws {
        // Full-width values, so that the stream has room for more samples than it holds.
        let labels: Labels = ["__name__": "m"]
        let samples = (0..<100).map {
            floatSample(1_600_000_000_000 + Int64($0) * 15_000, bits: UInt64($0 + 1) &* 0x9E37_79B9_7F4A_7C15)
        }
        try withTemporaryDirectory { dir in
            let meta = try writeBlock([labels: samples], into: dir)
            let path = dir + "/" + meta.ulid.description + "/chunks/000001"
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            // The first chunk: uvarint length at 8, encoding, data, CRC32C of encoding and data.
            let (length, encodingAt) = try #require(Uvarint.decode(bytes, at: 8, end: bytes.count))
            let dataEnd = encodingAt + 1 + Int(length)
            // Declare 30 samples more than the stream holds and make the checksum agree.
            bytes[encodingAt + 2] += 30
            let crc = bytes.withUnsafeBytes {
                BlockChecksum.crc32c(UnsafeRawBufferPointer(rebasing: $0[encodingAt..<dataEnd]))
            }
            bytes.replaceSubrange(dataEnd..<dataEnd + 4, with: withUnsafeBytes(of: crc.bigEndian) { Array($0) })
            try Data(bytes).write(to: URL(fileURLWithPath: path))

            let block = try Block(directory: dir + "/" + meta.ulid.description)
            let error = #expect(throws: BlockError.self) {
                try block.series(matching: [.equal("__name__", "m")], mint: .min, maxt: .max)
            }
            #expect(error?.message.contains("chunk 8 of series {__name__=\"m\"}") == true)
            #expect(error?.message.contains("XOR chunk truncated") == true)
        }
    }
}
