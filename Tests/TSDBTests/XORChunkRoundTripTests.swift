import ArgusCore
import ArgusTesting
import Storage
import TSDB
import Testing

@Suite struct XORChunkRoundTripTests {
    /// Random series: timestamps with regular, jittered, repeated, negative and
    /// huge steps; values from a mix of constant, counter-like, small-integer,
    /// special and fully random bit patterns.
    static func randomSeries(count: Int, using rng: inout SeededGenerator) -> [Sample] {
        var samples: [Sample] = []
        var t = Int64.random(in: -1 << 45...1 << 45, using: &rng)
        var value = Double.random(in: -1e6...1e6, using: &rng)
        let interval = Int64([15000, 30000, 1000, 60000][Int.random(in: 0..<4, using: &rng)])
        for _ in 0..<count {
            samples.append(Sample(timestamp: t, value: value))
            switch Int.random(in: 0..<20, using: &rng) {
            case 0: t &+= 0
            case 1: t &+= Int64.random(in: -100_000_000...100_000_000, using: &rng)
            case 2: t &+= Int64.random(in: Int64.min / 4...Int64.max / 4, using: &rng)
            case 3...6: t &+= interval + Int64.random(in: -20...20, using: &rng)
            default: t &+= interval
            }
            switch Int.random(in: 0..<12, using: &rng) {
            case 0...3: break
            case 4...6: value += Double(Int.random(in: 0...1000, using: &rng))
            case 7: value = Double(Int.random(in: 0...3, using: &rng))
            case 8:
                value = [.nan, .infinity, -.infinity, -0.0, 0.0, StaleMarker.value][Int.random(in: 0..<6, using: &rng)]
            case 9: value = Double(bitPattern: rng.next())
            default: value = (value * 1.0001).rounded() / 100
            }
        }
        return samples
    }

    @Test(arguments: 0..<200)
    func randomSeriesRoundTrip(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let count = Int.random(in: 0...300, using: &rng)
        let samples = Self.randomSeries(count: count, using: &rng)
        let chunk = try xorEncode(samples)
        #expect(chunk.numSamples == count)
        #expect(try chunk.samples() == samples)
        #expect(Array(chunk) == samples)
        // Decoding the public bytes through the validating initializer gives the same.
        #expect(try XORChunk(bytes: chunk.bytes).samples() == samples)
    }

    /// The appender reads its first timestamp back from the chunk header.
    @Test(arguments: [0, 1, -1, 1_700_000_000_000, -1_700_000_000_000, Int64.max, Int64.min] as [Int64])
    func firstTimestampIsReadFromTheHeader(first: Int64) throws {
        var appender = XORAppender()
        #expect(appender.firstTimestamp == nil)
        try appender.append(timestamp: first, value: 1)
        #expect(appender.firstTimestamp == first)
        if first < Int64.max - 30_000 {
            try appender.append(timestamp: first + 15_000, value: 2)
            try appender.append(timestamp: first + 30_000, value: 3)
        }
        #expect(appender.firstTimestamp == first)
    }

    @Test func aCompactedChunkHasTheSameBytesInExactStorage() throws {
        var appender = XORAppender()
        for i in 0..<120 { try appender.append(timestamp: Int64(i) * 15_000, value: Double(i * 10 + i % 7)) }
        let chunk = appender.chunk
        let compacted = chunk.compacted()
        #expect(compacted.bytes == chunk.bytes)
        #expect(try compacted.samples() == chunk.samples())
        #expect(compacted.bytes.capacity < chunk.bytes.capacity)
    }

    @Test func equalTimestampsGiveZeroDeltas() throws {
        let samples = (0..<130).map { Sample(timestamp: 5000, value: Double($0 % 3)) }
        let chunk = try xorEncode(samples)
        #expect(try chunk.samples() == samples)
    }

    @Test func deltasBeyondEveryBucket() throws {
        // Each step changes the delta by a growing amount, crossing the 14-, 17-
        // and 20-bit buckets upwards and downwards, then 64-bit jumps.
        var t: Int64 = 0
        var samples = [Sample(timestamp: 0, value: 1)]
        let steps: [Int64] = [
            15000, 15000 + 8192, 15000, 15000 + 8193, 15000 - 8191, 15000 - 8192, 1 << 16, 1 << 16 + 1,
            -(1 << 16), 1 << 19, 1 << 19 + 1, -(1 << 19), 1 << 40, -(1 << 40), 1 << 62, 15000, 15000,
        ]
        for step in steps {
            t &+= step
            samples.append(Sample(timestamp: t, value: 1))
        }
        #expect(try xorEncode(samples).samples() == samples)
    }

    @Test func extremeTimestampsWrapLikeGo() throws {
        let samples = [
            Sample(timestamp: .max, value: 1), Sample(timestamp: .min, value: 2), Sample(timestamp: .max, value: 3),
            Sample(timestamp: 0, value: 4), Sample(timestamp: .min, value: 5), Sample(timestamp: -1, value: 6),
        ]
        #expect(try xorEncode(samples).samples() == samples)
    }

