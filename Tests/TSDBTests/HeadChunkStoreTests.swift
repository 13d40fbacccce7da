import ArgusCore
import ArgusTesting
import Foundation
import Storage
import Testing

@testable import TSDB

/// Full head chunks written to `chunks_head/` and restored from there.
@Suite struct HeadChunkStoreTests {
    static let labels = (0..<5).map { Labels(["__name__": "m", "i": String($0)]) }

    /// Samples whose values exercise the exact float bits: a stale marker,
    /// a negative zero and fractional values.
    static func value(_ t: Int, series: Int) -> Double {
        switch t % 17 {
        case 5: StaleMarker.value
        case 9: -0.0
        default: Double(t) * 0.1 + Double(series)
        }
    }

    static func fill(_ head: Head, times: Range<Int>) throws {
        for t in times {
            let app = head.appender()
            for (i, set) in labels.enumerated() {
                try app.append(set, timestamp: Int64(t) * 15_000, value: value(t, series: i))
            }
            try app.commit()
        }
    }

    static func open(_ directory: URL, chunkFileSize: Int = 128 << 20) throws -> (Head, HeadReplay) {
        try Head.open(
            directory: directory.appendingPathComponent("wal").path,
            chunksDirectory: directory.appendingPathComponent("chunks_head").path,
            options: Head.Options(samplesPerChunk: 10, chunkFileSize: chunkFileSize))
    }

    static func chunkFiles(_ directory: URL) throws -> [URL] {
        let folder = directory.appendingPathComponent("chunks_head")
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
            .map { folder.appendingPathComponent($0) }
    }

    /// Every sample with its exact bits, for comparing heads.
    static func everything(_ head: Head) throws -> [[String]] {
        try head.querier().select([], mint: .min, maxt: .max).map { series in
            series.samples.map { "\(series.labels) \($0.timestamp) \($0.value.bitPattern)" }
        }
    }

    @Test func fullChunksGoToFilesInPrometheusFormatAndReadBackExactly() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (head, _) = try Self.open(directory)
        try Self.fill(head, times: 0..<95)

        let files = try Self.chunkFiles(directory)
        #expect(files.map(\.lastPathComponent) == ["000001"])
        let bytes = try [UInt8](Data(contentsOf: files[0]))
        #expect(Array(bytes[0..<8]) == [0x01, 0x30, 0xBC, 0x91, 1, 0, 0, 0])
        // The first record: series 1, its first chunk of ten samples, 0 s to 135 s.
        #expect(Array(bytes[8..<16]) == [0, 0, 0, 0, 0, 0, 0, 1])
        #expect(Int64(bigEndian: bytes[16..<24].withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }) == 0)
        #expect(Int64(bigEndian: bytes[24..<32].withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }) == 135_000)
        #expect(bytes[32] == ChunkEncoding.xor.rawValue)
        #expect(head.metrics.chunkFileBytes == bytes.count)
        // 9 full chunks per series: 45 records.
        #expect(head.metrics.chunks == 50)

