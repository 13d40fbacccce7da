import ArgusCore
import Benchmark
import PromQL
import PromTemplate
import Rules
import Storage

/// A typical alert annotation: labels, a humanized value and a conditional.
let annotation = """
    {{ $labels.instance }} of job {{ $labels.job }} is at {{ $value | humanizePercentage }} \
    {{ if gt $value 0.9 }}(critical){{ else }}(warning){{ end }}
    """

/// 1,000 instances of a gauge, every one above the alert threshold.
func seededStorage() throws -> MemoryStorage {
    let storage = MemoryStorage()
    let appender = storage.appender()
    for instance in 0..<1000 {
        let labels: Labels = ["__name__": "disk_used_ratio", "job": "node", "instance": "host-\(instance):9100"]
        for step in 0..<10 {
            try appender.append(labels, timestamp: Int64(step) * 15_000, value: 0.85 + Double(instance % 10) / 100)
        }
    }
    try appender.commit()
    return storage
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(3)
    )

    Benchmark("Alert annotation template: parse and execute") { benchmark in
        let data = AlertTemplate.data(
            labels: ["instance": "host-1:9100", "job": "node"], externalLabels: [:], externalURL: "", value: 0.93)
        for _ in benchmark.scaledIterations {
            blackHole(
                AlertTemplate.expand(
                    annotation, alertName: "DiskFull", data: data, timestampMilliseconds: 0, query: nil,
                    externalURL: ""))
        }
    }

    Benchmark("Rule group: alerting rule over 1,000 series with a templated annotation") { benchmark in
        let storage = try seededStorage()
        let context = RuleEvaluationContext(query: Engine().ruleQueryFunction(storage))
        let options = RuleGroupOptions(appendable: storage, queryable: storage, context: context)
        let rule = AlertingRule(
            name: "DiskFull", expression: try PromQLParser.parse("disk_used_ratio > 0.8"),
            holdDuration: 60_000, labels: ["severity": "page"], annotations: ["summary": annotation])
        let group = RuleGroup(name: "bench", file: "bench.yml", interval: 15_000, rules: [rule], options: options)
        var time: Int64 = 150_000
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            group.evaluate(at: time)
            time += 15_000
        }
        benchmark.stopMeasurement()
        blackHole(rule.activeAlerts.count)
    }
}