    @Test func specialValuesKeepTheirBits() throws {
        let patterns: [UInt64] = [
            StaleMarker.bitPattern, StaleMarker.normalNaNBitPattern, 0x7FF8_0000_0000_0000, 0xFFF8_0000_0000_0000,
            0x7FF0_0000_0000_0000, 0xFFF0_0000_0000_0000, 0x8000_0000_0000_0000, 0, 1, 0x7FEF_FFFF_FFFF_FFFF,
            0xFFFF_FFFF_FFFF_FFFF, 0x7FF0_0000_0000_0002, 0x8000_0000_0000_0001,
        ]
        let samples = (0..<130).map { floatSample(Int64($0) * 15000, bits: patterns[$0 % patterns.count]) }
        let decoded = try xorEncode(samples).samples()
        #expect(decoded.map(\.value.bitPattern) == samples.map(\.value.bitPattern))
        #expect(decoded.map(\.timestamp) == samples.map(\.timestamp))
    }

    @Test func countLimitIsUInt16() throws {
        var appender = XORAppender()
        for i in 0..<XORChunk.maxSamples {
            try appender.append(timestamp: Int64(i) * 15000, value: Double(i % 10))
        }
        #expect(appender.numSamples == 65535)
        #expect(appender.chunk.bytes.prefix(2) == [0xFF, 0xFF])
        let before = appender.chunk.bytes
        #expect(throws: ChunkError.self) { try appender.append(timestamp: 0, value: 0) }
        do {
            try appender.append(timestamp: 0, value: 0)
        } catch {
            #expect(error.code == .capacityExceeded)
        }
        #expect(appender.chunk.bytes == before)
        var count = 0
        var last: Sample?
        for sample in appender.chunk {
            count += 1
            last = sample
        }
        #expect(count == 65535)
        #expect(last == Sample(timestamp: 65534 * 15000, value: 4))
    }

    @Test func resumingAnAppenderContinuesTheSameStream() throws {
        var rng = SeededGenerator(seed: 42)
        for _ in 0..<50 {
            let samples = Self.randomSeries(count: 150, using: &rng)
            let split = Int.random(in: 2..<150, using: &rng)
            let prefix = try xorEncode(Array(samples[..<split]))
            var resumed = try prefix.appender()
            for sample in samples[split...] {
                try resumed.append(timestamp: sample.timestamp, value: sample.value)
            }
            #expect(try resumed.chunk.samples() == samples)
            // Once the prefix holds a `11` value header, the resumed appender's
            // state equals a continuous one's, and so do the bytes.
            if samples[1..<split].contains(where: { $0.value.bitPattern != samples[0].value.bitPattern }) {
                #expect(resumed.chunk == (try xorEncode(samples)))
            }
        }
    }

    /// Upstream's resumed appender takes the iterator's leading/trailing zero
    /// counts, which start at 0 rather than "unset": until a `11` header has
    /// been read, the next changed value is written as `10` + 64 bits.
    @Test func resumingBeforeAnyValueHeaderMatchesUpstreamQuirk() throws {
        let first = try xorEncode([Sample(timestamp: 0, value: 1.0)])
        var resumed = try first.appender()
        try resumed.append(timestamp: 10, value: 2.0)
        // 00 02 | 00 | 3FF0… | 0A | 10 + 0x7FF0_0000_0000_0000 (64 bits) + 6 bits padding
        let expected: [UInt8] =
            [0x00, 0x02, 0x00, 0x3F, 0xF0, 0, 0, 0, 0, 0, 0, 0x0A] + [0x9F, 0xFC, 0, 0, 0, 0, 0, 0, 0x00]
        #expect(resumed.chunk.bytes == expected)
        #expect(try resumed.chunk.samples() == [Sample(timestamp: 0, value: 1), Sample(timestamp: 10, value: 2)])
        // A fresh appender writes a `11` header instead.
        let fresh = try xorEncode([Sample(timestamp: 0, value: 1.0), Sample(timestamp: 10, value: 2.0)])
        #expect(fresh.bytes == Array(expected[..<12]) + [0xC2, 0x5F, 0xFF])
    }

    @Test func resumingAnEmptyChunkIsAFreshAppender() throws {
        var appender = try XORChunk().appender()
        try appender.append(timestamp: 1000, value: 1)
        #expect(appender.chunk == (try xorEncode([Sample(timestamp: 1000, value: 1)])))
    }

    @Test func seekFollowsUpstreamSemantics() throws {
        let samples = (0..<120).map { Sample(timestamp: Int64($0) * 15000, value: Double($0)) }
        let chunk = try xorEncode(samples)
        var iterator = chunk.makeIterator()
        #expect(iterator.current == nil)
        #expect(try iterator.seek(to: -5) == samples[0])
        #expect(try iterator.seek(to: 0) == samples[0])
        #expect(try iterator.seek(to: 15001) == samples[2])
        // Never moves backwards.
        #expect(try iterator.seek(to: 0) == samples[2])
        #expect(iterator.next() == samples[3])
        #expect(try iterator.seek(to: 119 * 15000) == samples[119])
        #expect(iterator.current == samples[119])
        #expect(try iterator.seek(to: 119 * 15000 + 1) == nil)
        #expect(iterator.next() == nil)
        #expect(iterator.error == nil)
    }

    @Test func iteratorIsIndependentOfLaterAppends() throws {
        var appender = XORAppender()
        try appender.append(timestamp: 0, value: 1)
        try appender.append(timestamp: 15000, value: 2)
        let iterator = appender.chunk.makeIterator()
        try appender.append(timestamp: 30000, value: 3)
        #expect(Array(iterator) == [Sample(timestamp: 0, value: 1), Sample(timestamp: 15000, value: 2)])
        #expect(appender.chunk.numSamples == 3)
    }
}
