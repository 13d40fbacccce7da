import ArgusCore
import Benchmark
import Exposition
import Foundation

/// A node-exporter-like scrape: the real node-exporter 1.5 output from
/// `../shared/reference`, repeated under distinct `instance` labels to a
/// size typical of a busy host (~10k samples, ~1 MB).
let scrape: (bytes: [UInt8], samples: Int) = {
    let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let reference = root.appendingPathComponent("shared/reference/node-exporter-1.5-metrics.txt")
    let text = (try? String(contentsOf: reference, encoding: .utf8)) ?? ""
    var out = ""
    var samples = 0
    for copy in 0..<20 {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("#") || line.isEmpty {
                if copy == 0 { out += line + "\n" }
                continue
            }
            // Give each copy its own series by renaming the metric.
            out += "c\(copy)_" + line + "\n"
            samples += 1
        }
    }
    return (Array(out.utf8), samples)
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .instructions],
        maxDuration: .seconds(3)
    )

    // The scrape hot path: every sample's series bytes, value and timestamp,
    // with labels decoded only for new series (here: never).
    Benchmark("Parse node-exporter scrape (series bytes)") { benchmark in
        for _ in benchmark.scaledIterations {
            var parser = ExpositionParser(scrape.bytes, format: .text)
            var sum = 0.0
            var count = 0
            while let entry = try parser.next() {
                if entry == .sample {
                    sum += parser.value
                    count += parser.seriesRange.count
                }
            }
            blackHole(sum)
            blackHole(count)
        }
    }

    // Worst case: every sample's labels decoded into a Labels value.
    Benchmark("Parse node-exporter scrape (full labels)") { benchmark in
        for _ in benchmark.scaledIterations {
            var parser = ExpositionParser(scrape.bytes, format: .text)
            var count = 0
            while let entry = try parser.next() {
                if entry == .sample { count += parser.labels().count }
            }
            blackHole(count)
        }
    }

    Benchmark("Encode node-exporter scrape") { benchmark in
        let families = try ExpositionDecoder.decode(scrape.bytes, format: .text)
        let encoder = ExpositionEncoder(format: .text)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(encoder.encode(families))
        }
    }
}
