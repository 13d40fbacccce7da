import ArgusCore
import Storage
import Synchronization

/// One series in the head: its identity and its chunks.
///
/// `state` is guarded by the series' own lock, so appends to different
/// series never contend. Samples become visible to queriers only when the
/// head publishes the batch that wrote them (``SeriesState/visibleSamples``).
final class MemSeries: Sendable {
    let ref: UInt64
    let labels: Labels
    let state: Mutex<SeriesState>

    init(ref: UInt64, labels: Labels) {
        self.ref = ref
        self.labels = labels
        self.state = Mutex(SeriesState())
    }
}

/// A full chunk, no longer appended to: on disk when the head has a
/// ``HeadChunkStore``, else (or when writing it failed) in memory.
struct SealedChunk: Sendable {
    enum Place: Sendable {
        case memory(XORChunk)
        case disk(HeadChunkLocation)
    }

    // In this order the count fills the padding after `place`: 32 bytes a chunk.
    var place: Place
    private var sampleCount: UInt16
    var minTime: Int64
    var maxTime: Int64

    init(place: Place, minTime: Int64, maxTime: Int64, numSamples: Int) {
        self.place = place
        self.sampleCount = UInt16(clamping: numSamples)
        self.minTime = minTime
        self.maxTime = maxTime
    }

    var numSamples: Int { Int(sampleCount) }

    /// The chunk's bytes; nil if its file was damaged since it was written.
    var chunk: XORChunk? {
        switch place {
        case .memory(let chunk): chunk
        case .disk(let location): location.file.chunk(at: Int(location.offset))
        }
    }

    /// Decodes the chunk's first `limit` samples in `mint...maxt` into
    /// `output` (see ``XORChunk/decode(limit:mint:maxt:into:)``), reading a
    /// chunk on disk in place; returns how many it wrote.
    func decode(limit: Int, mint: Int64, maxt: Int64, into output: UnsafeMutablePointer<Sample>) -> Int {
        switch place {
        case .memory(let chunk):
            return chunk.decode(limit: limit, mint: mint, maxt: maxt, into: output)
        case .disk(let location):
            return location.file.withChunkBytes(at: Int(location.offset)) { bytes in
                XORChunk.decode(bytes, limit: limit, mint: mint, maxt: maxt, into: output)
            } ?? 0
        }
    }

    /// The sequence number of the file the chunk lies in.
    var fileSequence: Int? {
        if case .disk(let location) = place { location.file.sequence } else { nil }
    }
}

/// The mutable part of a ``MemSeries``.
struct SeriesState: Sendable {
    /// Full chunks, oldest first.
    var sealed: [SealedChunk] = []
    /// The chunk being appended to.
    var open = XORAppender()
    // 32-bit counts (a head series holds far fewer than 2^31 samples) and the
    // open chunk's start read from its header keep a series in 168 bytes.
    private var written: Int32 = 0
    private var visible: Int32 = 0
    /// Whether the head dropped this series: references still holding it
    /// must look the series up again by its labels. (Here it takes padding.)
    var removed = false
    /// The newest sample appended (committed or being committed).
    var lastTimestamp: Int64 = .min
    var lastValueBits: UInt64 = 0
    /// The first sample of the open chunk; `.max` while it is empty.
    var openMinTime: Int64 { open.firstTimestamp ?? .max }
    /// Samples written to chunks so far.
    var writtenSamples: Int {
        get { Int(written) }
        set { written = Int32(truncatingIfNeeded: newValue) }
    }
    /// Samples in the full chunks.
    var sealedSamples: Int { writtenSamples - open.numSamples }
    /// Samples queriers may see: those of published batches.
    var visibleSamples: Int {
        get { Int(visible) }
        set { visible = Int32(truncatingIfNeeded: newValue) }
    }
    /// Written but unpublished runs of samples.
    var unpublished = UnpublishedRuns()
    /// The appender that last added a sample for this series, and that
    /// sample: later samples of the same batch must follow it.
    var pendingAppender: UInt64 = 0
    var pendingTimestamp: Int64 = .min
    var pendingValueBits: UInt64 = 0

    /// Records that `batch` wrote `count` more samples; returns whether it
    /// is the batch's first write to this series.
    @discardableResult
    mutating func wrote(_ count: Int, batch: UInt64) -> Bool {
        unpublished.wrote(count, batch: batch)
    }

