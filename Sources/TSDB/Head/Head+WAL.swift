import ArgusCore
import Foundation
import Storage
import Synchronization

extension WAL: HeadLog {
    /// Logs a batch as Prometheus does: a series record for the new series,
    /// then a samples record, in one write.
    public func log(
        series: [(ref: UInt64, labels: Labels)],
        samples: [(ref: UInt64, timestamp: Int64, value: Double)]
    ) throws(StorageError) {
        var records: [WALRecord] = []
        if !series.isEmpty { records.append(.series(series.map { RefSeries(ref: $0.ref, labels: $0.labels) })) }
        if !samples.isEmpty {
            records.append(.samples(samples.map { RefSample(ref: $0.ref, t: $0.timestamp, v: $0.value) }))
        }
        guard !records.isEmpty else { return }
        do {
            try log(records)
        } catch {
            throw StorageError(.io, "writing the WAL: \(error.message)")
        }
    }

    public func log(tombstones: [RefTombstone]) throws(StorageError) {
        guard !tombstones.isEmpty else { return }
        do {
            try log([.tombstones(tombstones)])
        } catch {
            throw StorageError(.io, "writing the WAL: \(error.message)")
        }
    }
}

/// What opening a head from its write-ahead log found.
public struct HeadReplay: Sendable {
    /// Series records applied.
    public var series = 0
    /// Samples restored, from the log and from chunk files.
    public var samples = 0
    /// Full chunks restored from the head chunk files, and their samples.
    public var chunkFileChunks = 0
    public var chunkFileSamples = 0
    /// Samples for series the log never declared, skipped.
    public var unknownSeriesSamples = 0
    /// Samples older than their series' newest, skipped.
    public var outOfOrderSamples = 0
    /// Records of kinds the head does not keep (exemplars, histograms, …)
    /// and head chunk file chunks of other encodings, skipped.
    public var skippedRecords = 0
    /// The damage found at the end of the log, which was cut off, if any.
    public var corruption: String?
    /// The damage found in the head chunk files, which were cut there, if any.
    public var chunkFileCorruption: String?
}

