/// Reads the records of WAL segments in order, checking every fragment.
///
/// A segment whose file ends inside a page is read as if the page were
/// padded with zeros (the active segment normally ends that way). Anything
/// that is not a well-formed sequence of fragments — a bad checksum, an
/// invalid fragment type or sequence, a length that runs past its page, a
/// fragment cut short by the end of the file, a record left unfinished at
/// the end of a segment, non-zero bytes in page padding — is reported as a
/// ``WALError/Code/corruption`` error whose ``WALCorruption`` names the
/// segment and the offset of the damaged record, for ``WAL/repair(from:)``.
///
/// Progress is the caller's to log: ``segmentCount`` and
/// ``segmentPosition`` make "replaying WAL segment 3/10".
///
/// A reader is used by one task at a time (it is not `Sendable`); after it
/// returns nil or throws, further calls return nil or the same error.
public final class WALReader {
    /// Decompresses one record payload. Argus' `Exposition` target has a
    /// Snappy decoder; `TSDB` does not depend on it, so the caller passes it in.
    public typealias Decompressor = (WALCompression, [UInt8]) throws -> [UInt8]

    /// The segments read, in order.
    public let segments: [WALSegmentRef]
    private let decompressor: Decompressor?

    /// The index into ``segments`` of the segment being read (0-based), or
    /// ``segmentCount`` once every segment has been read.
    public private(set) var segmentPosition = 0
    /// The byte offset, within its segment, of the record last returned.
    public private(set) var recordOffset = 0
    /// How many records ``nextRecord()`` skipped, by type: types this module
    /// does not decode (exemplars, metadata, histograms …), from newer writers.
    public private(set) var skippedRecords: [WALRecordType: Int] = [:]

    private var file: WALFile?
    private var fileSize = 0
    /// Up to ``pagesPerRead`` pages of the current segment, from `bufferStart`.
    private var buffer: [UInt8]
    private var bufferStart = 0
    private var bufferCount = 0
    /// The read position in the current segment.
    private var position = 0
    private var finished: WALError??

    private static let pagesPerRead = 16

    /// A reader over `segments`, in the order given.
    ///
    /// - Parameter decompressor: Used for Snappy- or zstd-compressed records
    ///   (Prometheus compresses its WAL with Snappy by default). Without one,
    ///   such a record throws ``WALError/Code/unsupportedCompression``.
    public init(segments: [WALSegmentRef], decompressor: Decompressor? = nil) {
        self.segments = segments
        self.decompressor = decompressor
        self.buffer = [UInt8](repeating: 0, count: Self.pagesPerRead * WALFormat.pageSize)
    }

    /// A reader over every segment in `directory`, ignoring checkpoints.
    public convenience init(directory: String, decompressor: Decompressor? = nil) throws(WALError) {
        self.init(segments: try WALSegmentRef.list(directory: directory), decompressor: decompressor)
    }

    /// A reader for replaying the WAL in `directory`: the segments of the
    /// latest checkpoint, then the WAL segments after it, as upstream's head
    /// replays. Segments the checkpoint already covers are skipped.
    public static func replaying(
        directory: String,
        decompressor: Decompressor? = nil
    ) throws(WALError) -> WALReader {
        var segments: [WALSegmentRef] = []
        var after = -1
        if let checkpoint = try Checkpoint.last(in: directory) {
            segments = try WALSegmentRef.list(directory: checkpoint.path)
            after = checkpoint.index
        }
        segments += try WALSegmentRef.list(directory: directory).filter { $0.index > after }
        return WALReader(segments: segments, decompressor: decompressor)
    }

    deinit {
        file?.close()
    }

    /// How many segments this reader covers.
    public var segmentCount: Int { segments.count }

    /// The segment being read, or nil once all are read.
    public var currentSegment: WALSegmentRef? {
        segmentPosition < segments.count ? segments[segmentPosition] : nil
    }

    /// The next record decoded, skipping (and counting in ``skippedRecords``)
    /// empty records and types this module does not decode.
    ///
    /// - Throws: as ``next()``; a record whose bytes do not match its type is
    ///   reported as a ``WALError/Code/corruption`` at its offset, as upstream's
    ///   head replay does, so that it can be repaired.
    public func nextRecord() throws(WALError) -> WALRecord? {
        while let bytes = try next() {
            let decoded: WALRecord?
            do throws(WALError) {
                decoded = try WALRecord.decode(bytes)
            } catch {
                let segment = segments[segmentPosition]
                let failure = WALError(
                    WALCorruption(
                        directory: segment.directory,
                        segment: segment.index,
                        offset: recordOffset,
                        detectedAt: recordOffset,
                        reason: error.message
                    )
                )
                finished = .some(failure)
                throw failure
            }
            if let decoded { return decoded }
            skippedRecords[WALRecord.type(of: bytes) ?? WALRecordType(rawValue: 0), default: 0] += 1
        }
        return nil
    }

    /// The next record's bytes (decompressed), or nil after the last one.
    ///
    /// - Throws: ``WALError/Code/corruption``, ``WALError/Code/unsupportedCompression``,
    ///   ``WALError/Code/io``.
    public func next() throws(WALError) -> [UInt8]? {
        if let finished {
            if let error = finished { throw error }
            return nil
        }
        do throws(WALError) {
            while segmentPosition < segments.count {
                if file == nil { try openSegment() }
                if let record = try readRecord() { return record }
                file?.close()
                file = nil
                segmentPosition += 1
            }
            finished = .some(nil)
            return nil
        } catch {
            file?.close()
            file = nil
            finished = .some(error)
            throw error
        }
    }

    // MARK: - Segment reading

