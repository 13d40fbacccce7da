import Benchmark
import PromQL
import PromQLWorkload
import Storage

/// The dataset of `PromQLWorkload` (11,200 series × 261 samples), built
/// once on first use, outside any measurement.
let storage: MemoryStorage = {
    do {
        return try PromQLWorkload.makeStorage()
    } catch {
        fatalError("cannot build the PromQL benchmark dataset: \(error)")
    }
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        warmupIterations: 1,
        maxDuration: .seconds(5),
        maxIterations: 50
    )

    // Each benchmark is one range query over 1 h at a 15 s step (241 steps),
    // the same queries `promql-vs-prometheus.sh` runs against Prometheus.
    for (name, query) in PromQLWorkload.queries {
        Benchmark("Range query \(name): \(query)") { benchmark in
            let expr = try PromQLParser.parse(query, options: .default)
            let engine = Engine()
            let data = storage
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try PromQLWorkload.run(engine, data, expr))
            }
        }
    }
}
