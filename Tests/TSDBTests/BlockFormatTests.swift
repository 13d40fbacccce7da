import ArgusCore
import ArgusTesting
import Foundation
import Storage
import Testing

@testable import TSDB

/// Pins the bytes of small block files. The expected bytes are what
/// promtool 2.42 writes for the same samples (`BlockPromtoolInteropTests`
/// checks that against the real program); here they are fixed so the layout
/// cannot drift even where promtool is not installed.
@Suite struct BlockFormatTests {
    /// Two series, three samples each: `a{b="1"}` at 1 and `a{b="2",c="x"}` at 2.
    static let data: [Labels: [Sample]] = [
        ["__name__": "a", "b": "1"]: (0..<3).map {
            Sample(timestamp: 1_600_000_000_000 + Int64($0) * 15_000, value: 1)
        },
        ["__name__": "a", "b": "2", "c": "x"]: (0..<3).map {
            Sample(timestamp: 1_600_000_001_000 + Int64($0) * 15_000, value: 2)
        },
    ]

    static let index = hexBytes(
        """
        baaad70002
        0000001a 00000008 00 0131 0132 085f5f6e616d655f5f 0161 0162 0163 0178 b3c064ad
        000000000000000000
        10 02 0304 0501 01 8080f4f6905d b0ea01 08 5cb8826f
        0000000000000000000000
        12 03 0304 0502 0607 01 d08ff4f6905d b0ea01 21 c94a3d57
        00
        0000000c 00000001 00000001 00000004 20d59ba6
        00000010 00000001 00000002 00000001 00000002 461967b5
        0000000c 00000001 00000001 00000007 33856852
        0000000c 00000002 00000003 00000005 bb33cbd4
        0000000c 00000002 00000003 00000005 bb33cbd4
        00000008 00000001 00000003 a7692ed2
        00000008 00000001 00000005 81c8c93a
        00000008 00000001 00000005 81c8c93a
        00000018 00000003 01 085f5f6e616d655f5f 68 01 0162 7c 01 0163 9401 e5dd3073
        0000002c 00000005 02 00 00 a801 02 085f5f6e616d655f5f 0161 bc01 02 0162 0131 d001 02 0162 0132 e001
        02 0163 0178 f001 79ed0dd2
        0000000000000005 0000000000000027 0000000000000067 0000000000000100 00000000000000a8 0000000000000120
        e27ee8f1
        """)

    static let chunks = hexBytes(
        """
        85bd40dd 01 000000
        13 01 0003 8080f4f6905d 3ff0000000000000 98 75 00 4c68174c
        13 01 0003 d08ff4f6905d 4000000000000000 98 75 00 45760ba4
        """)

