import ArgusCore
import ArgusTesting
import Foundation
import Storage
import Testing

@testable import TSDB

@Suite struct HeadDurabilityTests {
    static let labels = (0..<10).map { Labels(["__name__": "m", "i": String($0)]) }

    static func fill(_ head: Head, batches: Range<Int>) throws {
        for t in batches {
            let app = head.appender()
            for set in labels { try app.append(set, timestamp: Int64(t), value: Double(t) * 1.5) }
            try app.commit()
        }
    }

    @Test func reopeningReplaysEveryCommittedBatch() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (head, first) = try Head.open(directory: directory.path)
        #expect(first.samples == 0)
        try Self.fill(head, batches: 0..<300)
        let before = try head.querier().select([], mint: .min, maxt: .max)

        var progress: [(Int, Int)] = []
        let (reopened, replay) = try Head.open(directory: directory.path) { progress.append(($0, $1)) }
        #expect(replay.series == 10)
        #expect(replay.samples == 3000)
        #expect(replay.corruption == nil)
        #expect(!progress.isEmpty)
        #expect(try reopened.querier().select([], mint: .min, maxt: .max) == before)
        // New references continue after the replayed ones.
        let app = reopened.appender()
        try app.append(["__name__": "new"], timestamp: 0, value: 1)
        try app.commit()
        #expect(reopened.seriesCount == 11)
        let (third, replayAgain) = try Head.open(directory: directory.path)
        #expect(replayAgain.series == 11)
        #expect(try third.querier().select([.equal("__name__", "new")], mint: 0, maxt: 0).count == 1)
    }

    @Test func tornTailIsCutAndEverythingBeforeKept() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (head, _) = try Head.open(directory: directory.path)
        try Self.fill(head, batches: 0..<50)
        // Tear the newest segment in the middle of its last record.
        let segments = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.count == 8 }
            .sorted()
        let last = directory.appendingPathComponent(
            segments.last { name in
                ((try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path)[.size])
                    as? Int ?? 0) > 0
            } ?? segments[0])
        let data = try Data(contentsOf: last)
        let handle = try FileHandle(forWritingTo: last)
        try handle.truncate(atOffset: UInt64(data.count - 20))
        try handle.close()

        let (reopened, replay) = try Head.open(directory: directory.path)
        #expect(replay.corruption != nil)
        let samples = try reopened.querier().select([.equal("i", "0")], mint: .min, maxt: .max)[0].samples
        #expect(samples.count == 49)
        #expect(samples.map(\.timestamp) == Array(0..<49))
        // The repaired log takes new batches and replays cleanly afterwards.
        try Self.fill(reopened, batches: 49..<60)
        let (again, replayAgain) = try Head.open(directory: directory.path)
        #expect(replayAgain.corruption == nil)
        #expect(try again.querier().select([.equal("i", "3")], mint: .min, maxt: .max)[0].samples.count == 60)
    }

    /// A child process commits batches and is killed with SIGKILL at random
    /// moments; every batch it acknowledged must be there after reopening.
    @Test func acknowledgedBatchesSurviveSIGKILL() async throws {
        let binary = Bundle.main.bundleURL.appendingPathComponent("tsdb-crash-writer").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "tsdb-crash-writer not built at \(binary)")
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var generator = SeededGenerator(seed: 99)
        var acknowledged: Int64 = -1
        for round in 0..<6 {
            let output = directory.appendingPathComponent("out-\(round)")
            FileManager.default.createFile(atPath: output.path, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = [directory.appendingPathComponent("data").path]
            process.standardOutput = try FileHandle(forWritingTo: output)
            process.standardError = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .milliseconds(Int.random(in: 150...600, using: &generator)))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)
            let lines = String(decoding: try Data(contentsOf: output), as: UTF8.self).split(separator: "\n")
            // The last line may be torn by the kill; only complete "ack N" lines count.
            for line in lines where line.hasPrefix("ack ") {
                if let n = Int64(line.dropFirst(4)) { acknowledged = Swift.max(acknowledged, n) }
            }
        }
        #expect(acknowledged > 0, "the writer never acknowledged a batch")
        let data = directory.appendingPathComponent("data").path
        let (head, _) = try Head.open(directory: data + "/wal", chunksDirectory: data + "/chunks_head")
        let series = try head.querier().select([.equal("__name__", "crash_test")], mint: .min, maxt: .max)
        #expect(series.count == 50)
        for s in series {
            let timestamps = s.samples.map(\.timestamp)
            // Every acknowledged batch is present, in order, without gaps or duplicates.
            #expect(timestamps.count >= Int(acknowledged) + 1, "\(s.labels)")
            #expect(timestamps == Array(0..<Int64(timestamps.count)), "\(s.labels)")
            #expect(s.samples.allSatisfy { $0.value == Double($0.timestamp) }, "\(s.labels)")
        }
    }
}
