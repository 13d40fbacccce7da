import ArgusTesting
import Foundation
import Testing

@testable import TSDB

/// Helpers shared by the WAL test files.
enum WALTestSupport {
    /// Runs `body` with a fresh directory that is removed afterwards.
    static func withDirectory<R>(_ body: (String) throws -> R) throws -> R {
        let url = try Fixtures.temporaryDirectory("argus-wal")
        defer { try? FileManager.default.removeItem(at: url) }
        return try body(url.path)
    }

    static func withDirectory<R>(_ body: (String) async throws -> R) async throws -> R {
        let url = try Fixtures.temporaryDirectory("argus-wal")
        defer { try? FileManager.default.removeItem(at: url) }
        return try await body(url.path)
    }

    /// A record of `size` bytes whose content depends on `seed`.
    static func record(_ seed: Int, size: Int) -> [UInt8] {
        (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ seed &* 7 &+ 1) }
    }

    /// Every record of the segments in `directory`.
    static func readAll(_ directory: String, decompressor: WALReader.Decompressor? = nil) throws -> [[UInt8]] {
        let reader = try WALReader(directory: directory, decompressor: decompressor)
        var records: [[UInt8]] = []
        while let record = try reader.next() { records.append(record) }
        return records
    }

    /// The records readable before the first error, and that error.
    static func readUntilError(_ directory: String) throws -> (records: [[UInt8]], error: WALError?) {
        let reader = try WALReader(directory: directory)
        var records: [[UInt8]] = []
        do {
            while let record = try reader.next() { records.append(record) }
            return (records, nil)
        } catch {
            return (records, error)
        }
    }

    static func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func segmentNames(_ directory: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
    }
}

@Suite struct WALWriterTests {
    typealias Support = WALTestSupport
    let pageSize = WALFormat.pageSize

    /// One small record is one full fragment: type 1, length 3 (BE16), the
    /// CRC-32C of the data (BE32), the data; close pads the page with zeros.
    @Test func smallRecordLayout() throws {
        try Support.withDirectory { dir in
            let wal = try WAL(directory: dir)
            try wal.log([[0x61, 0x62, 0x63]])
            let crc = WALChecksum.crc32c([0x61, 0x62, 0x63])  // 0x364B3FB7
            #expect(crc == 0x364B_3FB7)
            let expected: [UInt8] = [0x01, 0x00, 0x03, 0x36, 0x4B, 0x3F, 0xB7, 0x61, 0x62, 0x63]
            // Written through to the file at the end of the call, before close.
            #expect(try Support.bytes(dir + "/00000000") == expected)
            try wal.close()
            let closed = try Support.bytes(dir + "/00000000")
            #expect(closed.count == pageSize)
            #expect(Array(closed[..<10]) == expected)
            #expect(closed[10...].allSatisfy { $0 == 0 })
            #expect(try Support.readAll(dir) == [[0x61, 0x62, 0x63]])
        }
    }

    @Test func recordsLargerThanAPageAndSeveralPages() throws {
        try Support.withDirectory { dir in
            let wal = try WAL(directory: dir)
            let records = [
                Support.record(1, size: 10),
                Support.record(2, size: pageSize),  // just over a page with its header
                Support.record(3, size: 3 * pageSize + 123),  // four pages' worth
                Support.record(4, size: 0),  // an empty record is a full fragment of length 0
                Support.record(5, size: 5),
            ]
            try wal.log(records)
            try wal.close()
            #expect(try Support.readAll(dir) == records)

            // The second record starts right after the first (offset 17) as a
            // first fragment filling page 0, and ends as a last fragment in page 1.
            let bytes = try Support.bytes(dir + "/00000000")
            #expect(bytes[17] == 0x02)
            #expect(bytes[pageSize] == 0x04)
            // The third record starts at offset 31 of page 1 (first), fills pages 2
            // and 3 (middle) and ends in page 4 (last), followed by the empty record.
            #expect(bytes[pageSize + 31] == 0x02)
            #expect(bytes[2 * pageSize] == 0x03)
            #expect(bytes[3 * pageSize] == 0x03)
            #expect(bytes[4 * pageSize] == 0x04)
            #expect(Array(bytes[(4 * pageSize + 182)..<(4 * pageSize + 189)]) == [0x01, 0, 0, 0, 0, 0, 0])
            #expect(bytes.count % pageSize == 0)
        }
    }

    @Test func fewerThanSevenBytesLeftInAPageBecomePadding() throws {
        try Support.withDirectory { dir in
            let wal = try WAL(directory: dir)
            // Leaves 3 bytes in page 0: they are padded, the next record starts page 1.
            let first = Support.record(1, size: pageSize - 7 - 3)
            try wal.log([first, Support.record(2, size: 1)])
            try wal.close()
            let bytes = try Support.bytes(dir + "/00000000")
            #expect(bytes[(pageSize - 3)..<pageSize].allSatisfy { $0 == 0 })
            #expect(bytes[pageSize] == 0x01)
            #expect(try Support.readAll(dir) == [first, Support.record(2, size: 1)])
        }
    }

