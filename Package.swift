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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2")
    ],
    targets: [
        .executableTarget(
            name: "Argus",
            dependencies: [
                "ArgusCore",
                "Exposition",
                "PromQLScript",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(name: "ArgusCore", swiftSettings: swiftSettings),
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
            name: "ArgusTests",
            dependencies: ["Argus", "ArgusTesting"],
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