    /// Checks a sample that `appender` adds to its batch: it must follow the
    /// batch's previous sample for this series, or else the newest written
    /// one. Returns false for a harmless duplicate, which is not added.
    mutating func checkPending(_ timestamp: Int64, _ value: Double, appender: UInt64, labels: Labels)
        throws(StorageError) -> Bool
    {
        if pendingAppender == appender {
            if timestamp < pendingTimestamp {
                throw StorageError(.outOfOrderSample, "out of order sample for series \(labels)")
            }
            if timestamp == pendingTimestamp {
                if value.bitPattern != pendingValueBits {
                    throw StorageError(
                        .duplicateSampleForTimestamp,
                        "duplicate sample for timestamp \(timestamp) for series \(labels)")
                }
                return false
            }
        } else if try !check(timestamp, value, labels: labels) {
            return false
        }
        pendingAppender = appender
        pendingTimestamp = timestamp
        pendingValueBits = value.bitPattern
        return true
    }

    /// Marks `batch` published and advances the visible prefix.
    mutating func publish(_ batch: UInt64) {
        visibleSamples += unpublished.publish(batch)
    }

    /// Checks that a sample may follow the newest one: later in time, or the
    /// same timestamp with the identical value (a harmless duplicate).
    func check(_ timestamp: Int64, _ value: Double, labels: Labels) throws(StorageError) -> Bool {
        if writtenSamples == 0 || timestamp > lastTimestamp { return true }
        if timestamp < lastTimestamp {
            throw StorageError(.outOfOrderSample, "out of order sample for series \(labels)")
        }
        if value.bitPattern != lastValueBits {
            throw StorageError(
                .duplicateSampleForTimestamp, "duplicate sample for timestamp \(timestamp) for series \(labels)")
        }
        return false
    }

    /// Writes a checked sample, cutting a new chunk where `cutting` says;
    /// a full chunk goes to `store` when there is one. Returns whether the
    /// sample started a new chunk.
    @discardableResult
    mutating func write(
        _ timestamp: Int64, _ value: Double, cutting: ChunkCutPolicy, store: HeadChunkStore? = nil,
        seriesRef: UInt64 = 0
    ) -> Bool {
        if cutting.cuts(count: open.numSamples, first: openMinTime, last: lastTimestamp, next: timestamp) {
            let chunk = open.chunk
            let minTime = openMinTime
            var place = SealedChunk.Place.memory(chunk)
            if let store,
                let location = try? store.write(seriesRef: seriesRef, mint: minTime, maxt: lastTimestamp, chunk: chunk)
            {
                place = .disk(location)
            } else {
                place = .memory(chunk.compacted())
            }
            sealed.append(
                SealedChunk(place: place, minTime: minTime, maxTime: lastTimestamp, numSamples: open.numSamples))
            open = XORAppender()
        }
        let starts = open.numSamples == 0
        // The timestamp is checked to increase, so the appender cannot fail.
        try? open.append(timestamp: timestamp, value: value)
        lastTimestamp = timestamp
        lastValueBits = value.bitPattern
        writtenSamples += 1
        return starts
    }

    /// What a querier needs to read the visible samples, without holding the lock.
    func snapshot() -> SeriesSnapshot {
        SeriesSnapshot(sealed: sealed, sealedSamples: sealedSamples, open: open.chunk, visibleSamples: visibleSamples)
    }
}

/// A consistent view of one series' visible samples.
struct SeriesSnapshot: Sendable {
    var sealed: [SealedChunk]
    var sealedSamples: Int
    var open: XORChunk
    var visibleSamples: Int

    /// The visible samples with timestamps in `mint...maxt`.
    func samples(mint: Int64, maxt: Int64) -> [Sample] {
        [Sample](unsafeUninitializedCapacity: visibleSamples) { buffer, written in
            guard let output = buffer.baseAddress else { return }
            var remaining = visibleSamples
            for sealedChunk in sealed where remaining > 0 {
                let count = sealedChunk.numSamples
                defer { remaining -= count }
                guard sealedChunk.maxTime >= mint, sealedChunk.minTime <= maxt else { continue }
                written += sealedChunk.decode(
                    limit: Swift.min(count, remaining), mint: mint, maxt: maxt, into: output + written)
            }
            if remaining > 0 {
                written += open.decode(limit: remaining, mint: mint, maxt: maxt, into: output + written)
            }
        }
    }

}
