import ArgusCore
import ArgusTesting
import Foundation
import Storage

@testable import TSDB

/// Random series for block tests: many labels, UTF-8 names and values,
/// special float values (stale markers, −0.0, NaN, ±Inf) and irregular
/// timestamps, reproducible from `seed`.
func randomBlockSeries(seed: UInt64, count: Int, maxSamples: Int = 400) -> [Labels: [Sample]] {
    var generator = SeededGenerator(seed: seed)
    let metrics = ["up", "node_cpu_seconds_total", "http_requests_total", "größe_bytes", "temp"]
    let names = ["job", "instance", "mode", "cpu", "path", "ünïcödé", "le", "zone", "a", "zz_last"]
    let values = [
        "", "x", "node", "10.0.0.1:9100", "/api/v1/query", "日本語", "😀 emoji", "quote\"d", "new\nline",
        "+Inf", "0.5", "user", "idle", "a b c",
    ]
    var result: [Labels: [Sample]] = [:]
    while result.count < count {
        var pairs: [(String, String)] = [("__name__", metrics.randomElement(using: &generator)!)]
        for name in names where Bool.random(using: &generator) {
            let value = values.randomElement(using: &generator)!
            // An empty value means "no label", as in Prometheus.
            if !value.isEmpty { pairs.append((name, value)) }
        }
        pairs.append(("id", String(result.count)))
        let labels = Labels(pairs)
        let sampleCount = Int.random(in: 1...maxSamples, using: &generator)
        var timestamp = Int64.random(in: 1_600_000_000_000...1_600_000_600_000, using: &generator)
        var value = Double.random(in: -1000...1000, using: &generator)
        var samples: [Sample] = []
        for _ in 0..<sampleCount {
            switch Int.random(in: 0..<20, using: &generator) {
            case 0: samples.append(Sample(timestamp: timestamp, value: StaleMarker.value))
            case 1: samples.append(Sample(timestamp: timestamp, value: -0.0))
            case 2: samples.append(Sample(timestamp: timestamp, value: .nan))
            case 3: samples.append(Sample(timestamp: timestamp, value: .infinity))
            case 4: samples.append(Sample(timestamp: timestamp, value: -.infinity))
            case 5: samples.append(Sample(timestamp: timestamp, value: Double(bitPattern: generator.next())))
            default:
                value += Double(Int.random(in: 0...100, using: &generator))
                samples.append(Sample(timestamp: timestamp, value: value))
            }
            timestamp += Bool.random(using: &generator) ? 15_000 : Int64.random(in: 1...100_000, using: &generator)
        }
        result[labels] = samples
    }
    return result
}

/// The block range covering every sample of `data`: `[min, max + 1)`.
func blockRange(_ data: [Labels: [Sample]]) -> (mint: Int64, maxt: Int64) {
    let timestamps = data.values.flatMap { $0.map(\.timestamp) }
    guard let low = timestamps.min(), let high = timestamps.max() else { return (0, 1) }
    return (low, high + 1)
}

/// Writes `data` as a block into `directory` and returns its meta.
@discardableResult
func writeBlock(
    _ data: [Labels: [Sample]], into directory: String, mint: Int64? = nil, maxt: Int64? = nil,
    ulid: ULID = ULID(), tombstones: [Labels: [TombstoneInterval]] = [:], segmentSize: Int = 512 << 20
) throws -> BlockMeta {
    let range = blockRange(data)
    let series = try data.map { try BlockSeries(labels: $0.key, samples: $0.value) }
    return try BlockWriter(segmentSize: segmentSize).write(
        series, mint: mint ?? range.mint, maxt: maxt ?? range.maxt, into: directory, ulid: ulid,
        tombstones: tombstones)
}

/// `data` as `select` returns it: sorted by labels.
func storedSeries(_ data: [Labels: [Sample]]) -> [StoredSeries] {
    data.filter { !$0.value.isEmpty }.map { StoredSeries(labels: $0.key, samples: $0.value) }.sorted {
        $0.labels < $1.labels
    }
}

/// A scratch data directory, removed when the closure returns.
func withTemporaryDirectory<T>(_ body: (String) throws -> T) throws -> T {
    let url = try Fixtures.temporaryDirectory("argus-block")
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}
