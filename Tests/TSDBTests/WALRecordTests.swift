import ArgusCore
import ArgusTesting
import Testing

@testable import TSDB

@Suite struct WALRecordTests {
    /// A series record, laid out as upstream's `record.Encoder.Series` writes it:
    /// type 1, then per series the ref as 8 big-endian bytes, the label count as
    /// a uvarint, and each name and value as a uvarint length and the bytes,
    /// labels sorted by name.
    @Test func seriesRecordMatchesUpstreamBytes() throws {
        let record = WALRecord.series([RefSeries(ref: 1, labels: ["__name__": "up", "job": "a"])])
        let expected: [UInt8] =
            [0x01]  // record type: series
            + [0, 0, 0, 0, 0, 0, 0, 0x01]  // ref 1, BE64
            + [0x02]  // two labels
            + [0x08] + Array("__name__".utf8) + [0x02] + Array("up".utf8)
            + [0x03] + Array("job".utf8) + [0x01] + Array("a".utf8)
        #expect(record.encoded() == expected)
        #expect(try WALRecord.decode(expected) == record)
    }

    /// A samples record, laid out as upstream's `record.Encoder.Samples` (v1):
    /// type 2, the first sample's ref and timestamp as BE64, then per sample
    /// the ref and timestamp deltas to that first sample as zig-zag varints
    /// (Go's PutVarint: 0→0, 1→2, 15→30, −10→19) and the value's bits as BE64.
    @Test func samplesRecordMatchesUpstreamBytes() throws {
        let record = WALRecord.samples([
            RefSample(ref: 1, t: 1000, v: 1.0),
            RefSample(ref: 2, t: 1015, v: 2.5),
            RefSample(ref: 0, t: 990, v: -0.0),
        ])
        let expected: [UInt8] =
            [0x02]  // record type: samples
            + [0, 0, 0, 0, 0, 0, 0, 0x01]  // base ref 1
            + [0, 0, 0, 0, 0, 0, 0x03, 0xE8]  // base time 1000
            + [0x00, 0x00] + [0x3F, 0xF0, 0, 0, 0, 0, 0, 0]  // Δref 0, Δt 0, 1.0
            + [0x02, 0x1E] + [0x40, 0x04, 0, 0, 0, 0, 0, 0]  // Δref +1, Δt +15, 2.5
            + [0x01, 0x13] + [0x80, 0, 0, 0, 0, 0, 0, 0]  // Δref −1, Δt −10, −0.0
        #expect(record.encoded() == expected)
        #expect(try WALRecord.decode(expected) == record)
    }

