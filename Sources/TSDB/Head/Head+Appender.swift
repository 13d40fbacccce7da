import ArgusCore
import Storage
import Synchronization

/// A batch for the head: samples are checked as they are added, logged and
/// written at commit, and published together.
final class HeadAppender: Appender {
    let head: Head
    /// This appender's number, unique within the head (never 0).
    private let id: UInt64
    private var pending: [(series: MemSeries, timestamp: Int64, value: Double)] = []
    private var created: [MemSeries] = []

    init(head: Head) {
        self.head = head
        self.id = head.appenderNumbers.wrappingAdd(1, ordering: .relaxed).newValue
    }

    func append(_ labels: Labels, timestamp: Int64, value: Double) throws(StorageError) {
        try append(nil, labels, timestamp: timestamp, value: value)
    }

    @discardableResult
    func append(_ ref: SeriesRef?, _ labels: Labels, timestamp: Int64, value: Double) throws(StorageError)
        -> SeriesRef?
    {
        // References are never reused, so a series found by reference is the
        // one the caller means; a series removed by truncation is looked up
        // (and re-created) by its labels. The series object rides along in
        // the reference, which spares the lookup by number.
        if let ref, let known = Self.series(in: ref) ?? head.series(ref.rawValue) {
            if try add(known, labels, timestamp: timestamp, value: value) {
                return known === ref.handle ? ref : SeriesRef(known.ref, handle: known)
            }
        }
        guard !labels.isEmpty else { throw StorageError(.invalidLabels, "empty label set") }
        let (series, isNew) = head.getOrCreate(labels)
        if isNew { created.append(series) }
        _ = try add(series, labels, timestamp: timestamp, value: value)
        return SeriesRef(series.ref, handle: series)
    }

    /// The head series a reference carries, if it carries one.
    private static func series(in ref: SeriesRef) -> MemSeries? {
        guard let handle = ref.handle, ObjectIdentifier(type(of: handle)) == ObjectIdentifier(MemSeries.self) else {
            return nil
        }
        return unsafeDowncast(handle, to: MemSeries.self)
    }

    /// Checks and queues a sample for `series`; returns false, queuing
    /// nothing, when the head removed the series meanwhile.
    private func add(_ series: MemSeries, _ labels: Labels, timestamp: Int64, value: Double) throws(StorageError)
        -> Bool
    {
        let id = self.id
        let accepted: Bool?
        do {
            accepted = try series.state.withLock { state throws(StorageError) -> Bool? in
                if state.removed { return nil }
                return try state.checkPending(timestamp, value, appender: id, labels: labels)
            }
        } catch {
            if error.code == .outOfOrderSample { head.counters.outOfOrderSamples.add(1, ordering: .relaxed) }
            throw error
        }
        guard let accepted else { return false }
        if accepted { pending.append((series, timestamp, value)) }
        return true
    }

    func commit() throws(StorageError) {
        defer { reset() }
        guard !pending.isEmpty || !created.isEmpty else { return }
        if let log = head.log {
            try log.log(
                series: created.map { ($0.ref, $0.labels) },
                samples: pending.map { ($0.series.ref, $0.timestamp, $0.value) }
            )
        }
        // Another batch may have written to the same series since our checks;
        // samples that no longer fit are dropped here, as Prometheus does at commit.
        let batch = head.batchNumbers.wrappingAdd(1, ordering: .relaxed).newValue
        var touched: [MemSeries] = []
        var appended = 0
        var outOfOrder = 0
        var chunks = 0
        var mint = Int64.max
        var maxt = Int64.min
        for entry in pending {
            let (ok, first) = entry.series.state.withLock { state -> (Bool, Bool) in
                switch try? state.check(entry.timestamp, entry.value, labels: entry.series.labels) {
                case true?: break
                case false?: return (false, false)
                case nil:
                    outOfOrder += 1
                    return (false, false)
                }
                if state.write(
                    entry.timestamp, entry.value, cutting: head.cutPolicy,
                    store: head.chunkStore, seriesRef: entry.series.ref)
                {
                    chunks += 1
                }
                return (true, state.wrote(1, batch: batch))
            }
            if ok {
                appended += 1
                mint = Swift.min(mint, entry.timestamp)
                maxt = Swift.max(maxt, entry.timestamp)
            }
            if first { touched.append(entry.series) }
        }
        if appended > 0 { head.counters.noteSamples(mint: mint, maxt: maxt) }
        head.counters.samplesAppended.add(appended, ordering: .relaxed)
        head.counters.outOfOrderSamples.add(outOfOrder, ordering: .relaxed)
        head.counters.chunksCreated.add(chunks, ordering: .relaxed)
        head.publication.withLock { _ in
            for series in touched { series.state.withLock { $0.publish(batch) } }
        }
    }

    func rollback() { reset() }

    private func reset() {
        pending.removeAll(keepingCapacity: true)
        created.removeAll()
    }
}
