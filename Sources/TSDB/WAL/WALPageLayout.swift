/// The writer's position in its segment and the fragmenting of records into
/// pages: pure, no I/O, so segment rotation and page padding are tested
/// without files.
///
/// It follows upstream's `WL.log`: a record is cut into fragments that fill
/// the current page and then whole pages; when fewer than
/// ``WALFormat/fragmentHeaderSize`` bytes are left in a page they become
/// zero padding; a record that does not fit the rest of the segment goes to
/// the next segment, whose size it may exceed when it is bigger than a
/// segment (upstream does the same).
struct WALPageLayout {
    /// How many pages a segment holds before the writer moves on.
    let pagesPerSegment: Int
    /// Bytes used in the current page.
    private(set) var pageOffset = 0
    /// Complete pages in the current segment.
    private(set) var donePages = 0
    /// Pages completed (filled or padded) since the layout was made, in
    /// every segment (`prometheus_tsdb_wal_completed_pages_total`).
    private(set) var completedPages = 0

    init(segmentSize: Int) {
        pagesPerSegment = segmentSize / WALFormat.pageSize
    }

    /// Whether nothing has been written to the current segment.
    var segmentIsEmpty: Bool { donePages == 0 && pageOffset == 0 }

    /// The size of the current segment in bytes, as written so far.
    var segmentBytes: Int { donePages * WALFormat.pageSize + pageOffset }

    /// Whether a record of `length` bytes fits the rest of the current segment.
    func fits(_ length: Int) -> Bool {
        let pagePayload = WALFormat.pageSize - WALFormat.fragmentHeaderSize
        let left =
            (WALFormat.pageSize - pageOffset - WALFormat.fragmentHeaderSize)
            + pagePayload * (pagesPerSegment - donePages - 1)
        return length <= left
    }

    /// Whether the writer should start a new segment before writing a record
    /// of `length` bytes. An empty segment takes any record, however large.
    func needsNewSegment(for length: Int) -> Bool {
        !segmentIsEmpty && !fits(length)
    }

    /// Appends the fragments of `record` to `output`, followed by zero padding
    /// when the page they end in has no room for another fragment header.
    ///
    /// - Parameter flags: compression bits for the type byte (0: none).
    mutating func append(_ record: UnsafeRawBufferPointer, flags: UInt8 = 0, to output: inout [UInt8]) {
        var start = 0
        var first = true
        // One pass at least, so that an empty record is written as a full fragment.
        while first || start < record.count {
            let room = WALFormat.pageSize - pageOffset - WALFormat.fragmentHeaderSize
            let length = min(record.count - start, room)
            let end = start + length
            let type: WALFragmentType =
                switch (first, end == record.count) {
                case (true, true): .full
                case (true, false): .first
                case (false, true): .last
                case (false, false): .middle
                }
            let part = UnsafeRawBufferPointer(rebasing: record[start..<end])
            let crc = WALChecksum.crc32c(part)
            output.append(type.rawValue | flags)
            output.append(UInt8(truncatingIfNeeded: length >> 8))
            output.append(UInt8(truncatingIfNeeded: length))
            output.append(UInt8(truncatingIfNeeded: crc >> 24))
            output.append(UInt8(truncatingIfNeeded: crc >> 16))
            output.append(UInt8(truncatingIfNeeded: crc >> 8))
            output.append(UInt8(truncatingIfNeeded: crc))
            output.append(contentsOf: part)
            pageOffset += WALFormat.fragmentHeaderSize + length
            if WALFormat.pageSize - pageOffset < WALFormat.fragmentHeaderSize {
                finishPage(to: &output)
            }
            start = end
            first = false
        }
    }

    /// Pads the current page with zeros to its end, if anything is in it.
    mutating func finishPage(to output: inout [UInt8]) {
        guard pageOffset > 0 else { return }
        output.append(contentsOf: [UInt8](repeating: 0, count: WALFormat.pageSize - pageOffset))
        pageOffset = 0
        donePages += 1
        completedPages += 1
    }

    /// Starts counting a new, empty segment.
    mutating func startSegment() {
        pageOffset = 0
        donePages = 0
    }
}
