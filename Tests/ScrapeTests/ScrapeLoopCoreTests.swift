import ArgusCore
import ArgusTesting
import Exposition
import Storage
import Synchronization
import Testing

@testable import Scrape

@Suite struct ScrapeLoopCoreTests {
    static let target: Labels = ["instance": "host:9100", "job": "node"]
    static let text = "text/plain; version=0.0.4; charset=utf-8"

    func makeCore(
        honorLabels: Bool = false,
        honorTimestamps: Bool = true,
        trackTimestampsStaleness: Bool = false,
        limits: ScrapeLimits = ScrapeLimits(),
        metricRelabel: Relabeler? = nil,
        fallbackFormat: ExpositionFormat? = .text
    ) -> ScrapeLoopCore {
        ScrapeLoopCore(
            options: ScrapeLoopOptions(
                targetLabels: Self.target,
                honorLabels: honorLabels,
                honorTimestamps: honorTimestamps,
                trackTimestampsStaleness: trackTimestampsStaleness,
                limits: limits,
                metricRelabel: metricRelabel,
                fallbackFormat: fallbackFormat
            )
        )
    }

    @discardableResult
    func scrape(
        _ core: inout ScrapeLoopCore,
        _ body: String,
        at timestamp: Int64,
        into storage: RecordingStorage,
        contentType: String? = text,
        error: ScrapeError? = nil,
        duration: Double = 0.25
    ) -> ScrapeOutcome {
        core.scrapeAndReport(
            body: Array(body.utf8),
            contentType: contentType,
            fetchError: error,
            timestamp: timestamp,
            storage: storage,
            elapsed: { duration }
        )
    }

    func series(_ name: String, _ extra: [String: String] = [:]) -> Labels {
        var labels = ["__name__": name, "instance": "host:9100", "job": "node"]
        for (key, value) in extra { labels[key] = value }
        return Labels(labels)
    }

    func report(_ storage: RecordingStorage, _ name: String) -> [Double] {
        storage.values(series(name))
    }

    // MARK: Samples and synthetic series

    @Test func samplesThenSyntheticSeriesInOneBatch() {
        let storage = RecordingStorage()
        var core = makeCore()
        let outcome = scrape(&core, "metric_a 1\nmetric_b{x=\"y\"} 2\n", at: 1000, into: storage)
        #expect(outcome.error == nil)
        #expect(storage.commits == 1)
        #expect(
            storage.records.map(\.labels) == [
                series("metric_a"), series("metric_b", ["x": "y"]), series("up"), series("scrape_duration_seconds"),
                series("scrape_samples_scraped"), series("scrape_samples_post_metric_relabeling"),
                series("scrape_series_added"),
            ]
        )
        #expect(storage.records.map(\.value) == [1, 2, 1, 0.25, 2, 2, 2])
        #expect(storage.records.allSatisfy { $0.timestamp == 1000 })