    @Test func segmentsRotateAndRecordsNeverCrossThem() throws {
        try Support.withDirectory { dir in
            let segmentSize = 2 * pageSize
            let wal = try WAL(directory: dir, options: .init(segmentSize: segmentSize))
            var records: [[UInt8]] = []
            for i in 0..<12 {
                let record = Support.record(i, size: 20_000)
                records.append(record)
                try wal.log([record])
            }
            // A record bigger than a segment gets a segment of its own and exceeds the size.
            let huge = Support.record(99, size: 5 * pageSize)
            records.append(huge)
            records.append(Support.record(100, size: 10))
            try wal.log(Array(records.suffix(2)))
            try wal.close()

            let reader = try WALReader(directory: dir)
            var read: [[UInt8]] = []
            var segmentOf: [Int] = []
            while let record = try reader.next() {
                read.append(record)
                segmentOf.append(reader.currentSegment!.index)
            }
            #expect(read == records)
            // Two pages hold 2 × (32,768 − 7) bytes of fragment data; a 20,000-byte record
            // needs one header per page it touches, so three fit (the second spans both pages).
            #expect(Array(segmentOf[..<12]) == [0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3])
            #expect(segmentOf[12] == 4)
            #expect(segmentOf[13] == 5)
            #expect(reader.segmentCount == 6)
            for index in 0..<4 {
                let size = try Support.bytes(WALSegmentRef.path(directory: dir, index: index)).count
                #expect(size == segmentSize)
            }
            #expect(
                try Support.bytes(WALSegmentRef.path(directory: dir, index: 4)).count == 5 * WALFormat.pageSize
                    + WALFormat.pageSize)
        }
    }

    @Test func randomRecordSizesRoundTrip() throws {
        try Support.withDirectory { dir in
            var random = SeededGenerator(seed: 2024)
            let wal = try WAL(directory: dir, options: .init(segmentSize: 4 * pageSize))
            var records: [[UInt8]] = []
            for batch in 0..<60 {
                let count = Int.random(in: 1...4, using: &random)
                let sizes = (0..<count).map { _ in
                    [0, 1, 6, 7, 8, 100, pageSize - 14, pageSize - 7, pageSize, 70_000].randomElement(using: &random)!
                        + Int.random(in: 0...3, using: &random)
                }
                let batchRecords = sizes.enumerated().map { Support.record(batch * 10 + $0.offset, size: $0.element) }
                records += batchRecords
                try wal.log(batchRecords)
            }
            // Read while the last segment is still open and ends mid-page.
            #expect(try Support.readAll(dir) == records)
            try wal.close()
            #expect(try Support.readAll(dir) == records)
        }
    }

    @Test func reopeningStartsANewSegment() throws {
        try Support.withDirectory { dir in
            var wal = try WAL(directory: dir)
            try wal.log([[1]])
            try wal.close()
            wal = try WAL(directory: dir)
            #expect(wal.currentSegment == 1)
            try wal.log([[2]])
            #expect(try Support.readAll(dir) == [[1], [2]])
            #expect(try Support.segmentNames(dir) == ["00000000", "00000001"])
            try wal.close()
            try wal.close()  // harmless
            #expect(throws: WALError.self) { try wal.log([[3]]) }
        }
    }

    @Test func nextSegmentAndTruncate() throws {
        try Support.withDirectory { dir in
            let wal = try WAL(directory: dir)
            try wal.log([[1]])
            #expect(try wal.nextSegment() == 1)
            try wal.log([[2]])
            #expect(try wal.nextSegment() == 2)
            try wal.log([WALRecord.samples([RefSample(ref: 1, t: 2, v: 3)])])
            try wal.truncate(before: 1)
            #expect(try Support.segmentNames(dir) == ["00000001", "00000002"])
            #expect(throws: WALError.self) { try wal.truncate(before: 3) }
            let reader = try WALReader(directory: dir)
            #expect(try reader.next() == [2])
            #expect(try reader.nextRecord() == .samples([RefSample(ref: 1, t: 2, v: 3)]))
            #expect(try reader.next() == nil)
        }
    }

    /// The counters behind `prometheus_tsdb_wal_page_flushes_total`,
    /// `completed_pages_total`, `writes_failed_total` and
    /// `truncations(_failed)_total`: a flush per page a write touches, as
    /// upstream writes page by page.
    @Test func countsPagesWritesAndTruncations() throws {
        try Support.withDirectory { dir in
            let wal = try WAL(directory: dir)
            try wal.log([[UInt8](repeating: 1, count: 100)])
            #expect(wal.metrics.pageFlushes == 1)
            #expect(wal.metrics.completedPages == 0)
            // 107 bytes used: 32,654 bytes fill page 0, the other 7,346 go to page 1.
            try wal.log([[UInt8](repeating: 2, count: 40_000)])
            #expect(wal.metrics.pageFlushes == 3)
            #expect(wal.metrics.completedPages == 1)
            // Padding the rest of page 1 is one more flush and completes it.
            #expect(try wal.nextSegment() == 1)
            #expect(wal.metrics.pageFlushes == 4)
            #expect(wal.metrics.completedPages == 2)
            try wal.truncate(before: 1)
            #expect(throws: WALError.self) { try wal.truncate(before: 5) }
            #expect(wal.metrics.truncations == 2)
            #expect(wal.metrics.truncationsFailed == 1)
            #expect(wal.metrics.writesFailed == 0)
            try wal.close()
            #expect(throws: WALError.self) { try wal.log([[3]]) }
            #expect(wal.metrics.writesFailed == 1)
            #expect(wal.metrics.pageFlushes == 4)
        }
    }

    @Test func rejectsBadOptionsAndGaps() throws {
        try Support.withDirectory { dir in
            #expect(throws: WALError.self) { try WAL(directory: dir, options: .init(segmentSize: 1000)) }
            try Support.write([], to: dir + "/00000000")
            try Support.write([], to: dir + "/00000002")
            do throws(WALError) {
                _ = try WAL(directory: dir)
                Issue.record("a gap in segment numbers was accepted")
            } catch {
                #expect(error.code == .segmentsNotSequential)
            }
        }
    }

    @Test func syncPolicies() throws {
        try Support.withDirectory { dir in
            for policy in [WALSyncPolicy.always, .interval(.milliseconds(1)), .never] {
                let wal = try WAL(directory: dir + "/\(policy)", options: .init(syncPolicy: policy))
                try wal.log([[1, 2, 3]])
                try wal.sync()
                try wal.syncIfDue()
                try wal.close()
                #expect(try Support.readAll(dir + "/\(policy)") == [[1, 2, 3]])
            }
        }
    }

    @Test func concurrentLoggersAreSerialized() async throws {
        let url = try Fixtures.temporaryDirectory("argus-wal")
        defer { try? FileManager.default.removeItem(at: url) }
        let wal = try WAL(directory: url.path, options: .init(segmentSize: 2 * WALFormat.pageSize))
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    for i in 0..<50 {
                        // Each batch: two records naming the task and the index.
                        let tag = [UInt8(task), UInt8(i)]
                        try? wal.log([tag + [1] + WALTestSupport.record(i, size: 3000), tag + [2]])
                    }
                }
            }
        }
        try wal.close()
        let records = try WALTestSupport.readAll(url.path)
        #expect(records.count == 8 * 50 * 2)
        // Batches are never interleaved: every "1" record is followed by its "2".
        for pair in stride(from: 0, to: records.count, by: 2) {
            #expect(records[pair][2] == 1)
            #expect(Array(records[pair + 1]) == Array(records[pair][..<2]) + [2])
        }
    }
}