extension Head {
    /// Opens a durable head in `directory`: replays the write-ahead log there
    /// (latest checkpoint, then segments), truncating a torn or corrupted tail
    /// to the last good record and keeping everything before it, then logs
    /// every new batch before applying it.
    ///
    /// With a `chunksDirectory`, full chunks are written there and read back
    /// through memory maps (see ``HeadChunkStore``); on opening, the chunks
    /// found there are restored without replaying their samples, except
    /// those ending before `minValidTime` (already in blocks).
    ///
    /// `progress` is called before each segment with its position and the
    /// segment count, so a caller can report replay progress. The log is
    /// read and decoded on a second thread while records are applied.
    public static func open(
        directory: String,
        chunksDirectory: String? = nil,
        minValidTime: Int64 = .min,
        options: Options = Options(),
        walOptions: WAL.Options = WAL.Options(),
        progress: (_ segment: Int, _ of: Int) -> Void = { _, _ in }
    ) throws(StorageError) -> (head: Head, replay: HeadReplay) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StorageError(.io, "creating \(directory): \(error.localizedDescription)")
        }
        var replay = HeadReplay()
        var stored = StoredChunks()
        var store: HeadChunkStore?
        if let chunksDirectory {
            let opened = try HeadChunkStore.open(directory: chunksDirectory, maxFileSize: options.chunkFileSize)
            store = opened.store
            replay.chunkFileCorruption = opened.corruption
            replay.skippedRecords += opened.skippedChunks
            stored = StoredChunks(opened.chunks.filter { $0.maxTime >= minValidTime })
        }
        let head: Head
        do throws(WALError) {
            let wal = try WAL(directory: directory, options: walOptions)
            head = Head(options: options, log: wal, chunkStore: store)
            // References in chunk files stay taken even if the log no longer names them.
            if let highest = stored.highestRef {
                head.index.withLock { $0.nextRef = Swift.max($0.nextRef, highest + 1) }
            }
            let reader = try WALReader.replaying(directory: directory)
            var aliases = SeriesTable()
            // Per logged reference, the end of its restored chunks: later
            // samples up to there are skipped without touching the series.
            var restoredUntil = RefTable<Int64>()
            var lastSegment = -1
            // Reading, checking and decoding run a few batches ahead of applying.
            let segmentCount = reader.segmentCount
            let prefetcher = WALPrefetcher(reader)
            while let batch = prefetcher.next() {
                for (segment, record) in batch {
                    if segment != lastSegment {
                        lastSegment = segment
                        progress(segment + 1, segmentCount)
                    }
                    head.replay(
                        record, aliases: &aliases, stored: stored, restoredUntil: &restoredUntil, into: &replay)
                }
            }
            if let error = prefetcher.failure {
                guard error.corruption != nil else { throw error }
                replay.corruption = error.message
                try wal.repair(from: error)
            }
            replay.skippedRecords += reader.skippedRecords.values.reduce(0, +)
        } catch {
            throw StorageError(.io, error.message)
        }
        head.publishReplay()
        // Older samples left in the log belong to blocks.
        if minValidTime != .min { head.counters.noteTruncation(before: minValidTime) }
        return (head, replay)
    }

    /// Applies one replayed record without logging it again.
    func replay(
        _ record: WALRecord, aliases: inout SeriesTable, stored: StoredChunks, restoredUntil: inout RefTable<Int64>,
        into stats: inout HeadReplay
    ) {
        switch record {
        case .series(let list):
            for entry in list {
                let series = createReplayed(ref: entry.ref, labels: entry.labels)
                aliases[entry.ref] = series
                stats.series += 1
                if series.ref == entry.ref,
                    let until = restore(stored.chunks(of: entry.ref), into: series, stats: &stats)
                {
                    restoredUntil[entry.ref] = until
                }
            }
        case .samples(let list):
            let cutting = cutPolicy
            let store = chunkStore
            for sample in list {
                if let until = restoredUntil[sample.ref], sample.t <= until { continue }
                guard let series = aliases[sample.ref] else {
                    stats.unknownSeriesSamples += 1
                    continue
                }
                let written = series.state.withLock { state -> Bool? in
                    // Samples up to the end of the restored chunks are in them already.
                    if state.open.numSamples == 0, !state.sealed.isEmpty, sample.t <= state.lastTimestamp { return nil }
                    // Only a later sample is applied: a duplicate or an older one was rejected when appended.
                    guard state.writtenSamples == 0 || sample.t > state.lastTimestamp else { return false }
                    if state.write(
                        sample.t, sample.v, cutting: cutting, store: store, seriesRef: series.ref)
                    {
                        counters.chunksCreated.add(1, ordering: .relaxed)
                    }
                    return true
                }
                switch written {
                case true?: stats.samples += 1
                case false?: stats.outOfOrderSamples += 1
                case nil: break
                }
            }
        case .tombstones(let stones):
            tombstones.withLock { deleted in
                for stone in stones {
                    guard let series = aliases[stone.ref] else { continue }
                    for interval in stone.intervals {
                        deleted.add(series.ref, TombstoneInterval(mint: interval.mint, maxt: interval.maxt))
                    }
                }
            }
        }
    }

    /// Gives a freshly replayed series the full chunks found on disk for it;
    /// returns the time they end at, nil if none were restored.
    private func restore(_ chunks: ArraySlice<StoredHeadChunk>, into series: MemSeries, stats: inout HeadReplay)
        -> Int64?
    {
        guard !chunks.isEmpty else { return nil }
        let restored = series.state.withLock { state -> Int in
            guard state.writtenSamples == 0, state.sealed.isEmpty else { return 0 }
            var samples = 0
            var lastTime = Int64.min
            for chunk in chunks where chunk.minTime > lastTime {
                state.sealed.append(
                    SealedChunk(
                        place: .disk(chunk.location), minTime: chunk.minTime, maxTime: chunk.maxTime,
                        numSamples: chunk.numSamples))
                samples += chunk.numSamples
                lastTime = chunk.maxTime
            }
            state.writtenSamples = samples
            state.lastTimestamp = lastTime
            return state.sealed.count
        }
        guard restored > 0 else { return nil }
        let (samples, until) = series.state.withLock { ($0.sealedSamples, $0.lastTimestamp) }
        stats.chunkFileChunks += restored
        stats.chunkFileSamples += samples
        stats.samples += samples
        counters.chunksCreated.add(restored, ordering: .relaxed)
        return until
    }

    /// Makes every replayed sample visible. A series whose newest sample is
    /// in a restored chunk learns that sample's value, which a duplicate
    /// appended later must match.
    func publishReplay() {
        var mint = Int64.max
        var maxt = Int64.min
        for ref in select([]) {
            series(ref)?.state.withLock { state in
                state.visibleSamples = state.writtenSamples
                if state.writtenSamples > 0 {
                    mint = Swift.min(mint, state.sealed.first?.minTime ?? state.openMinTime)
                    maxt = Swift.max(maxt, state.lastTimestamp)
                }
                guard state.open.numSamples == 0, let last = state.sealed.last?.chunk else { return }
                var iterator = last.makeIterator()
                while let sample = iterator.next() { state.lastValueBits = sample.value.bitPattern }
            }
        }
        if mint <= maxt { counters.noteSamples(mint: mint, maxt: maxt) }
    }
}

/// The chunks found in the head chunk files, by series reference.
struct StoredChunks {
    /// Sorted by series reference, then time.
    private let chunks: [StoredHeadChunk]

    init(_ chunks: [StoredHeadChunk] = []) {
        self.chunks = chunks.sorted { ($0.seriesRef, $0.minTime) < ($1.seriesRef, $1.minTime) }
    }

    var highestRef: UInt64? { chunks.last?.seriesRef }

    /// The chunks of series `ref`, oldest first.
    func chunks(of ref: UInt64) -> ArraySlice<StoredHeadChunk> {
        var low = 0
        var high = chunks.count
        while low < high {
            let middle = (low + high) / 2
            if chunks[middle].seriesRef < ref { low = middle + 1 } else { high = middle }
        }
        var end = low
        while end < chunks.count, chunks[end].seriesRef == ref { end += 1 }
        return chunks[low..<end]
    }
}
