import ArgusCore
import Benchmark

/// Label values typical of matcher workloads: pod names, paths, job names.
let values: [String] = (0..<1000).map { i in
    switch i % 4 {
    case 0: return "api-server-\(i)-7f9c8d6b5-x\(i % 97)"
    case 1: return "/api/v1/namespaces/default/pods/\(i)"
    case 2: return "node-exporter"
    default: return "kube-state-metrics-\(i)"
    }
}

func matcherBenchmark(_ title: String, _ pattern: String) {
    Benchmark("Regex matcher \(title): \(pattern)") { benchmark in
        let matcher = try LabelMatcher(.regexMatch, "pod", pattern)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var matched = 0
            for value in values where matcher.matches(value) { matched += 1 }
            blackHole(matched)
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal],
        maxDuration: .seconds(2)
    )
    matcherBenchmark("literal", "node-exporter")
    matcherBenchmark("alternation", "node-exporter|kube-state-metrics|prometheus")
    matcherBenchmark("prefix", "api-server-.*")
    matcherBenchmark("match-all", ".*")
    matcherBenchmark("contains", ".*namespaces.*")
    matcherBenchmark("general", "api-server-[0-9]+-[a-f0-9]+-x[0-9]{1,2}")
    matcherBenchmark("case-insensitive", "(?i)NODE-.*")

    Benchmark("Labels fingerprint (5 labels)") { benchmark in
        let labels: Labels = [
            "__name__": "http_requests_total", "job": "api", "instance": "10.0.0.1:8080", "code": "200",
            "method": "GET",
        ]
        for _ in benchmark.scaledIterations { blackHole(labels.fingerprint) }
    }
}
