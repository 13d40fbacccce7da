import ArgusCore
import ArgusTesting
import Foundation
import Storage
import Testing

@testable import TSDB

/// Damaged blocks are reported as `BlockError`s, never a trap: every
/// truncation and every flipped byte of each file of a small block.
@Suite struct BlockCorruptionTests {
    static let data: [Labels: [Sample]] = {
        var data = BlockFormatTests.data
        data[["__name__": "many", "ключ": "значение"]] = (0..<250).map {
            Sample(timestamp: 1_600_000_000_000 + Int64($0) * 15_000, value: Double($0 % 17) * 1.5)
        }
        return data
    }()

    /// Everything a reader can be asked, so that damage anywhere is reached.
    static func readEverything(_ path: String) throws(BlockError) -> [StoredSeries] {
        let block = try Block(directory: path)
        let all = try block.series(matching: [], mint: .min, maxt: .max)
        for name in block.labelNames() {
            for value in block.labelValues(name) {
                _ = try block.series(matching: [.equal(name, value)], mint: .min, maxt: .max)
            }
        }
        _ = try block.series(matching: [.notEqual("b", "1")], mint: .min, maxt: .max)
        return all
    }

    /// Writes the block, then calls `body` with its path, the path of the
    /// file `name` in it, and that file's original bytes (restored after each case).
    static func withBlock(
        file name: String, tombstones: [Labels: [TombstoneInterval]] = [:],
        _ body: (_ block: String, _ file: String, _ original: [UInt8]) throws -> Void
    ) throws {
        try withTemporaryDirectory { dir in
            let meta = try writeBlock(data, into: dir, tombstones: tombstones)
            let block = dir + "/" + meta.ulid.description
            let file = block + "/" + name
            let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
            try body(block, file, original)
        }
    }

    static let files = ["index", "chunks/000001", "tombstones", "meta.json"]

    @Test(arguments: files)
    func everyTruncationIsAnError(file name: String) throws {
        try Self.withBlock(
            file: name,
            tombstones: [["__name__": "many", "ключ": "значение"]: [.init(mint: 0, maxt: 1_600_000_100_000)]]
        ) { block, file, original in
            #expect(throws: Never.self) { try Self.readEverything(block) }
            for length in 0..<original.count {
                try Data(original[..<length]).write(to: URL(fileURLWithPath: file))
                do throws(BlockError) {
                    _ = try Self.readEverything(block)
                    Issue.record("\(name) truncated to \(length) of \(original.count) bytes was read without error")
                } catch {
                    #expect(error.path != nil || error.message.contains(name), "\(error)")
                }
            }
        }
    }

    @Test(arguments: ["index", "chunks/000001", "tombstones"])
    func everyFlippedByteIsAnErrorOrHarmless(file name: String) throws {
        try Self.withBlock(file: name) { block, file, original in
            let expected = try Self.readEverything(block)
            var detected = 0
            for position in 0..<original.count {
                var damaged = original
                damaged[position] ^= 0xFF
                try Data(damaged).write(to: URL(fileURLWithPath: file))
                do {
                    let read = try Self.readEverything(block)
                    // Only bytes no checksum covers (padding, the segment header's spare bytes) may change nothing.
                    #expect(read == expected, "\(name): flipping byte \(position) changed the result silently")
                } catch {
                    detected += 1
                }
            }
            // Most bytes are covered by a magic number, a version or a checksum;
            // the rest is alignment padding (series are 16-byte aligned).
            #expect(detected * 3 >= original.count * 2, "\(detected) of \(original.count) flips detected")
        }
    }

    @Test func errorsNameFileSectionAndOffset() throws {
        try Self.withBlock(file: "index") { block, file, original in
            // The series section's offset, from the table of contents.
            let toc = original.count - 52
            let series = original[toc + 8..<toc + 16].reduce(0) { $0 << 8 | Int($1) }
            let first = (series + 15) / 16 * 16
            var damaged = original
            damaged[first + 2] ^= 0x01  // inside the first series entry
            try Data(damaged).write(to: URL(fileURLWithPath: file))
            let error = try #require(throws: BlockError.self) { try Self.readEverything(block) }
            #expect(error.code == .checksumMismatch)
            #expect(error.path == file)
            #expect(error.section == "series")
            #expect(error.offset == first)
            #expect(error.message.hasPrefix("\(file): series at byte \(first): checksum"))

            damaged = original
            damaged[0] = 0
            try Data(damaged).write(to: URL(fileURLWithPath: file))
            #expect(throws: BlockError.self) { try Block(directory: block) }
            do throws(BlockError) {
                _ = try Block(directory: block)
            } catch {
                #expect(error.code == .invalidMagic)
            }
        }
    }

    @Test func outOfRangeReferencesAreErrors() throws {
        try Self.withBlock(file: "index") { block, _, _ in
            let opened = try Block(directory: block)
            #expect(throws: BlockError.self) { try opened.series(1 << 40) }
            #expect(throws: BlockError.self) { try opened.series(0) }
            #expect(throws: BlockError.self) { try opened.series(.max) }
            #expect(throws: BlockError.self) { try opened.chunk(5 << 32 | 8) }
            #expect(throws: BlockError.self) { try opened.chunk(0) }
            #expect(throws: BlockError.self) { try opened.chunk(0xFFFF_FFFF) }
            // A chunk reference into the middle of a chunk fails its checksum (or decoding).
            #expect(throws: BlockError.self) { try opened.chunk(9) }
        }
    }

    @Test func missingFilesAreErrors() throws {
        for name in ["index", "meta.json", "chunks"] {
            try Self.withBlock(file: "index") { block, _, _ in
                try FileManager.default.removeItem(atPath: block + "/" + name)
                #expect(throws: BlockError.self) { try Block(directory: block) }
            }
        }
        // A block without tombstones file (allowed upstream) reads as undeleted.
        try Self.withBlock(file: "tombstones") { block, file, _ in
            try FileManager.default.removeItem(atPath: file)
            #expect(try Self.readEverything(block) == storedSeries(Self.data))
        }
    }
}
