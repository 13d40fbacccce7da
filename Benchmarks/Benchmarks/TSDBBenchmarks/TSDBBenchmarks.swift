import ArgusCore
import Benchmark
import Storage
import TSDB

/// 120-sample series, the size the head cuts chunks at.
enum Workload {
    /// Upstream's `BenchmarkXorRead` series: 1 s steps, values `i + i/10 + i/100 + i/1000`,
    /// so every sample changes the value and needs most of the mantissa.
    static let changing: [Sample] = (0..<120).map { i in
        let t = Int64(i) * 1000
        let v = Double(t)
        return Sample(timestamp: t, value: v + v / 10 + v / 100 + v / 1000)
    }

    /// A node-exporter-like counter: 15 s steps, 10 ms resolution increments.
    static let counter: [Sample] = {
        var value = 123_456.78
        return (0..<120).map { i in
            defer { value = (value * 100 + Double((i * 7919) % 1500)).rounded() / 100 }
            return Sample(timestamp: 1_700_000_000_000 + Int64(i) * 15000, value: value)
        }
    }()

    /// A constant gauge at 15 s: one bit for the timestamp, one for the value.
    static let constant: [Sample] = (0..<120).map {
        Sample(timestamp: 1_700_000_000_000 + Int64($0) * 15000, value: 1)
    }

    static func chunk(_ samples: [Sample]) -> XORChunk {
        var appender = XORAppender()
        for sample in samples { try! appender.append(timestamp: sample.timestamp, value: sample.value) }
        return appender.chunk
    }
}

/// Chunks per iteration, so that one iteration is long enough to time well.
let chunksPerIteration = 100

func appendBenchmark(_ name: String, _ samples: [Sample]) {
    Benchmark(
        "XOR append 120 samples (\(name)) ×\(chunksPerIteration)",
        configuration: .init(scalingFactor: .one)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            for _ in 0..<chunksPerIteration {
                var appender = XORAppender()
                for sample in samples {
                    try appender.append(timestamp: sample.timestamp, value: sample.value)
                }
                blackHole(appender.byteCount)
            }
        }
    }
}

func iterateBenchmark(_ name: String, _ samples: [Sample]) {
    let chunk = Workload.chunk(samples)
    Benchmark(
        "XOR iterate 120 samples (\(name)) ×\(chunksPerIteration)",
        configuration: .init(scalingFactor: .one)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            for _ in 0..<chunksPerIteration {
                var sum = 0.0
                var last: Int64 = 0
                for sample in chunk {
                    sum += sample.value
                    last = sample.timestamp
                }
                blackHole(sum)
                blackHole(last)
            }
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        maxDuration: .seconds(2)
    )
    appendBenchmark("changing floats", Workload.changing)
    appendBenchmark("counter", Workload.counter)
    appendBenchmark("constant", Workload.constant)
    iterateBenchmark("changing floats", Workload.changing)
    iterateBenchmark("counter", Workload.counter)
    iterateBenchmark("constant", Workload.constant)
    headBenchmarks()
}
