import Foundation

/// WAL checkpoints: the records of old segments that still matter, folded
/// into a directory `checkpoint.NNNNNNNN` inside the WAL directory, in the
/// same segmented format, so that the segments it covers can be deleted.
/// `NNNNNNNN` is the last segment the checkpoint covers (upstream's naming).
///
/// Replay (``WALReader/replaying(directory:decompressor:)``) reads the latest
/// checkpoint and then the segments after it.
public enum Checkpoint {
    /// What a checkpoint kept and dropped.
    public struct Stats: Hashable, Sendable {
        /// Series records read, and those dropped because `keepSeries` said no.
        public var totalSeries = 0
        public var droppedSeries = 0
        /// Samples read, and those dropped for being older than `mint`.
        public var totalSamples = 0
        public var droppedSamples = 0
        /// Tombstones read, and those dropped with their series or for lying
        /// entirely before `mint`.
        public var totalTombstones = 0
        public var droppedTombstones = 0
        /// Records of types this module does not decode, dropped as upstream
        /// drops types it does not know.
        public var droppedOtherRecords = 0

        public init() {}
    }

    /// The prefix of checkpoint directory names.
    public static let prefix = "checkpoint."
    private static let temporarySuffix = ".tmp"

    /// `checkpoint.0000000N`.
    public static func directoryName(_ index: Int) -> String {
        prefix + WALSegmentRef.name(index)
    }

    /// The latest checkpoint in the WAL directory `directory`: its path and
    /// the last segment it covers; nil when there is none.
    public static func last(in directory: String) throws(WALError) -> (path: String, index: Int)? {
        try list(in: directory).last.map { (directory + "/" + directoryName($0), $0) }
    }