@Suite struct WALPageLayoutTests {
    let pageSize = WALFormat.pageSize

    @Test func fitsCountsHeadersOfEveryPage() {
        var layout = WALPageLayout(segmentSize: 2 * pageSize)
        #expect(layout.segmentIsEmpty)
        #expect(layout.fits(2 * (pageSize - 7)))
        #expect(!layout.fits(2 * (pageSize - 7) + 1))
        #expect(!layout.needsNewSegment(for: 10 * pageSize))  // an empty segment takes anything
        var output: [UInt8] = []
        [UInt8](repeating: 1, count: 100).withUnsafeBytes { layout.append($0, to: &output) }
        #expect(output.count == 107)
        #expect(layout.pageOffset == 107)
        #expect(layout.fits(2 * (pageSize - 7) - 107))
        #expect(layout.needsNewSegment(for: 2 * (pageSize - 7) - 106))
        layout.finishPage(to: &output)
        #expect(output.count == pageSize)
        #expect(layout.donePages == 1)
        #expect(layout.segmentBytes == pageSize)
    }
}

@Suite struct WALSyncScheduleTests {
    let start = ContinuousClock.now

    @Test func always() {
        var schedule = WALSyncSchedule(policy: .always, now: start)
        #expect(schedule.didWrite(at: start) == .sync)
        schedule.didSync(at: start)
        #expect(!schedule.isDirty)
        #expect(schedule.tick(at: start + .seconds(10)) == .none)
    }

    @Test func interval() {
        var schedule = WALSyncSchedule(policy: .interval(.seconds(5)), now: start)
        #expect(schedule.tick(at: start + .seconds(6)) == .none)  // nothing written
        #expect(schedule.didWrite(at: start + .seconds(1)) == .none)
        #expect(schedule.tick(at: start + .seconds(4)) == .none)
        #expect(schedule.tick(at: start + .seconds(5)) == .sync)
        schedule.didSync(at: start + .seconds(5))
        #expect(schedule.didWrite(at: start + .seconds(7)) == .none)
        #expect(schedule.didWrite(at: start + .seconds(10)) == .sync)
        schedule.didSync(at: start + .seconds(10))
        #expect(schedule.tick(at: start + .seconds(30)) == .none)
    }

    @Test func never() {
        var schedule = WALSyncSchedule(policy: .never, now: start)
        #expect(schedule.didWrite(at: start + .seconds(1000)) == .none)
        #expect(schedule.tick(at: start + .seconds(2000)) == .none)
        #expect(schedule.isDirty)
    }
}