    @Test func indexAndChunksArePinned() throws {
        try withTemporaryDirectory { dir in
            let meta = try writeBlock(Self.data, into: dir)
            let path = dir + "/" + meta.ulid.description
            let index = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path + "/index")))
            let chunks = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path + "/chunks/000001")))
            #expect(index == Self.index)
            #expect(chunks == Self.chunks)
            let tombstones = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path + "/tombstones")))
            #expect(tombstones == [0x01, 0x30, 0xBA, 0x30, 0x01, 0, 0, 0, 0])
        }
    }

    /// The sections the TOC points at, read independently of `IndexReader`.
    @Test func tableOfContentsPointsAtTheSections() throws {
        let bytes = Self.index
        func be32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
        func be64(_ at: Int) -> Int { bytes[at..<at + 8].reduce(0) { $0 << 8 | Int($1) } }
        let toc = bytes.count - 52
        let (symbols, series, labelIndices, labelTable, postings, postingsTable) = (
            be64(toc), be64(toc + 8), be64(toc + 16), be64(toc + 24), be64(toc + 32), be64(toc + 40)
        )
        #expect(symbols == 5)
        #expect(be32(symbols + 4) == 8)  // "", "1", "2", "__name__", "a", "b", "c", "x"
        // Series are 16-byte aligned: ids 3 and 5.
        #expect(series == 0x27)
        #expect(bytes[0x30] == 0x10 && bytes[0x50] == 0x12)
        // Label indices start right after the series; the first is padded to 4 bytes.
        // Label indices: one per name (__name__, b, c), 4-byte aligned.
        #expect(labelIndices == 0x67)
        #expect(be32(0x68) == 12 && be32(0x6C) == 1 && be32(0x70) == 1)
        // Postings: all series first.
        #expect(postings == 0xA8)
        #expect(be32(0xA8) == 12 && be32(0xAC) == 2 && be32(0xB0) == 3 && be32(0xB4) == 5)
        #expect(be32(labelTable + 4) == 3)
        #expect(be32(postingsTable + 4) == 5)  // ""="", __name__=a, b=1, b=2, c=x
        // Every section's checksum is over the bytes after its length.
        for start in [symbols, labelTable, postingsTable, 0xA8, 0x68, 0x7C, 0x94, 0xBC, 0xD0, 0xE0, 0xF0] {
            let length = be32(start)
            let crc = BlockChecksum.crc32c(Array(bytes[start + 4..<start + 4 + length]))
            #expect(UInt32(be32(start + 4 + length)) == crc)
        }
        #expect(UInt32(be32(bytes.count - 4)) == BlockChecksum.crc32c(Array(bytes[toc..<bytes.count - 4])))
    }

    @Test func readerDecodesThePinnedBlock() throws {
        try withTemporaryDirectory { dir in
            let meta = try writeBlock(Self.data, into: dir)
            let block = try Block(directory: dir + "/" + meta.ulid.description)
            #expect(try block.postings(for: []) == [3, 5])
            #expect(try block.postings(for: [.equal("b", "2")]) == [5])
            let (labels, metas) = try block.series(5)
            #expect(labels == ["__name__": "a", "b": "2", "c": "x"])
            #expect(metas == [ChunkMeta(ref: 0x21, minTime: 1_600_000_001_000, maxTime: 1_600_000_031_000)])
            #expect(block.labelNames() == ["__name__", "b", "c"])
            #expect(block.labelValues("b") == ["1", "2"])
        }
    }

    /// `meta.json` as upstream's `json.MarshalIndent(meta, "", "\t")` prints it.
    @Test func metaJSONMatchesUpstream() throws {
        let ulid = try #require(ULID("01M80G3HVHR51YRC0EN5YCCSVK"))
        let meta = BlockMeta(
            ulid: ulid, minTime: 1_600_000_000_000, maxTime: 1_600_000_001_001,
            stats: .init(numSamples: 2, numSeries: 2, numChunks: 2))
        #expect(
            meta.json == """
                {
                \t"ulid": "01M80G3HVHR51YRC0EN5YCCSVK",
                \t"minTime": 1600000000000,
                \t"maxTime": 1600000001001,
                \t"stats": {
                \t\t"numSamples": 2,
                \t\t"numSeries": 2,
                \t\t"numChunks": 2
                \t},
                \t"compaction": {
                \t\t"level": 1,
                \t\t"sources": [
                \t\t\t"01M80G3HVHR51YRC0EN5YCCSVK"
                \t\t]
                \t},
                \t"version": 1
                }
                """)
        #expect(try BlockMeta.decode(Array(meta.json.utf8), path: "meta.json") == meta)
        var compacted = meta
        compacted.stats = .init()
        compacted.compaction = .init(
            level: 2, sources: [ulid, ulid], parents: [.init(ulid: ulid, minTime: 1, maxTime: 2)],
            hints: ["from-out-of-order"])
        #expect(try BlockMeta.decode(Array(compacted.json.utf8), path: "meta.json") == compacted)
        #expect(compacted.json.contains("\t\"stats\": {},\n"))
        #expect(throws: BlockError.self) { try BlockMeta.decode(Array("{\"version\": 1}".utf8), path: "m") }
        #expect(throws: BlockError.self) {
            try BlockMeta.decode(
                Array(meta.json.replacingOccurrences(of: "\"version\": 1", with: "\"version\": 2").utf8), path: "m")
        }
    }
}