    /// The indexes of the checkpoints in `directory`, ascending. Temporary
    /// checkpoints (`….tmp`) are ignored.
    static func list(in directory: String) throws(WALError) -> [Int] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw WALError(.io, "cannot list WAL directory \(directory): \(error)", path: directory)
        }
        return names.compactMap { name -> Int? in
            guard name.hasPrefix(prefix) else { return nil }
            let digits = name.dropFirst(prefix.count)
            guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
            return Int(digits)
        }.sorted()
    }

    /// Writes a checkpoint of the WAL up to segment `segment` and deletes what
    /// it replaces.
    ///
    /// The previous checkpoint (if any) and the WAL segments after it up to
    /// `segment` are read; kept are series records whose ref `keepSeries`
    /// accepts, samples at or after `mint`, and tombstones of kept series with
    /// an interval ending at or after `mint`. They are written (uncompressed)
    /// to `checkpoint.<segment>`, built under a temporary name, synced and
    /// renamed. Then the WAL segments up to `segment` and older checkpoints
    /// are deleted — what upstream's head does right after `Checkpoint`.
    ///
    /// `keepSeries` must give the same answer for a ref throughout the call.
    ///
    /// - Parameters:
    ///   - segment: The last segment to fold in; it must be below the segment
    ///     being written (call ``WAL/nextSegment()`` first to fold everything).
    ///   - decompressor: For compressed records of a Prometheus WAL.
    /// - Throws: ``WALError/Code/invalidArgument`` when `segment` is being
    ///   written or already checkpointed; the reader's errors when a segment
    ///   is damaged (repair is then no option: the head could not tell which
    ///   series were lost).
    @discardableResult
    public static func create(
        wal: WAL,
        upTo segment: Int,
        keepSeries: (UInt64) -> Bool,
        mint: Int64,
        decompressor: WALReader.Decompressor? = nil
    ) throws(WALError) -> Stats {
        let directory = wal.directory
        guard segment < wal.currentSegment else {
            throw WALError(
                .invalidArgument,
                "cannot checkpoint WAL \(directory) up to segment \(segment): segment \(wal.currentSegment)"
                    + " is being written",
                path: directory
            )
        }
        var sources: [WALSegmentRef] = []
        var from = Int.min
        if let previous = try last(in: directory) {
            guard previous.index < segment else {
                throw WALError(
                    .invalidArgument,
                    "cannot checkpoint WAL \(directory) up to segment \(segment): \(previous.path) already covers it",
                    path: directory
                )
            }
            sources = try WALSegmentRef.list(directory: previous.path)
            from = previous.index + 1
        }
        sources += try WALSegmentRef.list(directory: directory).filter { $0.index >= from && $0.index <= segment }

        // Leftovers of an interrupted checkpoint.
        for index in try temporaryNames(in: directory) {
            try WAL.remove(directory + "/" + index)
        }
        let finalPath = directory + "/" + directoryName(segment)
        let temporaryPath = finalPath + temporarySuffix
        let stats: Stats
        do throws(WALError) {
            let output = try WAL(
                directory: temporaryPath,
                options: WAL.Options(segmentSize: wal.options.segmentSize, syncPolicy: .never)
            )
            do throws(WALError) {
                stats = try fold(
                    WALReader(segments: sources, decompressor: decompressor), into: output,
                    keepSeries: keepSeries, mint: mint)
            } catch {
                try? output.close()
                throw error
            }
            try output.close()
            try WALFile.syncDirectory(temporaryPath)
            if FileManager.default.fileExists(atPath: finalPath) { try WAL.remove(finalPath) }
            do {
                try FileManager.default.moveItem(atPath: temporaryPath, toPath: finalPath)
            } catch {
                throw WALError(.io, "cannot rename \(temporaryPath) to \(finalPath): \(error)", path: finalPath)
            }
            try WALFile.syncDirectory(directory)
        } catch {
            try? FileManager.default.removeItem(atPath: temporaryPath)
            throw error
        }

        try wal.truncate(before: segment + 1)
        for index in try list(in: directory) where index < segment {
            try WAL.remove(directory + "/" + directoryName(index))
        }
        try WALFile.syncDirectory(directory)
        return stats
    }

    private static func fold(
        _ reader: WALReader,
        into output: WAL,
        keepSeries: (UInt64) -> Bool,
        mint: Int64
    ) throws(WALError) -> Stats {
        var stats = Stats()
        var batch: [[UInt8]] = []
        var batchBytes = 0
        while let bytes = try reader.next() {
            let record: WALRecord?
            do {
                record = try WALRecord.decode(bytes)
            } catch {
                let segment = reader.currentSegment?.path ?? "?"
                throw WALError(
                    .invalidRecord,
                    "cannot checkpoint: record at offset \(reader.recordOffset) of \(segment): \(error)",
                    path: segment)
            }
            let kept: WALRecord?
            switch record {
            case .series(let series):
                let keep = series.filter { keepSeries($0.ref) }
                stats.totalSeries += series.count
                stats.droppedSeries += series.count - keep.count
                kept = keep.isEmpty ? nil : .series(keep)
            case .samples(let samples):
                let keep = samples.filter { $0.t >= mint }
                stats.totalSamples += samples.count
                stats.droppedSamples += samples.count - keep.count
                kept = keep.isEmpty ? nil : .samples(keep)
            case .tombstones(let stones):
                let keep = stones.filter { stone in
                    keepSeries(stone.ref) && stone.intervals.contains { $0.maxt >= mint }
                }
                stats.totalTombstones += stones.count
                stats.droppedTombstones += stones.count - keep.count
                kept = keep.isEmpty ? nil : .tombstones(keep)
            case nil:
                if !bytes.isEmpty { stats.droppedOtherRecords += 1 }
                kept = nil
            }
            guard let kept else { continue }
            let encoded = kept.encoded()
            batch.append(encoded)
            batchBytes += encoded.count
            // Write in batches of about 1 MiB, as upstream does.
            if batchBytes > 1 << 20 {
                try output.log(batch)
                batch.removeAll(keepingCapacity: true)
                batchBytes = 0
            }
        }
        if !batch.isEmpty { try output.log(batch) }
        return stats
    }

    private static func temporaryNames(in directory: String) throws(WALError) -> [String] {
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory).filter {
                $0.hasPrefix(prefix) && $0.hasSuffix(temporarySuffix)
            }
        } catch {
            throw WALError(.io, "cannot list WAL directory \(directory): \(error)", path: directory)
        }
    }
}
