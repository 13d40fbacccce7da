import ArgusCore
import TSDB

/// The storage's `prometheus_tsdb_*` families, under Prometheus 2.42's
/// names, help texts and types, from ``DB/metrics``.
enum TSDBMetrics {
    /// The families in the text format.
    static func exposition(_ m: DB.Metrics) -> String {
        var out = ""
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(suffix: String, value: Double)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n"
            for sample in samples { out += "\(name)\(sample.suffix) \(GoFloat.formatG(sample.value))\n" }
        }
        func gauge(_ name: String, _ help: String, _ value: Int) {
            family(name, "gauge", help, [("", Double(value))])
        }
        func counter(_ name: String, _ help: String, _ value: Int, type: Bool = false) {
            family(name, "counter", help, [(type ? "{type=\"float\"}" : "", Double(value))])
        }
        func durations(_ name: String, _ help: String, _ observed: DurationObservations) {
            var samples: [(suffix: String, value: Double)] = []
            for (bound, count) in zip(observed.bounds, observed.cumulativeCounts) {
                samples.append(("_bucket{le=\"\(GoFloat.formatG(bound))\"}", Double(count)))
            }
            if !observed.bounds.isEmpty { samples.append(("_bucket{le=\"+Inf\"}", Double(observed.count))) }
            samples += [("_sum", observed.sum), ("_count", Double(observed.count))]
            family(name, observed.bounds.isEmpty ? "summary" : "histogram", help, samples)
        }
        /// A time in milliseconds and, under `_seconds`, in whole seconds (as Prometheus' main registers it).
        func time(_ name: String, _ help: String, _ secondsHelp: String, _ milliseconds: Int64) {
            family(name, "gauge", help, [("", Double(milliseconds))])
            family(name + "_seconds", "gauge", secondsHelp, [("", Double(milliseconds / 1000))])
        }
        gauge("prometheus_tsdb_blocks_loaded", "Number of currently loaded data blocks", m.blocks)
        counter(
            "prometheus_tsdb_checkpoint_creations_total", "Total number of checkpoint creations attempted.",
            m.checkpoints)
        durations("prometheus_tsdb_compaction_duration_seconds", "Duration of compaction runs", m.compactionDuration)
        counter(
            "prometheus_tsdb_compactions_failed_total", "Total number of compactions that failed for the partition.",
            m.compactionsFailed)
        counter(
            "prometheus_tsdb_compactions_total", "Total number of compactions that were executed for the partition.",
            m.compactions)
        gauge("prometheus_tsdb_head_chunks", "Total number of chunks in the head block.", m.head.chunks)
        counter(
            "prometheus_tsdb_head_chunks_created_total", "Total number of chunks created in the head",
            m.head.chunksCreated)
        counter(
            "prometheus_tsdb_head_chunks_removed_total", "Total number of chunks removed in the head",
            m.head.chunksRemoved)
        gauge(
            "prometheus_tsdb_head_chunks_storage_size_bytes", "Size of the chunks_head directory.",
            m.head.chunkFileBytes)
        durations(
            "prometheus_tsdb_head_gc_duration_seconds", "Runtime of garbage collection in the head block.",
            m.headGCDuration)
        time(
            "prometheus_tsdb_head_max_time",
            "Maximum timestamp of the head block. The unit is decided by the library consumer.",
            "Maximum timestamp of the head block.", m.head.maxTime)
        time(
            "prometheus_tsdb_head_min_time",
            "Minimum time bound of the head block. The unit is decided by the library consumer.",
            "Minimum time bound of the head block.", m.head.minTime)
        counter(
            "prometheus_tsdb_head_samples_appended_total", "Total number of appended samples.", m.head.samplesAppended,
            type: true)
        gauge("prometheus_tsdb_head_series", "Total number of series in the head block.", m.head.series)
        counter(
            "prometheus_tsdb_head_series_created_total", "Total number of series created in the head",
            m.head.seriesCreated)
        counter(
            "prometheus_tsdb_head_series_removed_total", "Total number of series removed in the head",
            m.head.seriesRemoved)
        counter(
            "prometheus_tsdb_head_truncations_total", "Total number of head truncations attempted.",
            m.head.truncations)
        time(
            "prometheus_tsdb_lowest_timestamp",
            "Lowest timestamp value stored in the database. The unit is decided by the library consumer.",
            "Lowest timestamp value stored in the database.", m.lowestTimestamp)
        counter(
            "prometheus_tsdb_out_of_bound_samples_total",
            "Total number of out of bound samples ingestion failed attempts with out of order support disabled.",
            m.outOfBoundSamples, type: true)
        counter(
            "prometheus_tsdb_out_of_order_samples_total",
            "Total number of out of order samples ingestion failed attempts due to out of order being disabled.",
            m.head.outOfOrderSamples, type: true)
        counter(
            "prometheus_tsdb_size_retentions_total",
            "The number of times that blocks were deleted because the maximum number of bytes was exceeded.",
            m.sizeRetentions)
        family(
            "prometheus_tsdb_storage_blocks_bytes", "gauge",
            "The number of bytes that are currently used for local storage by all blocks.",
            [("", Double(m.blockBytes))])
        counter(
            "prometheus_tsdb_time_retentions_total",
            "The number of times that blocks were deleted because the maximum time limit was exceeded.",
            m.timeRetentions)
        counter(
            "prometheus_tsdb_wal_completed_pages_total", "Total number of completed pages.", m.wal.completedPages)
        counter("prometheus_tsdb_wal_corruptions_total", "Total number of WAL corruptions.", m.wal.corruptions)
        family(
            "prometheus_tsdb_wal_fsync_duration_seconds", "summary", "Duration of write log fsync.",
            [("_sum", m.wal.fsyncSeconds), ("_count", Double(m.wal.fsyncs))])
        counter("prometheus_tsdb_wal_page_flushes_total", "Total number of page flushes.", m.wal.pageFlushes)
        gauge(
            "prometheus_tsdb_wal_segment_current", "Write log segment index that TSDB is currently writing to.",
            m.wal.segment)
        family(
            "prometheus_tsdb_wal_storage_size_bytes", "gauge", "Size of the write log directory.",
            [("", Double(m.walBytes))])
        durations(
            "prometheus_tsdb_wal_truncate_duration_seconds", "Duration of WAL truncation.", m.walTruncateDuration)
        counter(
            "prometheus_tsdb_wal_truncations_failed_total", "Total number of write log truncations that failed.",
            m.wal.truncationsFailed)
        counter(
            "prometheus_tsdb_wal_truncations_total", "Total number of write log truncations attempted.",
            m.wal.truncations)
        counter(
            "prometheus_tsdb_wal_writes_failed_total", "Total number of write log writes that failed.",
            m.wal.writesFailed)
        return out
    }
}