    private func openSegment() throws(WALError) {
        let opened = try WALFile.openForReading(segments[segmentPosition].path)
        do {
            fileSize = try opened.size()
        } catch {
            opened.close()
            throw error
        }
        file = opened
        position = 0
        bufferStart = 0
        bufferCount = 0
    }

    /// Makes the page holding `position` available and returns the offset of
    /// that page in `buffer` and how many of its bytes are in the file (the
    /// rest reads as zeros).
    private func loadPage(at position: Int) throws(WALError) -> (base: Int, real: Int) {
        let pageStart = position - position % WALFormat.pageSize
        if pageStart < bufferStart || pageStart >= bufferStart + Self.pagesPerRead * WALFormat.pageSize
            || bufferCount == 0
        {
            let file = self.file!
            let result = buffer.withUnsafeMutableBytes { bytes in
                Result { () throws(WALError) in try file.read(into: bytes, at: pageStart) }
            }
            let count = try result.get()
            bufferStart = pageStart
            bufferCount = count
        }
        let base = pageStart - bufferStart
        let real = max(0, min(WALFormat.pageSize, bufferCount - base))
        return (base, real)
    }

    /// Reads one record from the current segment, or nil at its end.
    private func readRecord() throws(WALError) -> [UInt8]? {
        var record: [UInt8] = []
        var recordStart = position
        var inRecord = false
        var compression: WALCompression?

        while position < fileSize {
            let (base, real) = try loadPage(at: position)
            let inPage = position % WALFormat.pageSize
            let left = WALFormat.pageSize - inPage
            if !inRecord { recordStart = position }

            // Fewer bytes than a header left, or a zero type byte: padding to the page end.
            if left < WALFormat.fragmentHeaderSize || inPage >= real || buffer[base + inPage] == 0 {
                let end = min(real, WALFormat.pageSize)
                if inPage < end {
                    for i in inPage..<end where buffer[base + i] != 0 {
                        throw corruption(
                            recordStart, position + (i - inPage), "unexpected non-zero byte in padded page")
                    }
                }
                position += left
                continue
            }

            let header = base + inPage
            let typeByte = buffer[header]
            guard let type = WALFragmentType(rawValue: typeByte & WALFormat.typeMask) else {
                throw corruption(recordStart, position, "unexpected record type \(typeByte & WALFormat.typeMask)")
            }
            if inPage + WALFormat.fragmentHeaderSize > real {
                throw corruption(
                    recordStart, position,
                    "fragment header cut short: the segment ends \(real - inPage) bytes into it (torn write)")
            }
            let length = Int(buffer[header + 1]) << 8 | Int(buffer[header + 2])
            let crc =
                UInt32(buffer[header + 3]) << 24 | UInt32(buffer[header + 4]) << 16 | UInt32(buffer[header + 5]) << 8
                | UInt32(buffer[header + 6])
            let dataStart = inPage + WALFormat.fragmentHeaderSize
            if dataStart + length > WALFormat.pageSize {
                throw corruption(
                    recordStart, position,
                    "invalid record size \(length): the fragment runs \(dataStart + length - WALFormat.pageSize)"
                        + " bytes past its page")
            }
            if dataStart + length > real {
                throw corruption(
                    recordStart, position,
                    "fragment cut short: \(length) bytes expected, the segment ends after \(real - dataStart)"
                        + " (torn write)")
            }
            let actual = buffer.withUnsafeBytes { bytes in
                WALChecksum.crc32c(
                    UnsafeRawBufferPointer(rebasing: bytes[(base + dataStart)..<(base + dataStart + length)]))
            }
            if actual != crc {
                throw corruption(
                    recordStart, position,
                    "unexpected checksum \(String(actual, radix: 16)), expected \(String(crc, radix: 16))")
            }
            switch (type, inRecord) {
            case (.full, false), (.first, false), (.middle, true), (.last, true): break
            default:
                throw corruption(recordStart, position, "unexpected \(type.name) fragment")
            }
            record.append(contentsOf: buffer[(base + dataStart)..<(base + dataStart + length)])
            position += WALFormat.fragmentHeaderSize + length
            if typeByte & WALFormat.snappyFlag != 0 {
                compression = .snappy
            } else if typeByte & WALFormat.zstdFlag != 0 {
                compression = .zstd
            } else {
                compression = nil
            }
            if type == .full || type == .last {
                recordOffset = recordStart
                guard let compression else { return record }
                return try decompress(record, compression, at: recordStart)
            }
            inRecord = true
        }
        if inRecord {
            throw corruption(recordStart, fileSize, "last record is torn: the segment ends inside it")
        }
        return nil
    }

    private func decompress(_ record: [UInt8], _ compression: WALCompression, at offset: Int) throws(WALError)
        -> [UInt8]
    {
        let segment = segments[segmentPosition]
        guard let decompressor else {
            throw WALError(
                .unsupportedCompression,
                "unsupported compression: the record at offset \(offset) of \(segment.path) is"
                    + " \(compression)-compressed and no decompressor was given; pass one to WALReader or run"
                    + " Prometheus with --no-storage.tsdb.wal-compression",
                path: segment.path
            )
        }
        do {
            return try decompressor(compression, record)
        } catch {
            throw corruption(offset, offset, "cannot decompress \(compression) record: \(error)")
        }
    }

    private func corruption(_ offset: Int, _ detectedAt: Int, _ reason: String) -> WALError {
        let segment = segments[segmentPosition]
        return WALError(
            WALCorruption(
                directory: segment.directory, segment: segment.index, offset: offset, detectedAt: detectedAt,
                reason: reason)
        )
    }
}
