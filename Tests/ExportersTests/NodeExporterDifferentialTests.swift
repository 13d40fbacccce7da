import ArgusCore
import ArgusTesting
import Exposition
import Foundation
import Logging
import Testing

@testable import HostCollectors

/// Argus' collectors and the real node-exporter 1.5 on this machine's own
/// `/proc` and `/sys`, each with exactly the collectors Argus enables by
/// default: the same collectors succeed, the same families come out with
/// the same types, help texts and label names, and what does not change
/// between two scrapes (uname, os-release, boot time, totals) is equal.
@Suite(.serialized) struct NodeExporterDifferentialTests {
    /// Families whose series come and go between two scrapes.
    static let volatileSeries: Set<String> = [
        "node_textfile_mtime_seconds", "node_udp_queues", "node_arp_entries",
    ]

    /// Families whose values cannot change between two close scrapes.
    static let constantFamilies: [String] = [
        "node_uname_info", "node_os_info", "node_os_version", "node_boot_time_seconds", "node_memory_MemTotal_bytes",
        "node_filefd_maximum", "node_entropy_pool_size_bits", "node_time_zone_offset_seconds",
        "node_filesystem_size_bytes", "node_filesystem_readonly", "node_disk_info", "node_network_mtu_bytes",
    ]

    /// Debian patches node-exporter's defaults (it excludes `lo` from netdev
    /// and more mount points from filesystem); Argus has upstream's, so the
    /// Debian binary is given upstream's explicitly.
    static let debianDefaultsUndone = [
        "--collector.netdev.device-exclude=",
        "--collector.filesystem.mount-points-exclude=" + NodeCollectorOptions().filesystemMountPointsExclude,
    ]

    static func scrapeReal(collectors: [String]) async throws -> String {
        let port = BackgroundProcess.freePort()
        let directory = try Fixtures.temporaryDirectory("node-exporter-diff")
        defer { try? FileManager.default.removeItem(at: directory) }
        let arguments =
            [
                "--web.listen-address=127.0.0.1:\(port)", "--collector.disable-defaults",
                "--web.disable-exporter-metrics",
            ]
            + collectors.map { "--collector.\($0)" } + debianDefaultsUndone
        let exporter = try BackgroundProcess.start(
            try #require(Peer.locate("prometheus-node-exporter"), "prometheus-node-exporter is not installed"),
            arguments, in: directory)
        defer { exporter.stop() }
        try await exporter.waitForLog("Listening on")
        return String(decoding: try await Peer.httpGet("http://127.0.0.1:\(port)/metrics"), as: UTF8.self)
    }

    static func families(_ text: String) throws -> [String: MetricFamily] {
        let decoded = try ExpositionDecoder.decode(Array(text.utf8), format: .text)
        return Dictionary(decoded.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    @Test(.enabled(if: Peer.available("prometheus-node-exporter"), "prometheus-node-exporter is not installed"))
    func sameFamiliesAsNodeExporterOnThisHost() async throws {
        let collectors = NodeExporter.defaultCollectorNames
        let exporter = try NodeExporter(
            enabled: collectors, environment: NodeEnvironment(), logger: Logger(label: "test"))
        let ours = try Self.families(await exporter.gather().textExposition)
        let theirs = try await Self.families(try Self.scrapeReal(collectors: collectors))

        func success(_ families: [String: MetricFamily]) -> [String: Double] {
            Dictionary(
                (families["node_scrape_collector_success"]?.samples ?? []).map {
                    ($0.labels["collector"] ?? "", $0.value)
                },
                uniquingKeysWith: { first, _ in first })
        }
        #expect(success(ours) == success(theirs))

        // The scrape results are compared above; the rest is about the exporter binary itself.
        let skipped: Set<String> = [
            "node_scrape_collector_success", "node_scrape_collector_duration_seconds", "node_exporter_build_info",
            "promhttp_metric_handler_errors_total",
        ]
        for name in Set(ours.keys).union(theirs.keys).subtracting(skipped).sorted() {
            guard let mine = ours[name] else {
                Issue.record("\(name): node-exporter reports it, Argus does not")
                continue
            }
            guard let real = theirs[name] else {
                Issue.record("\(name): Argus reports it, node-exporter does not")
                continue
            }
            #expect(mine.type == real.type, "\(name)")
            #expect(mine.help == real.help, "\(name)")
            let myLabelNames = Set(mine.samples.map { $0.labels.map(\.name) })
            let realLabelNames = Set(real.samples.map { $0.labels.map(\.name) })
            #expect(myLabelNames == realLabelNames, "\(name)")
            if !Self.volatileSeries.contains(name) {
                #expect(Set(mine.samples.map(\.labels)) == Set(real.samples.map(\.labels)), "\(name)")
            }
        }
        for name in Self.constantFamilies {
            guard let mine = ours[name], let real = theirs[name] else { continue }
            let myValues = Dictionary(mine.samples.map { ($0.labels, $0.value) }, uniquingKeysWith: { a, _ in a })
            let realValues = Dictionary(real.samples.map { ($0.labels, $0.value) }, uniquingKeysWith: { a, _ in a })
            #expect(myValues == realValues, "\(name)")
        }
    }
}