        let all = try head.querier().select([], mint: .min, maxt: .max)
        #expect(all.count == 5)
        for (i, series) in all.enumerated() {
            #expect(series.samples.map(\.timestamp) == (0..<95).map { Int64($0) * 15_000 })
            #expect(series.samples.map(\.value.bitPattern) == (0..<95).map { Self.value($0, series: i).bitPattern })
        }
        // A range inside one full chunk.
        let window = try head.querier().select([.equal("i", "2")], mint: 300_000, maxt: 330_000)
        #expect(window.first?.samples.map(\.timestamp) == [300_000, 315_000, 330_000])
    }

    @Test func reopeningRestoresFullChunksFromFilesAndTheRestFromTheLog() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (head, _) = try Self.open(directory)
        try Self.fill(head, times: 0..<95)
        let before = try Self.everything(head)

        let (reopened, replay) = try Self.open(directory)
        #expect(replay.chunkFileChunks == 45)
        #expect(replay.chunkFileSamples == 450)
        #expect(replay.samples == 475)
        #expect(replay.outOfOrderSamples == 0)
        #expect(replay.chunkFileCorruption == nil)
        #expect(try Self.everything(reopened) == before)

        // Appending continues where the data left off, cutting chunks into a new file.
        try Self.fill(reopened, times: 95..<120)
        #expect(try Self.chunkFiles(directory).map(\.lastPathComponent) == ["000001", "000002"])
        let (third, again) = try Self.open(directory)
        #expect(again.samples == 600)
        #expect(again.chunkFileChunks == 55)
        #expect(try Self.everything(third) == Self.everything(reopened))
    }

    @Test func aDamagedChunkFileIsCutAndItsSamplesComeFromTheLog() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (head, _) = try Self.open(directory)
        try Self.fill(head, times: 0..<95)
        let before = try Self.everything(head)

        let file = try Self.chunkFiles(directory)[0]
        var bytes = try [UInt8](Data(contentsOf: file))
        let flipped = bytes.count / 2
        bytes[flipped] ^= 0x40
        try Data(bytes).write(to: file)

        let (reopened, replay) = try Self.open(directory)
        let corruption = try #require(replay.chunkFileCorruption)
        #expect(corruption.contains("chunks_head/000001"))
        #expect(corruption.contains("checksum mismatch at byte offset"))
        #expect(replay.chunkFileChunks > 0 && replay.chunkFileChunks < 45)
        #expect(replay.samples == 475)
        #expect(try Self.everything(reopened) == before)
        let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int ?? 0
        #expect(size <= flipped && size > HeadChunkStore.fileHeaderSize)
    }

    @Test func aFileThatIsNotAHeadChunkFileIsReportedAndReplaced() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (head, _) = try Self.open(directory)
        try Self.fill(head, times: 0..<40)
        let before = try Self.everything(head)
        try Data("not chunks".utf8).write(to: try Self.chunkFiles(directory)[0])

        let (reopened, replay) = try Self.open(directory)
        #expect(replay.chunkFileCorruption?.contains("wrong magic number") == true)
        #expect(replay.chunkFileChunks == 0)
        #expect(try Self.everything(reopened) == before)
    }

    @Test func truncationDeletesFilesNoChunkIsLeftIn() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (head, _) = try Self.open(directory, chunkFileSize: 2048)
        try Self.fill(head, times: 0..<400)
        let files = try Self.chunkFiles(directory)
        #expect(files.count > 4)

        // Samples before 3000 s (t = 200) are in a block now.
        head.truncate(before: 3_000_000)
        let left = try Self.chunkFiles(directory)
        #expect(left.count < files.count)
        #expect(left.first != files.first)
        let remaining = try head.querier().select([], mint: .min, maxt: .max)
        // Only whole chunks ending before the cut go: the first kept starts at or before it.
        #expect(remaining.allSatisfy { ($0.samples.first?.timestamp ?? 0) <= 3_000_000 })
        #expect(remaining.allSatisfy { $0.samples.last?.timestamp == 399 * 15_000 })
        let before = try Self.everything(head)

        // Chunks ending before the blocks' end are not restored, and the
        // log's samples up to the restored chunks are not replayed again.
        let (reopened, replay) = try Head.open(
            directory: directory.appendingPathComponent("wal").path,
            chunksDirectory: directory.appendingPathComponent("chunks_head").path, minValidTime: 3_000_000,
            options: Head.Options(samplesPerChunk: 10, chunkFileSize: 2048))
        #expect(replay.chunkFileCorruption == nil)
        #expect(try Self.everything(reopened) == before)
    }

    @Test func aChunkThatCannotBeWrittenStaysInMemory() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (head, _) = try Self.open(directory)
        // The store's folder disappears: new files cannot be created.
        try FileManager.default.removeItem(at: directory.appendingPathComponent("chunks_head"))
        try Self.fill(head, times: 0..<30)
        #expect(head.metrics.chunkWriteFailures == 10)
        #expect(try head.querier().select([], mint: .min, maxt: .max).allSatisfy { $0.samples.count == 30 })
    }
}

@Suite struct SealedChunkLayoutTests {
    /// A head holds a few of these per series: their size is part of the memory per series.
    @Test func aSealedChunkTakes32Bytes() {
        #expect(MemoryLayout<SealedChunk>.stride == 32)
    }

    /// The state every series carries: field order keeps it from growing padding.
    @Test func theSeriesStateStaysCompact() {
        #expect(MemoryLayout<UnpublishedRuns.Run?>.size <= 16)
        #expect(MemoryLayout<XORAppender>.size <= 44)
        #expect(MemoryLayout<SeriesState>.size <= 144, "\(MemoryLayout<SeriesState>.size)")
    }
}
