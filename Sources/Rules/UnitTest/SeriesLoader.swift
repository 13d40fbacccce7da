import ArgusCore
import PromQLScript
import Storage

/// The input series of a test group, appended to storage as the test's clock advances
/// (Prometheus' lazy loader): a query never sees samples from its future.
struct SeriesLoader {
    struct LoadError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private var samples: [(labels: Labels, timestamp: Int64, value: Double)] = []
    private let loaded: Box = Box()

    private final class Box { var next = 0 }

    /// A series listed twice keeps its last definition; of several values at one timestamp
    /// (an interval of 0), the first is kept, as the TSDB keeps the first of duplicates.
    init(_ series: [InputSeries], interval: Int64) throws(LoadError) {
        var definitions: [Labels: [SequenceValue]] = [:]
        var order: [Labels] = []
        for (index, input) in series.enumerated() {
            let description: SeriesDescription
            do {
                description = try SeriesDescription.parse("\(input.series) \(input.values)")
            } catch {
                // promtool reports the position within the one-line series description.
                throw LoadError(message: "1:\(error.column): parse error: \(error.message)")
            }
            if definitions.updateValue(description.values, forKey: description.labels) == nil {
                order.append(description.labels)
            }
        }
        for labels in order {
            var newest: Int64?
            for (position, value) in (definitions[labels] ?? []).enumerated() {
                if value.isHistogram {
                    throw LoadError(message: "series \(labels): native histograms are not supported in input series")
                }
                guard case .float(let number) = value else { continue }
                let (timestamp, overflow) = Int64(position).multipliedReportingOverflow(by: interval)
                if overflow {
                    throw LoadError(message: "series \(labels): timestamps overflow at value \(position + 1)")
                }
                if let newest, timestamp <= newest { continue }
                newest = timestamp
                samples.append((labels, timestamp, number))
            }
        }
        samples.sort { $0.timestamp < $1.timestamp }
    }

    /// Appends every sample up to and including `time`.
    func load(through time: Int64, into storage: MemoryStorage) throws(StorageError) {
        let appender = storage.appender()
        while loaded.next < samples.count, samples[loaded.next].timestamp <= time {
            let sample = samples[loaded.next]
            try appender.append(sample.labels, timestamp: sample.timestamp, value: sample.value)
            loaded.next += 1
        }
        try appender.commit()
    }
}
