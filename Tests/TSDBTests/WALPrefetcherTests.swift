import ArgusTesting
import Foundation
import Testing

@testable import TSDB

@Suite struct WALPrefetcherTests {
    typealias Support = WALTestSupport

    /// 100 samples records (~5 KB each) over several 64 KiB segments.
    static func writeRecords(_ directory: String) throws -> [WALRecord] {
        let wal = try WAL(directory: directory, options: .init(segmentSize: 2 * WALFormat.pageSize))
        var records: [WALRecord] = []
        for index in 0..<100 {
            let samples = (0..<500).map { RefSample(ref: UInt64($0), t: Int64(index * 1000), v: Double(index)) }
            records.append(.samples(samples))
            try wal.log([records[index]])
        }
        return records
    }

    static func drain(_ prefetcher: WALPrefetcher) -> [(segment: Int, record: WALRecord)] {
        var entries: [(segment: Int, record: WALRecord)] = []
        while let batch = prefetcher.next() { entries += batch }
        return entries
    }

    @Test(arguments: [(1, 1), (3, 1), (16, 4), (1000, 2)])
    func handsOverEveryRecordInOrderWithItsSegment(batchSize: Int, depth: Int) throws {
        try Support.withDirectory { directory in
            let written = try Self.writeRecords(directory)
            let reader = try WALReader(directory: directory)
            let entries = Self.drain(WALPrefetcher(reader, batchSize: batchSize, depth: depth))
            #expect(entries.map(\.record) == written)
            // Segments never go backwards, and more than one was read.
            #expect(zip(entries, entries.dropFirst()).allSatisfy { $0.segment <= $1.segment })
            #expect(Set(entries.map(\.segment)).count > 1)
            #expect(entries.last?.segment == reader.segmentCount - 1)
        }
    }

    @Test func damageStopsReadingAfterTheRecordsBeforeIt() throws {
        try Support.withDirectory { directory in
            let written = try Self.writeRecords(directory)
            let segments = try WALSegmentRef.list(directory: directory)
            let damaged = segments[segments.count / 2].path
            var bytes = try Support.bytes(damaged)
            bytes[100] ^= 0xFF
            try Support.write(bytes, to: damaged)

            let direct = try WALReader(directory: directory)
            var before: [WALRecord] = []
            var directError: WALError?
            do throws(WALError) {
                while let record = try direct.nextRecord() { before.append(record) }
            } catch {
                directError = error
            }
            let prefetcher = WALPrefetcher(try WALReader(directory: directory), batchSize: 7, depth: 2)
            let entries = Self.drain(prefetcher)
            #expect(entries.map(\.record) == before)
            #expect(before.count < written.count)
            #expect(prefetcher.failure != nil)
            #expect(prefetcher.failure?.message == directError?.message)
        }
    }
}
