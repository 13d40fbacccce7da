import ArgusCore

/// Builds a block's `index` file in format version 2, laid out as
/// Prometheus 2.42 writes it (`tsdb/index.Writer`); the format is drawn in
/// upstream's `tsdb/docs/format/index.md`.
///
/// ```
/// magic 0xBAAAD700 <4b> │ version 2 <1b>
/// symbol table      len <4b> │ #symbols <4b> │ uvarint-prefixed strings, sorted │ CRC32C
/// series            16-byte aligned; id = offset / 16:
///                   len <uvarint> │ #labels │ (name ref, value ref)… │ #chunks │ chunk metas │ CRC32C
/// label indices     per label name, 4-byte aligned: len │ 1 │ #values │ value refs <4b each> │ CRC32C
/// postings          4-byte aligned lists: len │ #refs │ series ids <4b each> │ CRC32C
///                   first the list of every series (name and value empty), then by name, value
/// label offset tbl  len │ #entries │ (1, name, offset)… │ CRC32C
/// postings offset   len │ #entries │ (2, name, value, offset)… │ CRC32C
/// TOC               six 8-byte section offsets │ CRC32C
/// ```
///
/// Chunk metas: the first chunk as mint <varint>, maxt−mint <uvarint>,
/// ref <uvarint>; each next one as mint−previous maxt <uvarint>,
/// maxt−mint <uvarint>, ref−previous ref <varint>. Every CRC32C covers the
/// section's bytes after its length field.
///
/// The whole file is built in memory; the caller writes it out.
struct IndexWriter {
    static let magic: UInt32 = 0xBAAA_D700
    static let version: UInt8 = 2
    static let headerSize = 5
    static let tocSize = 6 * 8 + 4
    static let seriesAlignment = 16

    /// One series to index, in label order.
    struct Entry {
        var labels: Labels
        var chunks: [ChunkMeta]
    }

