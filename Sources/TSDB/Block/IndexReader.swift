import ArgusCore

/// Reads a memory-mapped `index` file (format version 2, see
/// ``IndexWriter``).
///
/// Opening checks the header, the table of contents, the symbol table and
/// the postings offset table, checksums included; series entries and
/// postings lists are checked when they are read. Every read stays inside
/// the mapping and reports damage as a ``BlockError``.
final class IndexReader: Sendable {
    let file: MappedFile
    var path: String { file.path }

    struct TOC: Hashable {
        var symbols: Int
        var series: Int
        var labelIndices: Int
        var labelIndicesTable: Int
        var postings: Int
        var postingsTable: Int
    }

    let toc: TOC
    /// The end of the sections: where the TOC starts.
    private let sectionsEnd: Int
    /// The offset of each symbol's uvarint length.
    private let symbolOffsets: [Int]
    /// Label names (the empty name holds the list of all series), sorted.
    let labelNames: [String]
    /// Per label name: its values, sorted, and the offset of each value's postings list.
    private let postingsTable: [String: (values: [String], offsets: [Int])]

    init(path: String) throws(BlockError) {
        let file = try MappedFile(path: path)
        self.file = file
        let bytes = file.bytes
        let minimum = IndexWriter.headerSize + IndexWriter.tocSize
        guard bytes.count >= minimum else {
            throw BlockError.at(
                .truncated, path, section: "header", offset: 0,
                "index is \(bytes.count) bytes, shorter than its header and table of contents (\(minimum) bytes)")
        }
        let magic = BlockDecoder.be32(bytes, at: 0)
        guard magic == IndexWriter.magic else {
            throw BlockError.at(
                .invalidMagic, path, section: "header", offset: 0,
                "invalid magic number \(String(magic, radix: 16)), expected baaad700")
        }
        guard bytes[4] == IndexWriter.version else {
            throw BlockError.at(
                .unsupportedVersion, path, section: "header", offset: 4,
                "unsupported index format version \(bytes[4]); this reader reads version 2")
        }

        // Table of contents.
        let tocStart = bytes.count - IndexWriter.tocSize
        let stored = BlockDecoder.be32(bytes, at: bytes.count - 4)
        let actual = BlockChecksum.crc32c(UnsafeRawBufferPointer(rebasing: bytes[tocStart..<bytes.count - 4]))
        guard stored == actual else {
            throw BlockError.at(
                .checksumMismatch, path, section: "table of contents", offset: tocStart,
                "checksum \(String(actual, radix: 16)) does not match the stored \(String(stored, radix: 16))")
        }
        var decoder = BlockDecoder(bytes, start: tocStart, end: bytes.count - 4)
        var refs: [Int] = []
        for name in ["symbols", "series", "label indices", "label offset table", "postings", "postings offset table"] {
            let ref = decoder.be64()
            guard ref <= UInt64(tocStart) else {
                throw BlockError.at(
                    .outOfRange, path, section: "table of contents", offset: tocStart,
                    "the \(name) section starts at \(ref), past the start of the table of contents at \(tocStart)")
            }
            refs.append(Int(ref))
        }
        toc = TOC(
            symbols: refs[0], series: refs[1], labelIndices: refs[2], labelIndicesTable: refs[3], postings: refs[4],
            postingsTable: refs[5])
        sectionsEnd = tocStart

        // Symbols.
        var symbolOffsets: [Int] = []
        if toc.symbols != 0 {
            var symbols = try Self.section(file, at: toc.symbols, end: tocStart, name: "symbol table")
            let count = symbols.be32()
            guard UInt64(count) <= UInt64(symbols.remaining) else {
                throw BlockError.at(
                    .invalidData, path, section: "symbol table", offset: toc.symbols,
                    "declares \(count) symbols in \(symbols.remaining) bytes")
            }
            symbolOffsets.reserveCapacity(Int(count))
            for _ in 0..<count {
                symbolOffsets.append(symbols.position)
                _ = symbols.uvarintBytes()
                if symbols.failed {
                    throw BlockError.at(
                        .invalidData, path, section: "symbol table", offset: symbolOffsets.last!,
                        "symbol \(symbolOffsets.count - 1) of \(count) runs past the end of the table")
                }
            }
        }
        self.symbolOffsets = symbolOffsets

        // Postings offset table.
        var table: [String: (values: [String], offsets: [Int])] = [:]
        var names: [String] = []
        if toc.postingsTable != 0 {
            let section = "postings offset table"
            var entries = try Self.section(file, at: toc.postingsTable, end: tocStart, name: section)
            let count = entries.be32()
            guard UInt64(count) <= UInt64(entries.remaining) else {
                throw BlockError.at(
                    .invalidData, path, section: section, offset: toc.postingsTable,
                    "declares \(count) entries in \(entries.remaining) bytes")
            }
            var currentName: String?
            var values: [String] = []
            var offsets: [Int] = []
            for _ in 0..<count {
                let at = entries.position
                let keys = entries.uvarint()
                let name = entries.uvarintString()
                let value = entries.uvarintString()
                let offset = entries.uvarint()
                guard !entries.failed, keys == 2, offset < UInt64(tocStart) else {
                    throw BlockError.at(
                        .invalidData, path, section: section, offset: at,
                        "cannot decode entry \(offsets.count) as a label pair and an offset inside the file")
                }
                if name != currentName {
                    if let currentName { table[currentName] = (values, offsets) }
                    currentName = name
                    names.append(name)
                    values = []
                    offsets = []
                }
                values.append(value)
                offsets.append(Int(offset))
            }
            if let currentName { table[currentName] = (values, offsets) }
        }
        postingsTable = table
        labelNames = names.sorted { $0.utf8Less($1) }
    }

