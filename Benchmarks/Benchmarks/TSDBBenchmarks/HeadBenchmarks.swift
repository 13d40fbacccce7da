import ArgusCore
import Benchmark
import Storage
import TSDB

/// A head holding `seriesCount` node-exporter-like series, each with one
/// sample at t = 0, so appends go to existing series.
enum HeadWorkload {
    static let seriesCount = 100_000
    /// Samples per scrape-sized batch.
    static let batchSize = 1_000

    static let labels: [Labels] = (0..<seriesCount).map { i in
        [
            "__name__": "node_metric_\(i % 500)", "instance": "10.0.\(i / 2000).\(i % 250):9100", "job": "node",
            "cpu": String(i % 8),
        ]
    }

    static func filledHead() throws -> Head {
        let head = Head()
        let app = head.appender()
        for set in labels { try app.append(set, timestamp: 0, value: 0) }
        try app.commit()
        return head
    }
}

/// The target's workload: a head with a million series, appended to by
/// series reference as the scrape loop does (it keeps each series'
/// reference from the previous scrape).
enum MillionSeriesWorkload {
    static let seriesCount = 1_000_000
    static let batchSize = 1_000

    static let labels: [Labels] = (0..<seriesCount).map { i in
        [
            "__name__": "node_metric_\(i % 1000)", "instance": "10.0.\(i / 4000).\(i % 250):9100", "job": "node",
            "cpu": String(i % 4),
        ]
    }

    /// A filled head and every series' reference, in `labels` order.
    static func filledHead() throws -> (Head, [SeriesRef?]) {
        let head = Head()
        var refs: [SeriesRef?] = []
        refs.reserveCapacity(seriesCount)
        var index = 0
        while index < seriesCount {
            let app = head.appender()
            for set in labels[index..<Swift.min(index + batchSize * 100, seriesCount)] {
                refs.append(try app.append(nil, set, timestamp: 0, value: 0))
            }
            try app.commit()
            index += batchSize * 100
        }
        return (head, refs)
    }
}

func headBenchmarks() {
    // Appends by series reference into a million existing series, committed
    // in scrape-sized batches; one iteration appends one sample to every series.
    Benchmark(
        "Head append by reference into 1M existing series (batches of \(MillionSeriesWorkload.batchSize))",
        configuration: .init(
            metrics: [.wallClock, .throughput, .mallocCountTotal], scalingFactor: .one, maxDuration: .seconds(10),
            maxIterations: 5)
    ) { benchmark in
        let (head, refs) = try MillionSeriesWorkload.filledHead()
        let labels = MillionSeriesWorkload.labels
        var t: Int64 = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            t += 15_000
            var index = 0
            while index < refs.count {
                let app = head.appender()
                for i in index..<Swift.min(index + MillionSeriesWorkload.batchSize, refs.count) {
                    try app.append(refs[i], labels[i], timestamp: t, value: Double(t))
                }
                try app.commit()
                index += MillionSeriesWorkload.batchSize
            }
        }
    }

    // Appends by labels into existing series, committed in scrape-sized
    // batches; one iteration appends one sample to every series.
    Benchmark(
        "Head append into \(HeadWorkload.seriesCount) existing series (batches of \(HeadWorkload.batchSize))",
        configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(5))
    ) { benchmark in
        let head = try HeadWorkload.filledHead()
        var t: Int64 = 0
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            t += 15_000
            var index = 0
            while index < HeadWorkload.labels.count {
                let app = head.appender()
                for set in HeadWorkload.labels[
                    index..<Swift.min(index + HeadWorkload.batchSize, HeadWorkload.labels.count)]
                {
                    try app.append(set, timestamp: t, value: Double(t))
                }
                try app.commit()
                index += HeadWorkload.batchSize
            }
        }
    }

    // Selection and decoding of 1,000 series × 240 samples (2 chunks each).
    Benchmark(
        "Head select 1000 series x 240 samples",
        configuration: .init(metrics: [.wallClock, .throughput, .mallocCountTotal], maxDuration: .seconds(3))
    ) { benchmark in
        let head = Head()
        for t in 0..<240 {
            let app = head.appender()
            for i in 0..<1000 {
                try app.append(["__name__": "m", "i": String(i)], timestamp: Int64(t) * 15_000, value: Double(t * i))
            }
            try app.commit()
        }
        let querier = head.querier()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(try querier.select([.equal("__name__", "m")], mint: .min, maxt: .max).count)
        }
    }
}
