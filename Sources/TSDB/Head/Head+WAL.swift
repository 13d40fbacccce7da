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
    /// Samples restored.
    public var samples = 0
    /// Samples for series the log never declared, skipped.
    public var unknownSeriesSamples = 0
    /// Samples older than their series' newest, skipped.
    public var outOfOrderSamples = 0
    /// Records of kinds the head does not keep (exemplars, histograms, …), skipped.
    public var skippedRecords = 0
    /// The damage found at the end of the log, which was cut off, if any.
    public var corruption: String?
}

extension Head {
    /// Opens a durable head in `directory`: replays the write-ahead log there
    /// (latest checkpoint, then segments), truncating a torn or corrupted tail
    /// to the last good record and keeping everything before it, then logs
    /// every new batch before applying it.
    ///
    /// `progress` is called before each segment with its position and the
    /// segment count, so a caller can report replay progress.
    public static func open(
        directory: String,
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
        let head: Head
        do throws(WALError) {
            let wal = try WAL(directory: directory, options: walOptions)
            head = Head(options: options, log: wal)
            let reader = try WALReader.replaying(directory: directory)
            var aliases = SeriesTable()
            var lastSegment = -1
            do throws(WALError) {
                while let record = try reader.nextRecord() {
                    if reader.segmentPosition != lastSegment {
                        lastSegment = reader.segmentPosition
                        progress(lastSegment + 1, reader.segmentCount)
                    }
                    head.replay(record, aliases: &aliases, into: &replay)
                }
            } catch {
                guard error.corruption != nil else { throw error }
                replay.corruption = error.message
                try wal.repair(from: error)
            }
            replay.skippedRecords += reader.skippedRecords.values.reduce(0, +)
        } catch {
            throw StorageError(.io, error.message)
        }
        head.publishReplay()
        return (head, replay)
    }

    /// Applies one replayed record without logging it again.
    func replay(_ record: WALRecord, aliases: inout SeriesTable, into stats: inout HeadReplay) {
        switch record {
        case .series(let list):
            for entry in list {
                aliases[entry.ref] = createReplayed(ref: entry.ref, labels: entry.labels)
                stats.series += 1
            }
        case .samples(let list):
            for sample in list {
                guard let series = aliases[sample.ref] else {
                    stats.unknownSeriesSamples += 1
                    continue
                }
                let written = series.state.withLock { state -> Bool in
                    guard (try? state.check(sample.t, sample.v, labels: series.labels)) == true else { return false }
                    if state.write(sample.t, sample.v, samplesPerChunk: options.samplesPerChunk) {
                        counters.chunksCreated.add(1, ordering: .relaxed)
                    }
                    return true
                }
                if written { stats.samples += 1 } else { stats.outOfOrderSamples += 1 }
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

    /// Makes every replayed sample visible.
    func publishReplay() {
        for ref in select([]) {
            series(ref)?.state.withLock { $0.visibleSamples = $0.writtenSamples }
        }
    }
}