    /// A decoder over the body of the section with a 4-byte length at
    /// `offset`, after checking that it fits before `end` and its checksum.
    private static func section(
        _ file: MappedFile, at offset: Int, end: Int, name: String
    ) throws(BlockError) -> BlockDecoder {
        guard offset <= end - 8 else {
            throw BlockError.at(
                .truncated, file.path, section: name, offset: offset,
                "the section's length and checksum do not fit before byte \(end)")
        }
        let length = Int(BlockDecoder.be32(file.bytes, at: offset))
        guard length <= end - offset - 8 else {
            throw BlockError.at(
                .truncated, file.path, section: name, offset: offset,
                "the section's \(length) bytes run past byte \(end)")
        }
        let bodyEnd = offset + 4 + length
        try verify(file, body: offset + 4..<bodyEnd, section: name, offset: offset)
        return BlockDecoder(file.bytes, start: offset + 4, end: bodyEnd)
    }

    private static func verify(
        _ file: MappedFile, body: Range<Int>, section: String, offset: Int
    ) throws(BlockError) {
        let stored = BlockDecoder.be32(file.bytes, at: body.upperBound)
        let actual = BlockChecksum.crc32c(UnsafeRawBufferPointer(rebasing: file.bytes[body]))
        guard stored == actual else {
            throw BlockError.at(
                .checksumMismatch, file.path, section: section, offset: offset,
                "checksum \(String(actual, radix: 16)) does not match the stored \(String(stored, radix: 16))")
        }
    }

    /// The number of symbols.
    var symbolCount: Int { symbolOffsets.count }

    /// Symbol `ref`.
    func symbol(_ ref: UInt64) throws(BlockError) -> String {
        guard ref < UInt64(symbolOffsets.count) else {
            throw BlockError.at(
                .outOfRange, path, section: "symbol table", offset: toc.symbols,
                "symbol reference \(ref) is past the \(symbolOffsets.count) symbols")
        }
        var decoder = BlockDecoder(file.bytes, start: symbolOffsets[Int(ref)], end: sectionsEnd)
        return decoder.uvarintString()
    }

    /// The sorted values of label `name`.
    func values(of name: String) -> [String] {
        postingsTable[name]?.values ?? []
    }

    /// The ids of every series, sorted.
    func allPostings() throws(BlockError) -> [UInt64] {
        try postings("", "")
    }

    /// The sorted ids of the series with label `name` = `value`.
    func postings(_ name: String, _ value: String) throws(BlockError) -> [UInt64] {
        guard let entry = postingsTable[name] else { return [] }
        guard let index = Self.find(value, in: entry.values) else { return [] }
        return try postingsList(at: entry.offsets[index])
    }

    /// The postings lists of the values of `name` that satisfy `predicate`.
    func postingsLists(_ name: String, where predicate: (String) -> Bool) throws(BlockError) -> [[UInt64]] {
        guard let entry = postingsTable[name] else { return [] }
        var lists: [[UInt64]] = []
        for (value, offset) in zip(entry.values, entry.offsets) where predicate(value) {
            lists.append(try postingsList(at: offset))
        }
        return lists
    }

    /// The postings lists of those of `values` that label `name` takes.
    func postingsLists(_ name: String, values: [String]) throws(BlockError) -> [[UInt64]] {
        guard let entry = postingsTable[name] else { return [] }
        var lists: [[UInt64]] = []
        for value in values {
            if let index = Self.find(value, in: entry.values) {
                lists.append(try postingsList(at: entry.offsets[index]))
            }
        }
        return lists
    }

