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
        let series: MemSeries
        // References are never reused, so a series found by reference is the
        // one the caller means; a series removed by truncation is looked up
        // (and re-created) by its labels.
        if let ref, let known = head.series(ref.rawValue) {
            series = known
        } else {
            guard !labels.isEmpty else { throw StorageError(.invalidLabels, "empty label set") }
            let (found, isNew) = head.getOrCreate(labels)
            if isNew { created.append(found) }
            series = found
        }
        do {
            try add(series, labels, timestamp: timestamp, value: value)
        } catch {
            if error.code == .outOfOrderSample { head.counters.outOfOrderSamples.add(1, ordering: .relaxed) }
            throw error
        }
        return SeriesRef(series.ref)
    }

    private func add(_ series: MemSeries, _ labels: Labels, timestamp: Int64, value: Double) throws(StorageError) {
        let id = self.id
        let accepted = try series.state.withLock { state throws(StorageError) in
            try state.checkPending(timestamp, value, appender: id, labels: labels)
        }
        if accepted { pending.append((series, timestamp, value)) }
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
                    entry.timestamp, entry.value, samplesPerChunk: head.options.samplesPerChunk,
                    store: head.chunkStore, seriesRef: entry.series.ref)
                {
                    chunks += 1
                }
                return (true, state.wrote(1, batch: batch))
            }
            if ok { appended += 1 }
            if first { touched.append(entry.series) }
        }
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
