// swift-tools-version:6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "Argus",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "argus", targets: ["Argus"]),
        .library(name: "ArgusCore", targets: ["ArgusCore"]),
        .library(name: "Exposition", targets: ["Exposition"]),
        .library(name: "Storage", targets: ["Storage"]),
        .library(name: "PromQL", targets: ["PromQL"]),
        .library(name: "TSDB", targets: ["TSDB"]),
        .library(name: "Rules", targets: ["Rules"]),
        .library(name: "GoTemplate", targets: ["GoTemplate"]),
        .library(name: "PromTemplate", targets: ["PromTemplate"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        .executableTarget(
            name: "Argus",
            dependencies: [
                "ArgusCore",
                "Exposition",
                "PromQLScript",
                "MetricsServer",
                "Rules",
                "ArgusHTTP",
                "ArgusConfig",
                "Exporters",
                "HostCollectors",
                "Alertmanager",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "ArgusCore", dependencies: ["CArgusCRC32C"], swiftSettings: swiftSettings),
        .target(name: "CArgusCRC32C"),
        .target(name: "Relabel", dependencies: ["ArgusCore"], swiftSettings: swiftSettings),
        .target(
            name: "ArgusConfig",
            dependencies: [
                "ArgusCore", "Relabel", .product(name: "Yams", package: "Yams"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OutboundHTTP",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Discovery",
            dependencies: [
                "ArgusCore", "OutboundHTTP",
                .product(name: "Yams", package: "Yams"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Scrape",
            dependencies: [
                "ArgusCore", "Exposition", "Storage", "Discovery", "OutboundHTTP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPCompression", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "RemoteStorage",
            dependencies: [
                "ArgusCore", "Exposition", "Storage", "ArgusConfig", "Relabel", "OutboundHTTP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Notifier",
            dependencies: [
                "ArgusCore", "ArgusConfig", "ArgusHTTP", "Relabel", "Discovery", "OutboundHTTP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ArgusHTTP",
            dependencies: [
                "ArgusCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MetricsServer",
            dependencies: [
                "ArgusCore", "ArgusHTTP", "ArgusConfig", "Relabel", "Exposition", "Storage", "TSDB", "PromQL",
                "Scrape", "Discovery", "RemoteStorage", "Rules", "Notifier", "OutboundHTTP", "GoTemplate",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            resources: [
                .embedInCode("WebUI/index.html"), .embedInCode("WebUI/argus.js"), .embedInCode("WebUI/argus.css"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HostCollectors",
            dependencies: ["ArgusCore", "Exposition", .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Exporters",
            dependencies: [
                "ArgusCore", "ArgusHTTP", "Exposition", "HostCollectors",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Alertmanager",
            dependencies: [
                "ArgusCore", "ArgusConfig", "ArgusHTTP", "GoTemplate", "OutboundHTTP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "GoTemplate", dependencies: ["ArgusCore"], swiftSettings: swiftSettings),
        .target(name: "PromTemplate", dependencies: ["GoTemplate", "ArgusCore"], swiftSettings: swiftSettings),
        .target(
            name: "Rules",
            dependencies: [
                "ArgusCore", "ArgusConfig", "Storage", "PromQL", "PromQLScript", "GoTemplate", "PromTemplate",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "Exposition", dependencies: ["ArgusCore"], swiftSettings: swiftSettings),
        .target(name: "Storage", dependencies: ["ArgusCore"], swiftSettings: swiftSettings),
        .target(name: "PromQL", dependencies: ["ArgusCore", "Storage"], swiftSettings: swiftSettings),
        .target(name: "TSDB", dependencies: ["ArgusCore", "Storage"], swiftSettings: swiftSettings),
        .target(
            name: "PromQLScript",
            dependencies: ["ArgusCore", "Storage", "PromQL"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ArgusTesting",
            dependencies: ["ArgusCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ArgusCoreTests",
            dependencies: ["ArgusCore", "ArgusTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ExpositionTests",
            dependencies: ["Exposition", "ArgusCore", "ArgusTesting"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AlertmanagerTests",
            dependencies: [
                "OutboundHTTP", "Alertmanager", "ArgusCore", "ArgusConfig", "ArgusTesting", "ArgusHTTP", "GoTemplate",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ExportersTests",
            dependencies: [
                "Exporters", "HostCollectors", "Exposition", "ArgusCore", "ArgusTesting", "ArgusHTTP",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StorageTests",
            dependencies: ["Storage", "ArgusCore", "ArgusTesting"],
            swiftSettings: swiftSettings
        ),
        // The child process of the TSDB crash test (killed with SIGKILL mid-write).
        .executableTarget(
            name: "tsdb-crash-writer",
            dependencies: ["TSDB", "Storage", "ArgusCore"],
            path: "Tests/CrashWriter",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TSDBTests",
            dependencies: [
                "TSDB", "Storage", "ArgusCore", "ArgusTesting", "Exposition", "PromQLScript", "tsdb-crash-writer",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GoTemplateTests",
            dependencies: ["GoTemplate", "ArgusCore"],
            exclude: ["GoldenGenerator"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PromTemplateTests",
            dependencies: ["PromTemplate", "GoTemplate", "ArgusCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RulesTests",
            dependencies: ["Rules", "PromQL", "Storage", "ArgusCore", "ArgusTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PromQLTests",
            dependencies: ["PromQL", "Storage", "ArgusCore", "ArgusTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PromQLScriptTests",
            dependencies: ["PromQLScript", "PromQL", "Storage", "ArgusCore", "ArgusTesting"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RelabelTests",
            dependencies: ["Relabel", "ArgusCore"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ArgusConfigTests",
            dependencies: ["ArgusConfig", "Relabel", "ArgusCore", "ArgusTesting"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OutboundHTTPTests",
            dependencies: ["OutboundHTTP", .product(name: "AsyncHTTPClient", package: "async-http-client")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "DiscoveryTests",
            dependencies: [
                "OutboundHTTP", "Discovery", "ArgusCore", "ArgusTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ScrapeTests",
            dependencies: [
                "Scrape", "ArgusCore", "Exposition", "Storage", "Discovery", "ArgusTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RemoteStorageTests",
            dependencies: [
                "OutboundHTTP", "RemoteStorage", "ArgusCore", "Exposition", "Storage", "ArgusConfig", "Relabel",
                "ArgusTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "NotifierTests",
            dependencies: [
                "OutboundHTTP", "Notifier", "ArgusCore", "ArgusConfig", "Relabel", "Discovery", "ArgusTesting",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ArgusHTTPTests",
            dependencies: [
                "ArgusHTTP", "ArgusCore",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MetricsServerTests",
            dependencies: [
                "MetricsServer", "ArgusHTTP", "ArgusConfig", "TSDB", "Storage", "PromQL", "Exposition", "ArgusCore",
                "ArgusTesting", "Scrape", "Discovery", "Rules",
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ArgusTests",
            dependencies: ["Argus", "ArgusTesting"],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "InteropTests",
            dependencies: ["PromQL", "Storage", "Exposition", "ArgusCore", "ArgusTesting"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
