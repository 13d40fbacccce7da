import Foundation

/// Reads and decodes a ``WALReader``'s records on a thread of its own, a few
/// batches ahead of the caller, so that replay checks and decodes the next
/// records while it applies the current ones (on two cores, reading and
/// applying overlap instead of taking turns).
///
/// The caller takes batches in log order with ``next()`` until it returns
/// nil, then reads ``failure``. The reader is used only by the prefetching
/// thread until the last batch has been handed over; after that it is the
/// caller's again (for ``WALReader/skippedRecords``).
final class WALPrefetcher: @unchecked Sendable {
    /// A record and the index of the segment it was read from.
    typealias Entry = (segment: Int, record: WALRecord)

    private let reader: WALReader
    private let batchSize: Int
    private let depth: Int
    // Guards everything below it.
    private let condition = NSCondition()
    private var ready: [[Entry]] = []
    private var done = false
    private var error: WALError?

    /// Starts reading `reader` at once; at most `depth` batches of
    /// `batchSize` records wait for the caller.
    init(_ reader: WALReader, batchSize: Int = 16, depth: Int = 4) {
        self.reader = reader
        self.batchSize = max(1, batchSize)
        self.depth = max(1, depth)
        let thread = Thread { [self] in self.produce() }
        thread.name = "wal-replay-reader"
        thread.start()
    }

    /// The next batch of records in log order, or nil once every record has
    /// been handed over (then ``failure`` tells why reading stopped).
    func next() -> [Entry]? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !done { condition.wait() }
        guard !ready.isEmpty else { return nil }
        let batch = ready.removeFirst()
        condition.signal()
        return batch
    }

    /// The error that ended reading early, if any; meaningful once
    /// ``next()`` has returned nil.
    var failure: WALError? {
        condition.lock()
        defer { condition.unlock() }
        return error
    }

    private func produce() {
        var batch: [Entry] = []
        batch.reserveCapacity(batchSize)
        var failure: WALError?
        do throws(WALError) {
            while let record = try reader.nextRecord() {
                batch.append((reader.segmentPosition, record))
                if batch.count == batchSize {
                    hand(batch)
                    batch.removeAll(keepingCapacity: true)
                }
            }
        } catch {
            failure = error
        }
        if !batch.isEmpty { hand(batch) }
        condition.lock()
        error = failure
        done = true
        condition.signal()
        condition.unlock()
    }

    private func hand(_ batch: [Entry]) {
        condition.lock()
        while ready.count >= depth { condition.wait() }
        ready.append(batch)
        condition.signal()
        condition.unlock()
    }
}