    private static func find(_ value: String, in values: [String]) -> Int? {
        var low = 0
        var high = values.count
        while low < high {
            let mid = (low + high) / 2
            if values[mid].utf8Less(value) { low = mid + 1 } else { high = mid }
        }
        return low < values.count && values[low].utf8Equal(value) ? low : nil
    }

    private func postingsList(at offset: Int) throws(BlockError) -> [UInt64] {
        var decoder = try Self.section(file, at: offset, end: sectionsEnd, name: "postings list")
        let count = Int(decoder.be32())
        guard decoder.remaining == count * 4 else {
            throw BlockError.at(
                .invalidData, path, section: "postings list", offset: offset,
                "declares \(count) series in \(decoder.remaining) bytes")
        }
        var list: [UInt64] = []
        list.reserveCapacity(count)
        var previous: UInt64?
        for _ in 0..<count {
            let id = UInt64(decoder.be32())
            if let previous, id <= previous {
                throw BlockError.at(
                    .invalidData, path, section: "postings list", offset: offset,
                    "series ids are not strictly increasing (\(id) after \(previous))")
            }
            previous = id
            list.append(id)
        }
        return list
    }

    /// The labels and chunk metas of series `id`.
    func series(_ id: UInt64) throws(BlockError) -> (labels: Labels, chunks: [ChunkMeta]) {
        let section = "series"
        let (offset, overflow) = id.multipliedReportingOverflow(by: UInt64(IndexWriter.seriesAlignment))
        guard !overflow, toc.series != 0, offset >= UInt64(toc.series), offset < UInt64(sectionsEnd) else {
            throw BlockError(
                .outOfRange, "\(path): series id \(id) points outside the series section", path: path,
                section: section)
        }
        let start = Int(offset)
        var header = BlockDecoder(file.bytes, start: start, end: sectionsEnd)
        let length = header.uvarint()
        guard !header.failed, length <= UInt64(sectionsEnd - header.position),
            sectionsEnd - header.position - Int(length) >= 4
        else {
            throw BlockError.at(
                .truncated, path, section: section, offset: start,
                "series \(id) runs past the end of the index sections at byte \(sectionsEnd)")
        }
        let bodyStart = header.position
        let bodyEnd = bodyStart + Int(length)
        try Self.verify(file, body: bodyStart..<bodyEnd, section: section, offset: start)
        var decoder = BlockDecoder(file.bytes, start: bodyStart, end: bodyEnd)
        let labelCount = decoder.uvarint()
        guard labelCount <= UInt64(decoder.remaining / 2) else {
            throw BlockError.at(
                .invalidData, path, section: section, offset: start, "declares \(labelCount) labels in \(length) bytes")
        }
        var labels: [Label] = []
        labels.reserveCapacity(Int(labelCount))
        for _ in 0..<labelCount {
            let name = decoder.uvarint()
            let value = decoder.uvarint()
            guard !decoder.failed else { break }
            labels.append(Label(try symbol(name), try symbol(value)))
        }
        let chunkCount = decoder.uvarint()
        guard !decoder.failed, chunkCount <= UInt64(decoder.remaining / 3) else {
            throw BlockError.at(
                .invalidData, path, section: section, offset: start,
                "cannot decode the labels and chunk count of series \(id)")
        }
        var chunks: [ChunkMeta] = []
        chunks.reserveCapacity(Int(chunkCount))
        if chunkCount > 0 {
            let minTime = decoder.varint()
            let maxTime = minTime &+ Int64(bitPattern: decoder.uvarint())
            var ref = decoder.uvarint()
            chunks.append(ChunkMeta(ref: ref, minTime: minTime, maxTime: maxTime))
            var previousMax = maxTime
            for _ in 1..<chunkCount {
                let minTime = previousMax &+ Int64(bitPattern: decoder.uvarint())
                let maxTime = minTime &+ Int64(bitPattern: decoder.uvarint())
                ref = UInt64(bitPattern: Int64(bitPattern: ref) &+ decoder.varint())
                chunks.append(ChunkMeta(ref: ref, minTime: minTime, maxTime: maxTime))
                previousMax = maxTime
            }
        }
        guard !decoder.failed else {
            throw BlockError.at(
                .invalidData, path, section: section, offset: start, "cannot decode the chunk metas of series \(id)")
        }
        return (Labels(sortedUnique: labels), chunks)
    }
}
