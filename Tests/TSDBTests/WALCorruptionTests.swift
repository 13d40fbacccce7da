import ArgusTesting
import Foundation
import Testing

@testable import TSDB

@Suite struct WALCorruptionTests {
    typealias Support = WALTestSupport
    let pageSize = WALFormat.pageSize

    /// Writes `records` (one log call each) without closing, and returns the
    /// unpadded segment bytes and the end offset of every record.
    private func writeUnclosed(_ records: [[UInt8]], in dir: String) throws -> (bytes: [UInt8], ends: [Int]) {
        let wal = try WAL(directory: dir)
        var ends: [Int] = []
        for record in records {
            try wal.log([record])
            ends.append(try Support.bytes(dir + "/00000000").count)
        }
        return (try Support.bytes(dir + "/00000000"), ends)
    }

    /// A crash can leave the last page cut at any byte. For every cut, the
    /// reader returns exactly the records that were complete, reports the rest
    /// as a corruption at the end of the last complete record (or after its
    /// page padding), and repair keeps exactly those records and lets writing
    /// continue.
    @Test func tornTailAtEveryOffsetOfTheLastPage() async throws {
        try await Support.withDirectory { root in
            // Record 1 starts in page 0 and ends with a last fragment in page 1.
            let records = [
                Support.record(0, size: 100),
                Support.record(1, size: 32_700),
                Support.record(2, size: 30),
                Support.record(3, size: 1000),
            ]
            let (bytes, ends) = try writeUnclosed(records, in: root + "/original")
            let lastPage = (bytes.count - 1) / pageSize * pageSize
            #expect(lastPage == pageSize)

            for cut in lastPage...bytes.count {
                // Thousands of cuts: let servers of concurrent tests run in between.
                await Task.yield()
                let dir = root + "/cut"
                try? FileManager.default.removeItem(atPath: dir)
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                try Support.write(Array(bytes[..<cut]), to: dir + "/00000000")

                let complete = ends.filter { $0 <= cut }.count
                let lastEnd = complete == 0 ? 0 : ends[complete - 1]
                let (read, error) = try Support.readUntilError(dir)
                #expect(read == Array(records[..<complete]), "cut at \(cut)")
                if cut == lastEnd {
                    #expect(error == nil, "cut at \(cut)")
                    continue
                }
                guard let corruption = error?.corruption else {
                    Issue.record("cut at \(cut): expected a corruption, got \(String(describing: error))")
                    continue
                }
                #expect(corruption.segment == 0)
                #expect(corruption.offset >= lastEnd && corruption.offset <= cut, "cut at \(cut)")

                let wal = try WAL(directory: dir)
                try wal.repair(from: corruption)
                #expect(try Support.readAll(dir) == Array(records[..<complete]), "cut at \(cut)")
                // Writing continues after the kept records (no close: its fsync makes
                // a thousand iterations slow).
                try wal.log([[0xAB]])
                #expect(try Support.readAll(dir) == Array(records[..<complete]) + [[0xAB]], "cut at \(cut)")
            }
        }
    }

    /// A damaged record in the middle of the WAL: the reader names its
    /// segment and start offset; repair keeps everything before it and drops
    /// the rest, including later segments.
    @Test(arguments: [7, 9, 12])
    func flippedByteMidSegment(_ victim: Int) throws {
        try Support.withDirectory { dir in
            let wal = try WAL(directory: dir, options: .init(segmentSize: 2 * pageSize))
            let records = (0..<20).map { Support.record($0, size: 9_000 + $0 * 700) }
            for record in records { try wal.log([record]) }
            try wal.close()

            var positions: [(segment: Int, offset: Int)] = []
            let reader = try WALReader(directory: dir)
            while try reader.next() != nil {
                positions.append((reader.currentSegment!.index, reader.recordOffset))
            }
            #expect(positions.count == records.count)
            let (segment, offset) = positions[victim]
            #expect(segment > 0)  // not the first segment, not the last
            #expect(segment < positions.last!.segment)

            let path = WALSegmentRef.path(directory: dir, index: segment)
            var bytes = try Support.bytes(path)
            bytes[offset + WALFormat.fragmentHeaderSize + 100] ^= 0x10
            try Support.write(bytes, to: path)

            let (read, error) = try Support.readUntilError(dir)
            #expect(read == Array(records[..<victim]))
            let corruption = try #require(error?.corruption)
            #expect(corruption.segment == segment)
            #expect(corruption.offset == offset)
            #expect(corruption.directory == dir)
            #expect(corruption.reason.contains("unexpected checksum"))
            #expect(error!.message.contains(path))

            let repaired = try WAL(directory: dir, options: .init(segmentSize: 2 * pageSize))
            try repaired.repair(from: error!)
            #expect(try Support.readAll(dir) == Array(records[..<victim]))
            #expect(repaired.currentSegment == segment + 1)
            #expect(try Support.segmentNames(dir).last == WALSegmentRef.name(segment + 1))
            try repaired.log([[1, 2, 3]])
            try repaired.close()
            #expect(try Support.readAll(dir) == Array(records[..<victim]) + [[1, 2, 3]])
        }
    }

