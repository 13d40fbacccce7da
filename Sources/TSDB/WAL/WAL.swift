import Foundation
import Synchronization

/// The write-ahead log: a directory of numbered segment files in Prometheus'
/// own on-disk format (`tsdb/wlog`), so Argus and Prometheus can replay each
/// other's WAL.
///
/// Records are opaque byte arrays (encode them with ``WALRecord``). They are
/// split into fragments on 32 KiB pages; a record never crosses a segment,
/// and a segment is closed and the next one started when the next record
/// does not fit in ``Options/segmentSize``. See `WALFragment.swift` for the
/// layout.
///
/// Opening a WAL never writes to existing segments: writing starts in a new
/// segment after the last one, as upstream does. Read the existing segments
/// with ``WALReader`` (and ``repair(from:)`` what it reports) before relying
/// on the log.
///
/// ## Concurrency
/// `WAL` is `Sendable`: one lock serializes every call, so there is one
/// writer at a time and a batch passed to ``log(_:)`` is never interleaved
/// with another. The lock is held while bytes are written (and, under
/// ``WALSyncPolicy/always``, synced), so appenders should batch their
/// records rather than log them one by one. Readers open their own file
/// descriptors and may run concurrently with the writer on segments the
/// writer has left.
///
/// ## Failures
/// If writing fails midway, part of the batch may be on disk; the WAL then
/// refuses further writes with the original error. Reopen it, replay, and
/// repair the torn tail the reader reports.
public final class WAL: Sendable {
    /// How segments are sized and synced.
    public struct Options: Sendable {
        /// The size at which the writer moves on to a new segment. Must be a
        /// positive multiple of ``WALFormat/pageSize``. Default 128 MiB.
        public var segmentSize: Int
        /// When written records are synced to stable storage. Default
        /// ``WALSyncPolicy/never``, as upstream (segments are synced on
        /// rotation and close).
        public var syncPolicy: WALSyncPolicy

        public init(segmentSize: Int = WALFormat.defaultSegmentSize, syncPolicy: WALSyncPolicy = .never) {
            self.segmentSize = segmentSize
            self.syncPolicy = syncPolicy
        }
    }

    /// The WAL directory.
    public let directory: String
    public let options: Options

    /// The writer's state; every field is guarded by the mutex.
    struct State {
        /// The segment being written; nil once closed.
        var file: WALFile?
        /// Its number.
        var segment: Int
        var layout: WALPageLayout
        var schedule: WALSyncSchedule
        /// The first write error; once set, the WAL refuses to write.
        var failure: WALError?
        /// fsyncs of segments so far, and the time they took.
        var fsyncs = 0
        var fsyncTime = Duration.zero
        /// Damaged tails cut off by ``repair(from:)-(WALCorruption)``.
        var corruptions = 0
        /// Writes of page data, counted per page written to as upstream
        /// flushes page by page; failed ``log(_:)`` calls; truncations
        /// attempted and failed.
        var pageFlushes = 0
        var writesFailed = 0
        var truncations = 0
        var truncationsFailed = 0

        /// Writes `bytes`, which start at byte `offset` of the segment, and
        /// counts the pages they touch.
        mutating func write(_ bytes: [UInt8], at offset: Int) throws(WALError) {
            guard !bytes.isEmpty else { return }
            pageFlushes += (offset + bytes.count - 1) / WALFormat.pageSize - offset / WALFormat.pageSize + 1
            try file!.write(bytes)
        }

        /// Syncs `file` and counts the fsync and its duration.
        mutating func sync(_ file: WALFile) throws(WALError) {
            let start = ContinuousClock.now
            defer {
                fsyncs += 1
                fsyncTime += ContinuousClock.now - start
            }
            try file.sync()
        }
    }

    /// What the WAL reports about itself (`prometheus_tsdb_wal_*`).
    public struct Metrics: Hashable, Sendable {
        /// The number of the segment being written.
        public var segment: Int
        public var fsyncs: Int
        /// The total time spent in fsync, in seconds.
        public var fsyncSeconds: Double
        /// Damaged tails found and cut off.
        public var corruptions: Int
        /// Pages written to, counted once per write as upstream's page flushes.
        public var pageFlushes: Int = 0
        /// Pages filled or padded.
        public var completedPages: Int = 0
        /// ``log(_:)-([[UInt8]])`` and segment switches that failed.
        public var writesFailed: Int = 0
        /// ``truncate(before:)`` calls, and those that failed.
        public var truncations: Int = 0
        public var truncationsFailed: Int = 0
    }

