import Benchmark
import Exposition
import Foundation

/// The real node-exporter 1.5 scrape from `../shared/reference`, ten times
/// over (~560 KB): a realistic Snappy payload.
let payload: [UInt8] = {
    let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let reference = root.appendingPathComponent("shared/reference/node-exporter-1.5-metrics.txt")
    let bytes = Array((try? Data(contentsOf: reference)) ?? Data())
    return Array((0..<10).map { _ in bytes }.joined())
}()

/// A remote-write request like one Prometheus shard sends: 2,000 series of
/// 5 labels with one sample each.
let writeRequest: Prompb.WriteRequest = {
    var request = Prompb.WriteRequest()
    for i in 0..<2000 {
        request.timeseries.append(
            Prompb.TimeSeries(
                labels: [
                    .init(name: "__name__", value: "http_requests_total"),
                    .init(name: "code", value: i % 3 == 0 ? "500" : "200"),
                    .init(name: "instance", value: "10.0.\(i / 250).\(i % 250):8080"),
                    .init(name: "job", value: "api"),
                    .init(name: "pod", value: "api-7f9c8d6b5-\(i)"),
                ],
                samples: [.init(value: Double(i) * 1.5, timestamp: 1_700_000_000_000 + Int64(i))]
            )
        )
    }
    return request
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        maxDuration: .seconds(2)
    )

    Benchmark("Snappy compress node-exporter x10 (\(payload.count) bytes)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(Snappy.compress(payload)) }
    }

    Benchmark("Snappy decompress node-exporter x10 (\(payload.count) bytes)") { benchmark in
        let compressed = Snappy.compress(payload)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try Snappy.decompress(compressed)) }
    }

    Benchmark("Remote-write decode body (2000 series)") { benchmark in
        let body = RemoteWrite.encodeBody(writeRequest)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try RemoteWrite.decodeBody(body)) }
    }

    Benchmark("Remote-write encode body (2000 series)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(RemoteWrite.encodeBody(writeRequest)) }
    }
}
