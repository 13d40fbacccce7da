// swift-tools-version:6.1
// A separate package so that normal builds and CI never resolve the
// benchmark dependencies. Run from this folder: `swift package benchmark`.
import PackageDescription

let package = Package(
    name: "ArgusBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Argus", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "ExpositionBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Exposition", package: "Argus"),
                .product(name: "ArgusCore", package: "Argus"),
            ],
            path: "Benchmarks/ExpositionBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "CoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ArgusCore", package: "Argus"),
            ],
            path: "Benchmarks/CoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "WireBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Exposition", package: "Argus"),
            ],
            path: "Benchmarks/WireBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "TSDBBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "TSDB", package: "Argus"),
                .product(name: "Storage", package: "Argus"),
                .product(name: "ArgusCore", package: "Argus"),
            ],
            path: "Benchmarks/TSDBBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "PromQLBenchmarks",
            dependencies: [
                "PromQLWorkload",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "PromQL", package: "Argus"),
                .product(name: "Storage", package: "Argus"),
                .product(name: "ArgusCore", package: "Argus"),
            ],
            path: "Benchmarks/PromQLBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "RulesBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Rules", package: "Argus"),
                .product(name: "PromTemplate", package: "Argus"),
                .product(name: "PromQL", package: "Argus"),
                .product(name: "Storage", package: "Argus"),
                .product(name: "ArgusCore", package: "Argus"),
            ],
            path: "Benchmarks/RulesBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The TSDB's memory and WAL replay at 1M series (Benchmarks/tsdb-scale.sh).
        .executableTarget(
            name: "TSDBScale",
            dependencies: [
                .product(name: "TSDB", package: "Argus"),
                .product(name: "Storage", package: "Argus"),
                .product(name: "ArgusCore", package: "Argus"),
            ],
            path: "Sources/TSDBScale"
        ),
        // The dataset and queries shared by PromQLBenchmarks and PromQLBench.
        .target(
            name: "PromQLWorkload",
            dependencies: [
                .product(name: "PromQL", package: "Argus"),
                .product(name: "Storage", package: "Argus"),
                .product(name: "ArgusCore", package: "Argus"),
            ]
        ),
        // The Argus half of promql-vs-prometheus.sh; outside Benchmarks/ so
        // that `swift package benchmark` does not take it for a benchmark.
        .executableTarget(
            name: "PromQLBench",
            dependencies: [
                "PromQLWorkload",
                .product(name: "PromQL", package: "Argus"),
                .product(name: "Storage", package: "Argus"),
            ]
        ),
    ]
)
