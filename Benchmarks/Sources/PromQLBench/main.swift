// The Argus half of `promql-vs-prometheus.sh`.
//
//     PromQLBench openmetrics FILE
//         writes the benchmark dataset as OpenMetrics text, for promtool
//     PromQLBench run [--iterations N] [--warmup N] [--query NAME]...
//         builds the dataset in memory, runs each range query `warmup` times
//         untimed and `iterations` times timed, and prints one tab-separated
//         line per query: name, median ms, min ms, max ms, then a result
//         summary (series, points, sum of non-NaN values, NaN count) that the
//         script compares with Prometheus' answer.
//     PromQLBench queries
//         prints each query's name and text, tab-separated
//     PromQLBench range
//         prints the range queries' start, end and step in seconds
import PromQL
import PromQLWorkload
import Storage

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes `message` to standard error, unbuffered.
func report(_ message: String) {
    let line = "PromQLBench: \(message)\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
}

func fail(_ message: String) -> Never {
    report(message)
    exit(2)
}

func milliseconds(_ duration: Duration) -> Double {
    let (seconds, attoseconds) = duration.components
    return Double(seconds) * 1000 + Double(attoseconds) / 1e15
}

func runQueries(_ arguments: ArraySlice<String>) throws {
    var iterations = 10
    var warmup = 2
    var only: [String] = []
    var rest = arguments
    while let flag = rest.popFirst() {
        guard let value = rest.popFirst() else { fail("\(flag) needs a value") }
        switch flag {
        case "--iterations": iterations = Int(value) ?? 0
        case "--warmup": warmup = Int(value) ?? -1
        case "--query": only.append(value)
        default: fail("unknown option \(flag)")
        }
    }
    guard iterations > 0, warmup >= 0 else { fail("--iterations must be > 0 and --warmup >= 0") }

    let clock = ContinuousClock()
    let buildStart = clock.now
    let storage = try PromQLWorkload.makeStorage()
    report("\(storage.seriesCount) series built in \(Int(milliseconds(clock.now - buildStart))) ms")
    let engine = Engine()
    let queries = try PromQLWorkload.parsedQueries().filter { only.isEmpty || only.contains($0.name) }
    guard !queries.isEmpty else { fail("no query named \(only)") }
    for (name, _, expr) in queries {
        var result = try PromQLWorkload.run(engine, storage, expr)
        for _ in 1..<max(warmup, 1) { result = try PromQLWorkload.run(engine, storage, expr) }
        var times: [Double] = []
        for _ in 0..<iterations {
            let began = clock.now
            result = try PromQLWorkload.run(engine, storage, expr)
            times.append(milliseconds(clock.now - began))
        }
        times.sort()
        let median =
            times.count % 2 == 1 ? times[times.count / 2] : (times[times.count / 2 - 1] + times[times.count / 2]) / 2
        var series = 0
        var points = 0
        var sum = 0.0
        var nans = 0
        if case .matrix(let matrix) = result.value {
            series = matrix.count
            for row in matrix {
                points += row.points.count
                for point in row.points {
                    if point.value.isNaN { nans += 1 } else { sum += point.value }
                }
            }
        }
        let fields: [String] = [
            name, format(median), format(times[0]), format(times[times.count - 1]), "\(series)", "\(points)",
            "\(sum)", "\(nans)",
        ]
        print(fields.joined(separator: "\t"))
        report("\(name): median \(format(median)) ms")
    }
}

func format(_ ms: Double) -> String {
    String((ms * 1000).rounded() / 1000)
}

let arguments = CommandLine.arguments.dropFirst()
do {
    switch arguments.first {
    case "openmetrics":
        guard arguments.count == 2, let path = arguments.last else { fail("usage: PromQLBench openmetrics FILE") }
        try PromQLWorkload.writeOpenMetrics(toPath: path)
    case "run":
        try runQueries(arguments.dropFirst())
    case "queries":
        for (name, query) in PromQLWorkload.queries { print("\(name)\t\(query)") }
    case "range":
        let seconds = [PromQLWorkload.queryStart, PromQLWorkload.queryEnd, PromQLWorkload.queryStep].map {
            String(Double($0) / 1000)
        }
        print(seconds.joined(separator: " "))
    default:
        fail(
            "usage: PromQLBench openmetrics FILE | run [--iterations N] [--warmup N] [--query NAME]... | queries | range"
        )
    }
} catch {
    fail("\(error)")
}
