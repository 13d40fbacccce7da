import ArgusCore
import ArgusTesting
import Foundation
import Storage
import Testing

@testable import TSDB

/// The size of a block of node-exporter-like data: one 2-hour block of a
/// 15-second scrape of a host (CPU counters per mode, memory and
/// filesystem gauges, network counters), as Prometheus would cut it.
@Suite struct BlockSizeTests {
    /// Series and samples of `hosts` hosts over 2 hours, from a fixed seed.
    static func nodeExporterLike(hosts: Int, seed: UInt64 = 42) -> [Labels: [Sample]] {
        var generator = SeededGenerator(seed: seed)
        var data: [Labels: [Sample]] = [:]
        let start: Int64 = 1_700_000_000_000
        let samples = 2 * 3600 / 15
        /// `step` draws the next value from the previous one.
        func add(_ labels: Labels, first: Double, step: (Double, inout SeededGenerator) -> Double) {
            var value = first
            var series: [Sample] = []
            series.reserveCapacity(samples)
            for i in 0..<samples {
                // Most scrapes land on the interval; some a millisecond or two off.
                let jitter =
                    Int.random(in: 0..<10, using: &generator) == 0 ? Int64.random(in: -2...2, using: &generator) : 0
                value = i == 0 ? value : step(value, &generator)
                series.append(Sample(timestamp: start + Int64(i) * 15_000 + jitter, value: value))
            }
            data[labels] = series
        }
        /// A counter with 1/100 resolution growing by about `rate` a second (0 for mostly idle modes).
        func counter(_ labels: Labels, rate: Double) {
            add(labels, first: (Double.random(in: 1e4...1e6, using: &generator) * 100).rounded() / 100) { v, g in
                rate == 0 && Int.random(in: 0..<10, using: &g) != 0
                    ? v : v + (Double.random(in: 0...(rate * 30), using: &g) * 100).rounded() / 100
            }
        }
        /// An integer gauge that changes on a quarter of scrapes, in steps of `unit`.
        func gauge(_ labels: Labels, around: Double, unit: Double, changes: Bool = true) {
            add(labels, first: (around / unit).rounded() * unit) { v, g in
                changes && Int.random(in: 0..<4, using: &g) == 0
                    ? v + Double(Int.random(in: -500...500, using: &g)) * unit : v
            }
        }
        for host in 0..<hosts {
            let instance = "10.0.\(host / 250).\(host % 250):9100"
            func labels(_ name: String, _ extra: [(String, String)] = []) -> Labels {
                Labels([("__name__", name), ("instance", instance), ("job", "node")] + extra)
            }
            for cpu in 0..<8 {
                for mode in ["idle", "iowait", "irq", "nice", "softirq", "steal", "system", "user"] {
                    let rates: [String: Double] = ["idle": 0.9, "system": 0.03, "user": 0.05, "iowait": 0.01]
                    let rate = rates[mode] ?? 0
                    counter(labels("node_cpu_seconds_total", [("cpu", String(cpu)), ("mode", mode)]), rate: rate)
                }
            }
            for name in ["MemFree", "Cached", "Buffers", "MemAvailable", "Active", "Inactive", "Dirty"] {
                gauge(labels("node_memory_\(name)_bytes"), around: 4e9, unit: 4096)
            }
            for device in ["eth0", "lo", "docker0"] {
                for metric in ["receive_bytes", "transmit_bytes", "receive_packets", "transmit_packets"] {
                    add(labels("node_network_\(metric)_total", [("device", device)]), first: 1e9) { v, g in
                        v + Double(Int.random(in: 0...(device == "lo" ? 100 : 500_000), using: &g))
                    }
                }
            }
            for mount in ["/", "/boot", "/var"] {
                for metric in ["avail_bytes", "free_bytes", "size_bytes"] {
                    gauge(
                        labels(
                            "node_filesystem_\(metric)",
                            [("device", "/dev/sda1"), ("fstype", "ext4"), ("mountpoint", mount)]),
                        around: 1e11, unit: 4096, changes: metric != "size_bytes")
                }
            }
            for load in ["node_load1", "node_load5", "node_load15"] {
                add(labels(load), first: 1.5) { v, g in max(0, v + Double(Int.random(in: -10...10, using: &g)) / 100) }
            }
        }
        return data
    }

    @Test func bytesPerSampleOfNodeExporterData() throws {
        let data = Self.nodeExporterLike(hosts: 20)
        try withTemporaryDirectory { dir in
            let range = blockRange(data)
            let meta = try writeBlock(data, into: dir, mint: range.mint, maxt: range.mint + 7_200_000)
            let block = try Block(directory: dir + "/" + meta.ulid.description)
            let (index, chunks) = block.size
            let samples = Double(meta.stats.numSamples)
            let perSample = Double(index + chunks) / samples
            print(
                "node-exporter-like block: \(meta.stats.numSeries) series, \(meta.stats.numSamples) samples, "
                    + "\(meta.stats.numChunks) chunks; chunks \(chunks) B (\(Double(chunks) / samples) B/sample), "
                    + "index \(index) B (\(Double(index) / samples) B/sample), total \(perSample) B/sample")
            // The chunk bytes are upstream's encoding, so their size is the data's entropy; guard the total.
            #expect(perSample < 4.0)
            #expect(Double(index) / samples < 0.25)
            #expect(try block.select([], mint: .min, maxt: .max) == storedSeries(data))
        }
    }

    /// Compaction's 480-sample chunks take less room than the head's 120-sample
    /// ones: fewer first samples, chunk headers, checksums and index entries.
    @Test func compactedBlocksHaveFewerLargerChunks() throws {
        let data = Self.nodeExporterLike(hosts: 5)
        try withTemporaryDirectory { dir in
            let range = blockRange(data)
            let parentMeta = try writeBlock(data, into: dir, mint: range.mint, maxt: range.mint + 7_200_000)
            let parent = try Block(directory: dir + "/" + parentMeta.ulid.description)
            let meta = try #require(try Compactor().compact([parent], into: dir))
            let compacted = try Block(directory: dir + "/" + meta.ulid.description)
            let before = parent.size.index + parent.size.chunks
            let after = compacted.size.index + compacted.size.chunks
            let samples = Double(meta.stats.numSamples)
            print(
                "node-exporter-like block, 120 → 480 samples per chunk: \(Double(before) / samples) → "
                    + "\(Double(after) / samples) B/sample")
            #expect(meta.stats.numChunks * 4 == parentMeta.stats.numChunks)
            #expect(Double(after) < Double(before) * 0.98)
            #expect(try compacted.select([], mint: .min, maxt: .max) == storedSeries(data))
        }
    }
}
