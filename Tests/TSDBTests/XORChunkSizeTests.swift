import ArgusTesting
import Storage
import TSDB
import Testing

/// How well the encoding compresses data shaped like a node-exporter scrape.
@Suite struct XORChunkSizeTests {
    /// The kinds of series a node-exporter scrape holds, with their share of a
    /// host's ~600 series. The mix follows a real node-exporter 1.5 scrape:
    /// two thirds of series never change (info metrics, sizes, idle error
    /// counters); the rest are integer counters and byte gauges, CPU and disk
    /// time counters with 10 ms / 1 ms resolution, load averages, and
    /// collector durations whose every sample is a fresh full-precision float.
    enum Kind: CaseIterable {
        case constant, intCounter, byteCounter, pageGauge, smallGauge, cpuSeconds, diskSeconds, load
        case duration, clock

        var share: Int {
            switch self {
            case .constant: 390
            case .intCounter: 40
            case .byteCounter: 20
            case .pageGauge: 40
            case .smallGauge: 20
            case .cpuSeconds: 48
            case .diskSeconds: 12
            case .load: 6
            case .duration: 23
            case .clock: 1
            }
        }
    }

    /// One series of `count` samples at a 15 s interval. Prometheus snaps
    /// scrape timestamps that are within 2 ms of the ideal interval onto it
    /// (`scrape.timestamp-tolerance`), so only the occasional late scrape
    /// (1 in 50 here, 3–10 ms off) breaks the zero delta of deltas.
    static func series(_ kind: Kind, count: Int, using rng: inout SeededGenerator) -> [Sample] {
        var t: Int64 = 1_700_000_000_000 + Int64.random(in: 0..<15000, using: &rng)
        var value: Double
        switch kind {
        case .constant:
            let choices: [Double] = [0, 1, 1_700_000_000, 8_321_499_136, Double(Int.random(in: 0...100, using: &rng))]
            value = choices[Int.random(in: 0..<choices.count, using: &rng)]
        case .intCounter: value = Double(Int.random(in: 1_000_000...100_000_000, using: &rng))
        case .byteCounter: value = Double(Int.random(in: 1 << 30...1 << 40, using: &rng) / 512 * 512)
        case .pageGauge: value = Double(Int.random(in: 1 << 18...1 << 23, using: &rng) * 4096)
        case .smallGauge: value = Double(Int.random(in: 0...200, using: &rng))
        case .cpuSeconds: value = Double(Int.random(in: 100...10_000_000, using: &rng)) / 100
        case .diskSeconds: value = Double(Int.random(in: 1000...10_000_000, using: &rng)) / 1000
        case .load: value = Double(Int.random(in: 0...400, using: &rng)) / 100
        case .duration: value = Double.random(in: 1e-6...1e-3, using: &rng)
        case .clock: value = Double(t) / 1000 + Double.random(in: 0..<0.01, using: &rng)
        }
        var samples: [Sample] = []
        samples.reserveCapacity(count)
        for _ in 0..<count {
            samples.append(Sample(timestamp: t, value: value))
            t += 15000 + (Int.random(in: 0..<50, using: &rng) == 0 ? Int64.random(in: 3...10, using: &rng) : 0)
            switch kind {
            case .constant: break
            case .intCounter: value += Double(Int.random(in: 0...8000, using: &rng))
            case .byteCounter: value += Double(Int.random(in: 0...400_000, using: &rng) * 512)
            case .pageGauge:
                if Int.random(in: 0..<5, using: &rng) > 0 {
                    value += Double(Int.random(in: -300...300, using: &rng) * 4096)
                }
            case .smallGauge:
                if Bool.random(using: &rng) { value = max(0, value + Double(Int.random(in: -3...3, using: &rng))) }
            case .cpuSeconds:
                if Int.random(in: 0..<5, using: &rng) > 0 {
                    value = (value * 100 + Double(Int.random(in: 1...1500, using: &rng))).rounded() / 100
                }
            case .diskSeconds:
                if Bool.random(using: &rng) {
                    value = (value * 1000 + Double(Int.random(in: 1...2000, using: &rng))).rounded() / 1000
                }
            case .load:
                if Int.random(in: 0..<3, using: &rng) == 0 {
                    value = max(0, (value * 100 + Double(Int.random(in: -20...20, using: &rng))).rounded() / 100)
                }
            case .duration: value = Double.random(in: 1e-6...1e-3, using: &rng)
            case .clock: value = Double(t) / 1000 + Double.random(in: 0..<0.01, using: &rng)
            }
        }
        return samples
    }

    /// Encodes every series of one host into 120-sample chunks, as the head cuts
    /// them, and returns chunk bytes (headers included) per sample.
    static func bytesPerSample(seed: UInt64) throws -> (overall: Double, byKind: [(Kind, Double)]) {
        var rng = SeededGenerator(seed: seed)
        var totalBytes = 0
        var totalSamples = 0
        var byKind: [(Kind, Double)] = []
        for kind in Kind.allCases {
            var kindBytes = 0
            var kindSamples = 0
            for _ in 0..<kind.share {
                let chunk = try xorEncode(series(kind, count: 120, using: &rng))
                kindBytes += chunk.bytes.count
                kindSamples += chunk.numSamples
            }
            byKind.append((kind, Double(kindBytes) / Double(kindSamples)))
            totalBytes += kindBytes
            totalSamples += kindSamples
        }
        return (Double(totalBytes) / Double(totalSamples), byKind)
    }

    @Test func nodeExporterLikeDataSize() throws {
        let (overall, byKind) = try Self.bytesPerSample(seed: 1)
        let breakdown = byKind.map { "\($0.0) \((($0.1 * 100).rounded() / 100))" }.joined(separator: ", ")
        print(
            "XOR chunk size, node-exporter-like mix: \((overall * 1000).rounded() / 1000) bytes/sample (\(breakdown))")
        #expect((1.5...1.7).contains(overall), "bytes/sample \(overall)")
    }
}