    /// The index file's bytes and the series id of each entry, in order.
    static func build(_ entries: [Entry], path: String) throws(BlockError) -> (bytes: [UInt8], ids: [UInt64]) {
        var out = Encbuf()
        out.bytes.reserveCapacity(4096 + entries.count * 64)
        out.putBE32(magic)
        out.putByte(version)

        // Symbol table. Upstream's head always contributes the empty string
        // (the name and value of its all-series postings key), so blocks it
        // cuts list it first; we do the same to write identical bytes.
        var symbolSet: Set<String> = entries.isEmpty ? [] : [""]
        for entry in entries {
            for label in entry.labels {
                symbolSet.insert(label.name)
                symbolSet.insert(label.value)
            }
        }
        let symbols = symbolSet.sorted { $0.utf8Less($1) }
        var symbolRefs: [String: UInt32] = [:]
        symbolRefs.reserveCapacity(symbols.count)
        let symbolsStart = out.count
        out.putBE32(0)
        out.putBE32(UInt32(symbols.count))
        for (i, symbol) in symbols.enumerated() {
            symbolRefs[symbol] = UInt32(i)
            out.putUvarintString(symbol)
        }
        try finishSection(&out, start: symbolsStart, what: "symbol table", path: path)

        // Series, building the postings as we go.
        let seriesStart = out.count
        var ids: [UInt64] = []
        ids.reserveCapacity(entries.count)
        var postings: [String: [String: [UInt32]]] = [:]
        var entry = Encbuf()
        for series in entries {
            out.pad(to: seriesAlignment)
            let id = out.count / seriesAlignment
            guard id <= Int(UInt32.max) else {
                throw BlockError(.invalidArgument, "\(path): series section exceeds 64 GiB", path: path)
            }
            ids.append(UInt64(id))
            entry.bytes.removeAll(keepingCapacity: true)
            entry.putUvarint(UInt64(series.labels.count))
            for label in series.labels {
                entry.putUvarint(UInt64(symbolRefs[label.name]!))
                entry.putUvarint(UInt64(symbolRefs[label.value]!))
                postings[label.name, default: [:]][label.value, default: []].append(UInt32(id))
            }
            entry.putUvarint(UInt64(series.chunks.count))
            if let first = series.chunks.first {
                entry.putVarint(first.minTime)
                entry.putUvarint(UInt64(bitPattern: first.maxTime &- first.minTime))
                entry.putUvarint(first.ref)
                var previous = first
                for chunk in series.chunks.dropFirst() {
                    entry.putUvarint(UInt64(bitPattern: chunk.minTime &- previous.maxTime))
                    entry.putUvarint(UInt64(bitPattern: chunk.maxTime &- chunk.minTime))
                    entry.putVarint(Int64(bitPattern: chunk.ref &- previous.ref))
                    previous = chunk
                }
            }
            out.putUvarint(UInt64(entry.count))
            let contentStart = out.count
            out.bytes.append(contentsOf: entry.bytes)
            out.putChecksum(from: contentStart)
        }

        // Label indices, one per label name: its values as symbol references.
        let labelIndicesStart = out.count
        let names = postings.keys.sorted { $0.utf8Less($1) }
        var sortedValues: [String: [String]] = [:]
        var labelIndexOffsets: [(String, Int)] = []
        for name in names {
            let values = postings[name]!.keys.sorted { $0.utf8Less($1) }
            sortedValues[name] = values
            out.pad(to: 4)
            labelIndexOffsets.append((name, out.count))
            let start = out.count
            out.putBE32(0)
            out.putBE32(1)
            out.putBE32(UInt32(values.count))
            for value in values { out.putBE32(symbolRefs[value]!) }
            try finishSection(&out, start: start, what: "label index", path: path)
        }

        // Postings lists: all series first, then by name and value.
        let postingsStart = out.count
        var postingsOffsets: [(String, String, Int)] = []
        func writePostings(_ name: String, _ value: String, _ list: [UInt32]) throws(BlockError) {
            out.pad(to: 4)
            postingsOffsets.append((name, value, out.count))
            let start = out.count
            out.putBE32(0)
            out.putBE32(UInt32(list.count))
            for id in list { out.putBE32(id) }
            try finishSection(&out, start: start, what: "postings list", path: path)
        }
        try writePostings("", "", ids.map { UInt32($0) })
        for name in names {
            for value in sortedValues[name]! {
                try writePostings(name, value, postings[name]![value]!)
            }
        }

        // Label offset table (read by old readers only).
        let labelTableStart = out.count
        out.putBE32(0)
        out.putBE32(UInt32(labelIndexOffsets.count))
        for (name, offset) in labelIndexOffsets {
            out.putUvarint(1)
            out.putUvarintString(name)
            out.putUvarint(UInt64(offset))
        }
        try finishSection(&out, start: labelTableStart, what: "label offset table", path: path)

        // Postings offset table.
        let postingsTableStart = out.count
        out.putBE32(0)
        out.putBE32(UInt32(postingsOffsets.count))
        for (name, value, offset) in postingsOffsets {
            out.putUvarint(2)
            out.putUvarintString(name)
            out.putUvarintString(value)
            out.putUvarint(UInt64(offset))
        }
        try finishSection(&out, start: postingsTableStart, what: "postings offset table", path: path)

        // Table of contents.
        let tocStart = out.count
        for offset in [
            symbolsStart, seriesStart, labelIndicesStart, labelTableStart, postingsStart, postingsTableStart,
        ] {
            out.putBE64(UInt64(offset))
        }
        out.putChecksum(from: tocStart)
        return (out.bytes, ids)
    }

    /// Fills in the 4-byte length of the section starting at `start` and appends its checksum.
    private static func finishSection(
        _ out: inout Encbuf, start: Int, what: String, path: String
    ) throws(BlockError) {
        let length = out.count - start - 4
        guard length <= Int(UInt32.max) else {
            throw BlockError(.invalidArgument, "\(path): \(what) exceeds 4 GiB", path: path)
        }
        out.setBE32(UInt32(length), at: start)
        out.putChecksum(from: start + 4)
    }
}