    /// The WAL's counters now.
    public var metrics: Metrics {
        state.withLock { state in
            let (seconds, attoseconds) = state.fsyncTime.components
            return Metrics(
                segment: state.segment, fsyncs: state.fsyncs,
                fsyncSeconds: Double(seconds) + Double(attoseconds) / 1e18, corruptions: state.corruptions,
                pageFlushes: state.pageFlushes, completedPages: state.layout.completedPages,
                writesFailed: state.writesFailed, truncations: state.truncations,
                truncationsFailed: state.truncationsFailed)
        }
    }

    let state: Mutex<State>

    /// Opens the WAL in `directory` (created if missing) and starts a new
    /// segment after the last existing one.
    ///
    /// - Throws: ``WALError/Code/invalidArgument`` for a bad segment size,
    ///   ``WALError/Code/segmentsNotSequential`` when segment numbers have a
    ///   gap, ``WALError/Code/io`` when files cannot be created.
    public init(directory: String, options: Options = Options()) throws(WALError) {
        guard options.segmentSize > 0, options.segmentSize % WALFormat.pageSize == 0 else {
            throw WALError(
                .invalidArgument,
                "invalid WAL segment size \(options.segmentSize): must be a positive multiple of"
                    + " \(WALFormat.pageSize) bytes",
                path: directory
            )
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw WALError(.io, "cannot create WAL directory \(directory): \(error)", path: directory)
        }
        let next = (try WALSegmentRef.list(directory: directory).last?.index).map { $0 + 1 } ?? 0
        let file = try Self.createSegment(directory: directory, index: next)
        self.directory = directory
        self.options = options
        self.state = Mutex(
            State(
                file: file,
                segment: next,
                layout: WALPageLayout(segmentSize: options.segmentSize),
                schedule: WALSyncSchedule(policy: options.syncPolicy, now: .now)
            )
        )
    }

    deinit {
        state.withLock { state in
            state.file?.close()
            state.file = nil
        }
    }

    /// The number of the segment being written.
    public var currentSegment: Int {
        state.withLock { $0.segment }
    }

    /// Appends `records` to the log in one go: fragments of all of them are
    /// handed to the kernel with as few writes as segment boundaries allow,
    /// then synced if the ``WALSyncPolicy`` says so.
    ///
    /// - Throws: ``WALError/Code/closed`` after ``close()``, ``WALError/Code/io``
    ///   when writing fails (and on every later call).
    public func log(_ records: [[UInt8]]) throws(WALError) {
        try state.withLock { (state) throws(WALError) in
            do throws(WALError) {
                try Self.checkWritable(state, directory)
            } catch {
                state.writesFailed += 1
                throw error
            }
            do throws(WALError) {
                try Self.append(records, to: &state, directory: directory)
            } catch {
                state.failure = error
                state.writesFailed += 1
                throw error
            }
        }
    }

    /// Encodes `records` and appends them in one go; see ``log(_:)-([[UInt8]])``.
    public func log(_ records: [WALRecord]) throws(WALError) {
        try log(records.map { $0.encoded() })
    }

    /// Syncs the segment being written to stable storage, whatever the policy.
    public func sync() throws(WALError) {
        try state.withLock { (state) throws(WALError) in
            try Self.checkWritable(state, directory)
            try state.sync(state.file!)
            state.schedule.didSync(at: .now)
        }
    }

    /// Syncs if the ``WALSyncPolicy/interval(_:)`` policy says written bytes
    /// are due; a service calls this on a timer. Does nothing under the other
    /// policies or when nothing was written since the last sync.
    public func syncIfDue() throws(WALError) {
        try state.withLock { (state) throws(WALError) in
            guard state.file != nil, state.failure == nil else { return }
            let now = ContinuousClock.now
            if state.schedule.tick(at: now) == .sync {
                try state.sync(state.file!)
                state.schedule.didSync(at: now)
            }
        }
    }