    /// Damage to the fragment header itself, each with upstream's wording.
    @Test func damagedHeaders() throws {
        try Support.withDirectory { dir in
            let wal = try WAL(directory: dir)
            let records = [Support.record(0, size: 50), Support.record(1, size: 50), Support.record(2, size: 50)]
            try wal.log(records)
            try wal.close()
            let original = try Support.bytes(dir + "/00000000")
            let second = 57  // offset of the second record

            let cases: [(String, (inout [UInt8]) -> Void)] = [
                ("unexpected record type 7", { $0[second] = 0x07 }),
                ("unexpected middle fragment", { $0[second] = 0x03 }),
                ("unexpected last fragment", { $0[second] = 0x04 }),
                ("runs", { $0[second + 1] = 0xFF }),  // length 0xFF32, past the page
                ("unexpected checksum", { $0[second + 4] ^= 1 }),
                ("non-zero byte in padded page", { $0[pageSize - 1] = 1 }),
            ]
            for (reason, damage) in cases {
                var bytes = original
                damage(&bytes)
                try Support.write(bytes, to: dir + "/00000000")
                let (read, error) = try Support.readUntilError(dir)
                let corruption = try #require(error?.corruption, "\(reason)")
                #expect(corruption.reason.contains(reason), "\(corruption.reason)")
                if reason.contains("padded") {
                    #expect(read == records)
                    #expect(corruption.offset == 3 * 57)
                } else {
                    #expect(read == [records[0]], "\(reason)")
                    #expect(corruption.offset == second)
                }
            }
        }
    }

    @Test func firstFragmentWithoutItsEndIsTorn() throws {
        try Support.withDirectory { dir in
            let (bytes, _) = try writeUnclosed([Support.record(0, size: 10), Support.record(1, size: 40_000)], in: dir)
            // Keep only page 0: the big record's first fragment is complete, its last is gone.
            try Support.write(Array(bytes[..<pageSize]), to: dir + "/00000000")
            let (read, error) = try Support.readUntilError(dir)
            #expect(read == [Support.record(0, size: 10)])
            #expect(error?.corruption?.offset == 17)
            #expect(error?.corruption?.reason.contains("last record is torn") == true)
        }
    }

    @Test func aRecordThatDoesNotDecodeIsACorruptionAtItsOffset() throws {
        try Support.withDirectory { dir in
            let wal = try WAL(directory: dir)
            try wal.log([WALRecord.samples([RefSample(ref: 1, t: 1, v: 1)]).encoded(), [0x02, 0x01, 0x02]])
            try wal.close()
            let reader = try WALReader(directory: dir)
            #expect(try reader.nextRecord() == .samples([RefSample(ref: 1, t: 1, v: 1)]))
            do throws(WALError) {
                _ = try reader.nextRecord()
                Issue.record("a malformed samples record was accepted")
            } catch {
                #expect(error.code == .corruption)
                #expect(error.corruption?.offset == 7 + 1 + 16 + 10)
            }
            // The reader stays failed.
            #expect(throws: WALError.self) { try reader.next() }
        }
    }

    @Test func unknownRecordTypesAreSkippedAndCounted() throws {
        try Support.withDirectory { dir in
            let wal = try WAL(directory: dir)
            try wal.log([[0x04, 1, 2], WALRecord.series([]).encoded(), [0x07], [], [0x04]])
            try wal.close()
            let reader = try WALReader(directory: dir)
            #expect(try reader.nextRecord() == .series([]))
            #expect(try reader.nextRecord() == nil)
            #expect(reader.skippedRecords == [.exemplars: 2, .histogramSamples: 1, WALRecordType(rawValue: 0): 1])
        }
    }

    @Test func compressedRecordsNeedADecompressor() throws {
        try Support.withDirectory { dir in
            // A hand-made segment whose one record carries the Snappy flag.
            var layout = WALPageLayout(segmentSize: WALFormat.defaultSegmentSize)
            var bytes: [UInt8] = []
            [UInt8]([9, 9, 9]).withUnsafeBytes { layout.append($0, flags: WALFormat.snappyFlag, to: &bytes) }
            #expect(bytes[0] == 0x09)
            try Support.write(bytes, to: dir + "/00000000")

            do {
                _ = try Support.readAll(dir)
                Issue.record("a compressed record was read without a decompressor")
            } catch let error as WALError {
                #expect(error.code == .unsupportedCompression)
                #expect(error.corruption == nil)
                #expect(error.message.contains("snappy"))
            }
            let decompressed = try Support.readAll(dir) { compression, payload in
                #expect(compression == .snappy)
                return payload.map { $0 + 1 }
            }
            #expect(decompressed == [[10, 10, 10]])
        }
    }

    @Test func repairRefusesCorruptionsElsewhere() throws {
        try Support.withDirectory { dir in
            let wal = try WAL(directory: dir + "/wal")
            let elsewhere = WALCorruption(directory: dir + "/other", segment: 0, offset: 0, detectedAt: 0, reason: "x")
            #expect(throws: WALError.self) { try wal.repair(from: elsewhere) }
            #expect(throws: WALError.self) { try wal.repair(from: WALError(.io, "disk on fire")) }
            try wal.close()
        }
    }

    @Test func readerReportsProgress() throws {
        try Support.withDirectory { dir in
            let wal = try WAL(directory: dir)
            for i in 0..<3 {
                try wal.log([[UInt8(i)]])
                try wal.nextSegment()
            }
            try wal.close()
            let reader = try WALReader(directory: dir)
            #expect(reader.segmentCount == 4)
            var seen: [Int] = []
            while try reader.next() != nil { seen.append(reader.segmentPosition) }
            #expect(seen == [0, 1, 2])
            #expect(reader.segmentPosition == 4)
            #expect(reader.currentSegment == nil)
        }
    }
}