    /// Tombstones: type 3, then (ref BE64, mint varint, maxt varint) per interval.
    @Test func tombstonesRecordMatchesUpstreamBytes() throws {
        let record = WALRecord.tombstones([
            RefTombstone(ref: 7, intervals: [.init(mint: 1, maxt: -1), .init(mint: 64, maxt: 100)])
        ])
        let expected: [UInt8] =
            [0x03]
            + [0, 0, 0, 0, 0, 0, 0, 0x07, 0x02, 0x01]
            + [0, 0, 0, 0, 0, 0, 0, 0x07, 0x80, 0x01, 0xC8, 0x01]
        #expect(record.encoded() == expected)
        // Upstream decodes one stone per interval.
        #expect(
            try WALRecord.decode(expected)
                == .tombstones([
                    RefTombstone(ref: 7, intervals: [.init(mint: 1, maxt: -1)]),
                    RefTombstone(ref: 7, intervals: [.init(mint: 64, maxt: 100)]),
                ]))
    }

    @Test(arguments: [
        WALRecord.series([]),
        .samples([]),
        .tombstones([]),
        .series([
            RefSeries(ref: 0, labels: Labels()),
            RefSeries(ref: UInt64.max, labels: ["a": "ünïcødé", "b": String(repeating: "x", count: 300)]),
        ]),
        .samples([
            RefSample(ref: UInt64.max, t: Int64.min, v: .nan),
            RefSample(ref: 0, t: Int64.max, v: .infinity),
            RefSample(ref: 5, t: 0, v: StaleMarker.value),
        ]),
        .tombstones([RefTombstone(ref: 3, intervals: [.init(mint: Int64.min, maxt: Int64.max)])]),
    ])
    func roundTrips(_ record: WALRecord) throws {
        #expect(try WALRecord.decode(record.encoded()) == record)
    }

    @Test func randomRecordsRoundTrip() throws {
        var random = SeededGenerator(seed: 42)
        for _ in 0..<200 {
            let samples = (0..<Int.random(in: 1...50, using: &random)).map { _ in
                RefSample(
                    ref: UInt64.random(in: 0...UInt64.max, using: &random),
                    t: Int64.random(in: Int64.min...Int64.max, using: &random),
                    v: Double(bitPattern: random.next()))
            }
            #expect(try WALRecord.decode(WALRecord.samples(samples).encoded()) == .samples(samples))
        }
    }

    @Test func unknownAndEmptyRecordsDecodeToNil() throws {
        #expect(try WALRecord.decode([]) == nil)
        #expect(try WALRecord.decode([0x04, 1, 2, 3]) == nil)
        #expect(try WALRecord.decode([0xFF]) == nil)
        #expect(WALRecord.type(of: [0x07]) == .histogramSamples)
        #expect(WALRecordType.metadata.description == "metadata")
    }

    /// A cut record either fails to decode or, for samples cut at an entry
    /// boundary, decodes to the leading entries (the layout cannot tell).
    @Test func everyTruncationOfAValidRecordIsRejectedOrShorter() throws {
        let samples = [RefSample(ref: 1, t: 5, v: 1), RefSample(ref: 300, t: 70_000, v: 2)]
        let records = [
            WALRecord.series([RefSeries(ref: 9, labels: ["__name__": "x", "job": "y"])]),
            .samples(samples),
            .tombstones([RefTombstone(ref: 1, intervals: [.init(mint: 1000, maxt: 200_000)])]),
        ]
        for record in records {
            let bytes = record.encoded()
            for length in 2..<bytes.count {
                do throws(WALError) {
                    let decoded = try WALRecord.decode(Array(bytes[..<length]))
                    // 17 bytes: type and base values only; 27: one whole sample.
                    let prefix = [17: WALRecord.samples([]), 27: .samples(Array(samples[..<1]))]
                    #expect(record.type == .samples && decoded == prefix[length], "cut to \(length) bytes")
                } catch {
                    #expect(error.code == .invalidRecord)
                    #expect(error.message.contains("truncated"))
                }
            }
        }
    }

    @Test func overlongVarintsAreRejected() {
        let bytes: [UInt8] = [0x03] + [0, 0, 0, 0, 0, 0, 0, 1] + [UInt8](repeating: 0xFF, count: 11) + [0x00]
        #expect(throws: WALError.self) { try WALRecord.decode(bytes) }
    }

    @Test func unsortedLabelsAreSortedOnDecode() throws {
        var buffer = Encbuf()
        buffer.putByte(1)
        buffer.putBE64(1)
        buffer.putUvarint(2)
        for string in ["job", "a", "__name__", "up"] { buffer.putUvarintString(string) }
        #expect(
            try WALRecord.decode(buffer.bytes) == .series([RefSeries(ref: 1, labels: ["__name__": "up", "job": "a"])]))
    }

    /// The standard CRC-32C check value (RFC 3720, appendix B.4).
    @Test func checksumIsCastagnoli() {
        #expect(WALChecksum.crc32c(Array("123456789".utf8)) == 0xE306_9283)
        #expect(WALChecksum.crc32c([]) == 0)
        #expect(WALChecksum.crc32c([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        // Every length, so the eight-byte loop and the tail agree with a bitwise CRC.
        var random = SeededGenerator(seed: 7)
        let bytes = random.bytes(100)
        for length in 0...bytes.count {
            #expect(WALChecksum.crc32c(Array(bytes[..<length])) == bitwiseCRC32C(bytes[..<length]))
        }
    }

    private func bitwiseCRC32C(_ bytes: ArraySlice<UInt8>) -> UInt32 {
        var crc: UInt32 = ~0
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }
}
