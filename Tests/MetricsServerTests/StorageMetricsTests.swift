import Exposition
import Foundation
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
        ] {
            #expect(text.split(separator: "\n").contains { $0 == line }, "\(line)")
        }
        let families = try ExpositionDecoder.decode(Array(text.utf8), format: .text, strictness: .expfmt)
        let storage = families.filter { $0.name.hasPrefix("prometheus_tsdb_") }
        #expect(storage.count == 22)
        #expect(MetricsLinter.lint(storage).isEmpty, "\(MetricsLinter.lint(storage))")
    }
}