    /// Closes the segment being written and starts the next one, returning
    /// its number. Everything logged so far is then in segments below it,
    /// which ``Checkpoint/create(wal:upTo:keepSeries:mint:decompressor:)`` can fold.
    @discardableResult
    public func nextSegment() throws(WALError) -> Int {
        try state.withLock { (state) throws(WALError) in
            try Self.checkWritable(state, directory)
            do throws(WALError) {
                let offset = state.layout.segmentBytes
                var padding: [UInt8] = []
                state.layout.finishPage(to: &padding)
                try state.write(padding, at: offset)
                try Self.rotate(&state, directory: directory)
            } catch {
                state.failure = error
                state.writesFailed += 1
                throw error
            }
            return state.segment
        }
    }

    /// Deletes every segment numbered below `index` (upstream's `Truncate`).
    ///
    /// - Throws: ``WALError/Code/invalidArgument`` when `index` is above the
    ///   segment being written.
    public func truncate(before index: Int) throws(WALError) {
        state.withLock { $0.truncations += 1 }
        do throws(WALError) {
            let current = currentSegment
            guard index <= current else {
                throw WALError(
                    .invalidArgument,
                    "cannot truncate WAL \(directory) before segment \(index): segment \(current) is being written",
                    path: directory
                )
            }
            for ref in try WALSegmentRef.list(directory: directory) where ref.index < index {
                try Self.remove(ref.path)
            }
        } catch {
            state.withLock { $0.truncationsFailed += 1 }
            throw error
        }
    }

    /// Pads the last page with zeros, syncs and closes the segment. Later
    /// calls to ``log(_:)`` throw ``WALError/Code/closed``; closing twice is
    /// harmless.
    public func close() throws(WALError) {
        try state.withLock { (state) throws(WALError) in
            guard let file = state.file else { return }
            defer {
                file.close()
                state.file = nil
            }
            if state.failure == nil {
                let offset = state.layout.segmentBytes
                var padding: [UInt8] = []
                state.layout.finishPage(to: &padding)
                try state.write(padding, at: offset)
            }
            try state.sync(file)
        }
    }

    // MARK: - Internals

    private static func checkWritable(_ state: State, _ directory: String) throws(WALError) {
        if let failure = state.failure { throw failure }
        if state.file == nil { throw WALError(.closed, "WAL \(directory) is closed", path: directory) }
    }

    private static func append(_ records: [[UInt8]], to state: inout State, directory: String) throws(WALError) {
        var output: [UInt8] = []
        output.reserveCapacity(records.reduce(0) { $0 + $1.count + WALFormat.fragmentHeaderSize })
        var offset = state.layout.segmentBytes
        for record in records {
            if state.layout.needsNewSegment(for: record.count) {
                state.layout.finishPage(to: &output)
                try state.write(output, at: offset)
                output.removeAll(keepingCapacity: true)
                try rotate(&state, directory: directory)
                offset = 0
            }
            record.withUnsafeBytes { state.layout.append($0, to: &output) }
        }
        try state.write(output, at: offset)
        let now = ContinuousClock.now
        if state.schedule.didWrite(at: now) == .sync {
            try state.sync(state.file!)
            state.schedule.didSync(at: now)
        }
    }

    /// Syncs and closes the current segment and creates the next one.
    private static func rotate(_ state: inout State, directory: String) throws(WALError) {
        let previous = state.file!
        try state.sync(previous)
        previous.close()
        state.file = nil
        let next = state.segment + 1
        state.file = try createSegment(directory: directory, index: next)
        state.segment = next
        state.layout.startSegment()
        state.schedule.didSync(at: .now)
    }

    static func createSegment(directory: String, index: Int) throws(WALError) -> WALFile {
        let file = try WALFile.openForAppend(WALSegmentRef.path(directory: directory, index: index), create: true)
        do throws(WALError) {
            try WALFile.syncDirectory(directory)
        } catch {
            file.close()
            throw error
        }
        return file
    }

    static func remove(_ path: String) throws(WALError) {
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw WALError(.io, "cannot delete \(path): \(error)", path: path)
        }
    }
}
