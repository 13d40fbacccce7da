import ArgusTesting
import Exposition
import Foundation
import TSDB
import Testing

@testable import MetricsServer

/// The storage's `prometheus_tsdb_*` series on the server's `/metrics`.
@Suite struct StorageMetricsTests {
    @Test func metricsReportTheStorageUnderPrometheusNames() async throws {
        let harness = try await APITestHarness.seeded()
        let (_, text) = try await harness.get("/metrics")
        // The seeded head: 4 series with 21 samples each, one chunk each.
        for line in [
            "prometheus_tsdb_head_series 4", "prometheus_tsdb_head_series_created_total 4",
            #"prometheus_tsdb_head_samples_appended_total{type="float"} 84"#, "prometheus_tsdb_head_chunks 4",
            #"prometheus_tsdb_out_of_order_samples_total{type="float"} 0"#, "prometheus_tsdb_blocks_loaded 0",
            "# TYPE prometheus_tsdb_wal_fsync_duration_seconds summary", "prometheus_tsdb_wal_segment_current 0",
            // No chunk is full yet, so no head chunk file has been written.
            "prometheus_tsdb_head_chunks_storage_size_bytes 0",
            // Nothing compacted yet; the head bounds in milliseconds and seconds.
            #"prometheus_tsdb_compaction_duration_seconds_bucket{le="8192"} 0"#,
            #"prometheus_tsdb_compaction_duration_seconds_bucket{le="+Inf"} 0"#,
            "prometheus_tsdb_head_gc_duration_seconds_count 0",
            "prometheus_tsdb_wal_truncate_duration_seconds_sum 0",
            "prometheus_tsdb_wal_writes_failed_total 0", "prometheus_tsdb_wal_truncations_total 0",
            "prometheus_tsdb_wal_truncations_failed_total 0", "prometheus_tsdb_wal_completed_pages_total 0",
            "prometheus_tsdb_head_min_time 0", "prometheus_tsdb_head_min_time_seconds 0",
            "prometheus_tsdb_head_max_time 300000", "prometheus_tsdb_head_max_time_seconds 300",
            "prometheus_tsdb_lowest_timestamp 0", "prometheus_tsdb_lowest_timestamp_seconds 0",
        ] {
            #expect(text.split(separator: "\n").contains { $0 == line }, "\(line)")
        }
        let families = try ExpositionDecoder.decode(Array(text.utf8), format: .text, strictness: .expfmt)
        let storage = families.filter { $0.name.hasPrefix("prometheus_tsdb_") }
        #expect(storage.count == 36)
        #expect(MetricsLinter.lint(storage).isEmpty, "\(MetricsLinter.lint(storage))")
    }

    /// An empty head reports Go's bounds of an empty head, as Prometheus does.
    @Test func emptyHeadReportsPrometheusSentinels() throws {
        let directory = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let (db, _) = try DB.open(directory: directory.path)
        let lines = TSDBMetrics.exposition(db.metrics).split(separator: "\n")
        for line in [
            "prometheus_tsdb_head_min_time 9.223372036854776e+18",
            "prometheus_tsdb_head_min_time_seconds 9.223372036854776e+15",
            "prometheus_tsdb_head_max_time -9.223372036854776e+18",
            "prometheus_tsdb_lowest_timestamp 9.223372036854776e+18",
        ] {
            #expect(lines.contains { $0 == line }, "\(line)")
        }
    }
}