        scrape(&core, "metric_a 3\nmetric_b{x=\"y\"} 4\n", at: 2000, into: storage)
        #expect(report(storage, "scrape_series_added") == [2, 0])
        #expect(storage.values(series("metric_a")) == [1, 3])
    }

    @Test func conflictingLabelsAreExportedWithoutHonorLabels() {
        let storage = RecordingStorage()
        var core = makeCore()
        scrape(&core, "m{job=\"x\",exported_job=\"y\",instance=\"z\"} 1\n", at: 1000, into: storage)
        #expect(
            storage.records.first?.labels
                == Labels([
                    "__name__": "m", "job": "node", "instance": "host:9100", "exported_job": "y",
                    "exported_exported_job": "x", "exported_instance": "z",
                ])
        )
    }

    @Test func scrapedLabelsWinWithHonorLabels() {
        let storage = RecordingStorage()
        var core = makeCore(honorLabels: true)
        scrape(&core, "m{job=\"x\"} 1\n", at: 1000, into: storage)
        #expect(storage.records.first?.labels == Labels(["__name__": "m", "job": "x", "instance": "host:9100"]))
        // The synthetic series always carry the target's labels.
        #expect(report(storage, "up") == [1])
    }

    @Test func emptyLabelValuesAreDropped() {
        let storage = RecordingStorage()
        var core = makeCore()
        scrape(&core, "m{a=\"\",b=\"1\"} 1\n", at: 1000, into: storage)
        #expect(storage.records.first?.labels == series("m", ["b": "1"]))
    }

    @Test func metricRelabelingDropsAndRewrites() {
        let storage = RecordingStorage()
        var core = makeCore(metricRelabel: { labels in
            if labels.name == "drop_me" { return nil }
            return labels.setting("relabeled", to: "yes")
        })
        let outcome = scrape(&core, "drop_me 1\nkeep_me 2\n", at: 1000, into: storage)
        #expect(outcome.samplesScraped == 2)
        #expect(outcome.samplesPostRelabeling == 1)
        #expect(storage.records(named: "drop_me").isEmpty)
        #expect(storage.records(named: "keep_me").first?.labels == series("keep_me", ["relabeled": "yes"]))
        #expect(report(storage, "scrape_samples_post_metric_relabeling") == [1])
    }

    @Test func missingMetricNameAfterRelabelingFailsTheScrape() {
        let storage = RecordingStorage()
        var core = makeCore(metricRelabel: { $0.removing([Labels.metricName]) })
        let outcome = scrape(&core, "m{a=\"1\"} 1\n", at: 1000, into: storage)
        #expect(outcome.error?.message == "missing metric name (__name__ label)")
        #expect(report(storage, "up") == [0])
    }

    @Test func unchangedSeriesSkipRelabeling() {
        let calls = Mutex(0)
        let storage = RecordingStorage()
        var core = makeCore(metricRelabel: { labels in
            calls.withLock { $0 += 1 }
            return labels
        })
        let body = "a 1\nb{x=\"1\"} 2\nc 3\n"
        scrape(&core, body, at: 1000, into: storage)
        scrape(&core, body, at: 2000, into: storage)
        scrape(&core, body + "d 4\n", at: 3000, into: storage)
        #expect(calls.withLock { $0 } == 4)
        #expect(core.cache.seriesCount == 4)
    }

    /// Series appear in new orders, in the middle, twice, and go away: the
    /// cache's in-order fast path must find exactly what hashing would.
    @Test(arguments: 0..<20)
    func reorderedAddedAndRemovedSeriesStayCachedExactly(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let calls = Mutex(0)
        let storage = RecordingStorage()
        var core = makeCore(metricRelabel: { labels in
            calls.withLock { $0 += 1 }
            return labels["drop"] == "yes" ? nil : labels
        })
        let pool = (0..<60).map { i in i % 13 == 0 ? "m\(i){drop=\"yes\"}" : "m\(i){k=\"\(i % 7)\"}" }
        var known: Set<String> = []
        var present = Array(pool.prefix(30))
        for round in 0..<12 {
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: present.shuffle(using: &rng)
            case 1: present.insert(pool.randomElement(using: &rng)!, at: Int.random(in: 0...present.count, using: &rng))
            case 2: if !present.isEmpty { present.remove(at: Int.random(in: 0..<present.count, using: &rng)) }
            default: present.reverse()
            }
            let distinct = Set(present)
            let kept = present.filter { !$0.contains("drop") }
            let body = present.map { "\($0) \(round)\n" }.joined()
            let before = calls.withLock { $0 }
            let outcome = scrape(&core, body, at: Int64(round + 1) * 1000, into: storage)
            #expect(outcome.error == nil)
            // Relabeling runs once per text the cache did not know.
            #expect(calls.withLock { $0 } - before == distinct.subtracting(known).count, "round \(round)")
            #expect(outcome.seriesAdded == Set(kept).subtracting(known).count, "round \(round)")
            // A text met twice in one scrape is a duplicate the second time.
            #expect(outcome.samplesPostRelabeling == kept.count, "round \(round)")
            #expect(core.cache.seriesCount == Set(kept).count, "round \(round)")
            known = distinct
            for text in Set(kept) {
                let name = String(text.prefix { $0 != "{" })
                let values = storage.records(named: name).filter { $0.timestamp == Int64(round + 1) * 1000 }
                #expect(values.map(\.value) == [Double(round)], "round \(round): \(text)")
            }
        }
    }

    // MARK: Limits

    @Test func sampleLimitFailsTheWholeScrape() {
        let storage = RecordingStorage()
        var core = makeCore(limits: ScrapeLimits(sampleLimit: 2))
        let outcome = scrape(&core, "a 1\nb 1\nc 1\n", at: 1000, into: storage)
        #expect(outcome.error == .sampleLimitExceeded)
        #expect(outcome.error?.message == "sample limit exceeded")
        #expect(storage.records.map { $0.labels.name } == ScrapeLoopCore.reportMetricNames)
        #expect(report(storage, "up") == [0])
        #expect(report(storage, "scrape_samples_scraped") == [3])
        #expect(report(storage, "scrape_samples_post_metric_relabeling") == [3])
        #expect(report(storage, "scrape_series_added") == [2])
    }

    /// Upstream's TestScrapeLoopRunCreatesStaleMarkersOnSampleLimit: series
    /// appended before the limit was hit do not go stale.
    @Test func sampleLimitStalenessMatchesUpstream() {
        let storage = RecordingStorage()
        var core = makeCore(limits: ScrapeLimits(sampleLimit: 4))
        scrape(&core, "metric_a 10\nmetric_b 10\nmetric_c 10\nmetric_d 10\n", at: 1000, into: storage)
        scrape(&core, "metric_a 20\nmetric_b 20\nmetric_c 20\nmetric_d 20\nmetric_e 999\n", at: 2000, into: storage)
        scrape(&core, "metric_a 30\nmetric_b 30\nmetric_c 30\nmetric_d 30\n", at: 3000, into: storage)
        scrape(&core, "", at: 4000, into: storage, error: ScrapeError(.transport, "scrape failed"))
        let values = storage.records.map(\.value)
        #expect(values.count == (4 + 5) + 5 + (4 + 5) + (4 + 5))
        #expect(values[0..<4].allSatisfy { $0 == 10 })
        #expect(values[14..<18].allSatisfy { $0 == 30 })
        #expect(values[23..<27].allSatisfy { StaleMarker.isStale($0) })
        #expect(report(storage, "up") == [1, 0, 1, 0])
    }

    @Test func labelLimits() {
        let storage = RecordingStorage()
        var core = makeCore(limits: ScrapeLimits(labelLimit: 4))
        var outcome = scrape(&core, "m{a=\"1\"} 1\nm{a=\"1\",b=\"2\"} 1\n", at: 1000, into: storage)
        #expect(outcome.error?.message == "label_limit exceeded (metric: m, number of labels: 5, limit: 4)")
        #expect(storage.records(named: "m").isEmpty)

        core = makeCore(limits: ScrapeLimits(labelNameLengthLimit: 8))
        outcome = scrape(&core, "m{long_name=\"1\"} 1\n", at: 2000, into: storage)
        #expect(
            outcome.error?.message
                == "label_name_length_limit exceeded (metric: m, label name: long_name, length: 9, limit: 8)"
        )

        core = makeCore(limits: ScrapeLimits(labelValueLengthLimit: 9))
        outcome = scrape(&core, "m{a=\"0123456789\"} 1\n", at: 3000, into: storage)
        #expect(
            outcome.error?.message
                == "label_value_length_limit exceeded (metric: m, label name: a, value: \"0123456789\", length: 10, limit: 9)"
        )
        #expect(outcome.error?.code == .labelLimit)
        #expect(report(storage, "up") == [0, 0, 0])
    }

    // MARK: Staleness

    @Test func disappearedSeriesGetStaleMarkers() {
        let storage = RecordingStorage()
        var core = makeCore()
        scrape(&core, "a 1\nb 1\n", at: 1000, into: storage)
        let outcome = scrape(&core, "a 2\n", at: 2000, into: storage)
        #expect(outcome.staleMarkers == 1)
        let b = storage.records.filter { $0.labels == series("b") }
        #expect(b.count == 2)
        #expect(b.last?.timestamp == 2000)
        #expect(b.last?.isStale == true)
        // Only once: the next scrape does not mark it again.
        scrape(&core, "a 3\n", at: 3000, into: storage)
        #expect(storage.records.filter { $0.labels == series("b") }.count == 2)
    }

    @Test func failedScrapeMarksEverythingStale() {
        let storage = RecordingStorage()
        var core = makeCore()
        scrape(&core, "a 1\nb 1\n", at: 1000, into: storage)
        let outcome = scrape(
            &core,
            "",
            at: 2000,
            into: storage,
            error: ScrapeError(.httpStatus, "server returned HTTP status 503 Service Unavailable")
        )
        #expect(outcome.error?.message == "server returned HTTP status 503 Service Unavailable")
        #expect(outcome.staleMarkers == 2)
        #expect(storage.records.filter { $0.timestamp == 2000 && $0.isStale }.count == 2)
        #expect(report(storage, "up") == [1, 0])
        #expect(report(storage, "scrape_samples_scraped") == [2, 0])
        // Coming back: the series are new to the loop's staleness tracking again.
        scrape(&core, "a 5\n", at: 3000, into: storage)
        #expect(storage.values(series("a")).last == 5)
        #expect(report(storage, "up") == [1, 0, 1])
    }

    /// Upstream's TestScrapeLoopRunCreatesStaleMarkersOnParseFailure.
    @Test func parseFailureMarksStale() {
        let storage = RecordingStorage()
        var core = makeCore()
        scrape(&core, "metric_a 42\n", at: 1000, into: storage)
        let outcome = scrape(&core, "7&-\n", at: 2000, into: storage)
        #expect(outcome.error?.code == .parse)
        scrape(&core, "", at: 3000, into: storage, error: ScrapeError(.transport, "scrape failed"))
        let values = storage.records.map(\.value)
        #expect(values.count == 1 + 1 + 15)
        #expect(values[0] == 42)
        #expect(StaleMarker.isStale(values[6]))
    }

    @Test func endOfRunStalenessMarksSeriesAndReport() {
        let storage = RecordingStorage()
        var core = makeCore()
        scrape(&core, "a 1\nb 1\n", at: 1000, into: storage)
        core.appendEndOfRunStaleness(timestamp: 5000, storage: storage)
        let stale = storage.records.filter { $0.timestamp == 5000 }
        #expect(stale.allSatisfy { $0.isStale })
        #expect(
            Set(stale.map(\.labels))
                == Set([series("a"), series("b")] + ScrapeLoopCore.reportMetricNames.map { series($0) })
        )
    }

    @Test func explicitTimestampsAreNotTrackedForStaleness() {
        let storage = RecordingStorage()
        var core = makeCore()
        scrape(&core, "a 1 500\nb 1\n", at: 1000, into: storage)
        scrape(&core, "", at: 2000, into: storage, error: ScrapeError(.transport, "down"))
        #expect(storage.values(series("a")) == [1])
        #expect(storage.values(series("b")).count == 2)

        let tracking = RecordingStorage()
        core = makeCore(trackTimestampsStaleness: true)
        scrape(&core, "a 1 500\n", at: 1000, into: tracking)
        scrape(&core, "", at: 2000, into: tracking, error: ScrapeError(.transport, "down"))
        #expect(tracking.values(series("a")).count == 2)
    }

    @Test func honorTimestampsOffUsesScrapeTime() {
        let storage = RecordingStorage()
        var core = makeCore(honorTimestamps: false)
        scrape(&core, "a 1 500\n", at: 1000, into: storage)
        #expect(storage.records.first?.timestamp == 1000)
    }

    // MARK: Storage rejections

    @Test func storageRejectionsAreCountedNotFatal() {
        let storage = RecordingStorage()
        var core = makeCore()
        scrape(&core, "a 1 5000\n", at: 5000, into: storage)
        let outcome = scrape(&core, "a 2 4000\nb 1\nb 2\nc 1 \(5000 + 11 * 60 * 1000)\n", at: 6000, into: storage)
        #expect(outcome.error == nil)
        #expect(outcome.outOfOrder == 1)
        #expect(outcome.duplicates == 1)
        #expect(outcome.outOfBounds == 1)
        #expect(outcome.samplesPostRelabeling == 4)
        #expect(storage.values(series("b")) == [1])
        #expect(report(storage, "up") == [1, 1])
    }

    // MARK: Formats

    @Test func formatFollowsContentType() {
        let openMetrics = "# TYPE a counter\n# HELP a Done.\na_total 1\n# EOF\n"
        let storage = RecordingStorage()
        var core = makeCore()
        var outcome = scrape(
            &core,
            openMetrics,
            at: 1000,
            into: storage,
            contentType: "application/openmetrics-text; version=1.0.0; charset=utf-8"
        )
        #expect(outcome.error == nil)
        #expect(storage.values(series("a_total")) == [1])
        // OpenMetrics requires `# EOF`; the text format does not.
        outcome = scrape(&core, "a_total 2\n", at: 2000, into: storage, contentType: "application/openmetrics-text")
        #expect(outcome.error?.code == .parse)
        outcome = scrape(&core, "a_total 3\n", at: 3000, into: storage, contentType: "text/plain")
        #expect(outcome.error == nil)
        #expect(ScrapeLoopCore.format(contentType: nil, fallback: .text) == .success(.text))
        #expect(ScrapeLoopCore.format(contentType: "application/json", fallback: .text) == .success(.text))
        #expect(
            ScrapeLoopCore.format(contentType: "Application/OpenMetrics-Text; version=0.0.1", fallback: nil)
                == .success(.openMetrics)
        )
    }

    /// The parser skips checking series texts the cache knows; a text new
    /// to the cache is still checked, and a cached text checked in another
    /// format is checked again (this one is valid text, not OpenMetrics).
    @Test func cachedTextsSkipChecksOnlyInTheirFormat() {
        let storage = RecordingStorage()
        var core = makeCore()
        let spaced = "a{x=\"1\", y=\"2\"} 1\n"
        #expect(scrape(&core, spaced, at: 1000, into: storage).error == nil)
        #expect(scrape(&core, spaced, at: 2000, into: storage).error == nil)
        #expect(storage.values(series("a", ["x": "1", "y": "2"])) == [1, 1])
        let duplicate = scrape(&core, spaced + "b{x=\"1\",x=\"2\"} 1\n", at: 3000, into: storage)
        #expect(duplicate.error?.message == "line 2, column 9: duplicate label name \"x\"")
        let outcome = scrape(
            &core, spaced + "# EOF\n", at: 4000, into: storage, contentType: "application/openmetrics-text")
        #expect(outcome.error?.message == "line 1, column 9: invalid label name \" \"")
        #expect(scrape(&core, spaced, at: 5000, into: storage).error == nil)
        #expect(report(storage, "up") == [1, 1, 0, 0, 1])
        #expect(storage.values(series("a", ["x": "1", "y": "2"])).last == 1)
    }

    @Test func missingContentTypeWithoutFallbackFails() {
        let storage = RecordingStorage()
        var core = makeCore(fallbackFormat: nil)
        let outcome = scrape(&core, "a 1\n", at: 1000, into: storage, contentType: nil)
        #expect(
            outcome.error?.message
                == "non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target"
        )
        #expect(report(storage, "up") == [0])
    }

    @Test func metadataIsRemembered() {
        let storage = RecordingStorage()
        var core = makeCore()
        scrape(
            &core,
            "# HELP a_total Things done.\n# TYPE a_total counter\na_total 1\n# TYPE g gauge\ng 2\n",
            at: 1000,
            into: storage
        )
        #expect(
            core.metadata == [
                MetricMetadata(metricFamily: "a_total", type: .counter, help: "Things done."),
                MetricMetadata(metricFamily: "g", type: .gauge),
            ]
        )
        let changed = core.takeMetadataChanges()
        let changedAgain = core.takeMetadataChanges()
        #expect(changed)
        #expect(!changedAgain)
    }
}
