import ArgusCore
import CoreMetrics
import Exposition
import Logging
import Storage

/// The clock-free heart of a scrape loop (upstream's `scrapeLoop.append`,
/// `report` and staleness handling): given a scraped body, it parses it,
/// labels and limits the samples, appends them with the synthetic series in
/// one batch, and remembers what it saw for the next scrape.
///
/// The caller supplies the scrape timestamp, so a test drives it with any
/// clock it likes. A core is used by one task at a time; it is a value, so
/// a restarted loop can take over its predecessor's state.
public struct ScrapeLoopCore: Sendable {
    /// How samples are labelled and limited.
    public private(set) var options: ScrapeLoopOptions
    var cache = ScrapeCache()
    let logger: Logger
    let metrics: ScrapeMetrics?
    /// `up`, `scrape_duration_seconds`, … with the target labels.
    private(set) var reportLabels: [Labels]

    /// How far ahead of the scrape time a sample timestamp may be (upstream's `maxAheadTime`).
    static let maxAheadMilliseconds: Int64 = 10 * 60 * 1000

    /// Names of the synthetic series, in the order they are appended.
    public static let reportMetricNames = [
        "up", "scrape_duration_seconds", "scrape_samples_scraped", "scrape_samples_post_metric_relabeling",
        "scrape_series_added",
    ]

    public init(
        options: ScrapeLoopOptions,
        logger: Logger = Logger(label: "argus.scrape"),
        metrics: ScrapeMetrics? = nil
    ) {
        self.options = options
        self.logger = logger
        self.metrics = metrics
        reportLabels = ScrapeLoopCore.reportMetricNames.map {
            ScrapeLoopCore.reportLabels(name: $0, target: options.targetLabels)
        }
    }

    /// Replaces the options, keeping the cache (upstream reuses a cache when
    /// nothing that shapes series changed).
    public mutating func update(options: ScrapeLoopOptions) {
        self.options = options
        reportLabels = ScrapeLoopCore.reportMetricNames.map {
            ScrapeLoopCore.reportLabels(name: $0, target: options.targetLabels)
        }
    }

    // MARK: One scrape

    /// Stores the result of one scrape, with its synthetic series, the way
    /// upstream's `scrapeAndReport` does:
    ///
    /// - the samples and stale markers for series that disappeared are
    ///   appended to one batch, followed by `up`, `scrape_duration_seconds`,
    ///   `scrape_samples_scraped`, `scrape_samples_post_metric_relabeling`
    ///   and `scrape_series_added`, and the batch is committed;
    /// - when appending the samples fails (parse error, sample or label
    ///   limit), that batch is rolled back and a new one gets the stale
    ///   markers and the synthetic series with `up` 0;
    /// - when the fetch failed (`fetchError`), the scrape counts as empty:
    ///   every series of the previous scrape gets a stale marker.
    ///
    /// - Parameters:
    ///   - body: the (decompressed) response body; ignored when `fetchError` is set.
    ///   - contentType: the response's `Content-Type`.
    ///   - fetchError: why fetching failed, if it did.
    ///   - timestamp: the scrape time in milliseconds, used for samples without one.
    ///   - storage: where to append.
    ///   - elapsed: returns the scrape's duration in seconds so far; called
    ///     just before the synthetic series are appended.
    /// - Returns: what the scrape produced.
    @discardableResult
    public mutating func scrapeAndReport(
        body: some Collection<UInt8>,
        contentType: String?,
        fetchError: ScrapeError?,
        timestamp: Int64,
        storage: any Appendable,
        elapsed: () -> Double
    ) -> ScrapeOutcome {
        var outcome = ScrapeOutcome()
        var appender = storage.appender()
        var appendError: ScrapeError?
        if fetchError == nil {
            appendError = append(body, contentType: contentType, timestamp: timestamp, to: appender, into: &outcome)
        } else {
            appendError = append(
                EmptyCollection(), contentType: nil, timestamp: timestamp, to: appender, into: &outcome)
        }
        if let appendError {
            appender.rollback()
            appender = storage.appender()
            logger.debug("Append failed", metadata: ["err": "\(appendError)"])
            // Stale markers for what is gone, as after an empty scrape.
            var staleOutcome = ScrapeOutcome()
            if let error = append(
                EmptyCollection(),
                contentType: nil,
                timestamp: timestamp,
                to: appender,
                into: &staleOutcome
            ) {
                appender.rollback()
                appender = storage.appender()
                logger.warning("Append failed", metadata: ["err": "\(error)"])
            }
            outcome.staleMarkers = staleOutcome.staleMarkers
        }
        outcome.error = fetchError ?? appendError
        outcome.durationSeconds = elapsed()
        do {
            try report(outcome, timestamp: timestamp, to: appender)
        } catch {
            appender.rollback()
            logger.warning("Appending scrape report failed", metadata: ["err": "\(error)"])
            return outcome
        }
        do {
            try appender.commit()
        } catch {
            outcome.commitError = error.message
            logger.error("Scrape commit failed", metadata: ["err": "\(error)"])
        }
        return outcome
    }

    /// Writes stale markers for every series of the last successful scrape
    /// and for the synthetic series, when a target's loop ends
    /// (upstream's `endOfRunStaleness`). Out-of-order rejections (the target
    /// came back in a new loop meanwhile) are ignored.
    public mutating func appendEndOfRunStaleness(timestamp: Int64, storage: any Appendable) {
        let appender = storage.appender()
        var outcome = ScrapeOutcome()
        if let error = append(EmptyCollection(), contentType: nil, timestamp: timestamp, to: appender, into: &outcome) {
            logger.warning("Stale append failed", metadata: ["err": "\(error)"])
        }
        for labels in reportLabels {
            try? appendIgnoringOrder(appender, labels, timestamp, StaleMarker.value)
        }
        do {
            try appender.commit()
        } catch {
            logger.warning("Stale commit failed", metadata: ["err": "\(error)"])
        }
    }

    /// The metadata of the families the target exposed recently.
    public var metadata: [MetricMetadata] { cache.allMetadata }

    /// Whether metadata changed since the last call; resets the flag.
    mutating func takeMetadataChanges() -> Bool { cache.takeMetadataChanges() }

    // MARK: Appending samples

    /// Appends the samples of `body` (upstream's `scrapeLoopAppender.append`).
    /// An empty body only writes stale markers. Returns the error that
    /// fails the scrape, leaving the appender for the caller to roll back.
    mutating func append(
        _ body: some Collection<UInt8>,
        contentType: String?,
        timestamp: Int64,
        to appender: any Appender,
        into outcome: inout ScrapeOutcome
    ) -> ScrapeError? {
        if body.isEmpty {
            let error = appendStaleMarkers(appender, timestamp, &outcome)
            cache.iterDone(flush: false)
            return error
        }
        let format: ExpositionFormat
        switch ScrapeLoopCore.format(contentType: contentType, fallback: options.fallbackFormat) {
        case .success(let chosen): format = chosen
        case .failure(let error): return error
        }
        cache.prepare(for: format)
        var parser = ExpositionParser(body, format: format)
        // Texts the cache knows were checked when first seen.
        parser.defersLabels = true
        var limiter = SampleLimiter(limit: options.limits.sampleLimit, maxTime: timestamp + Self.maxAheadMilliseconds)
        var failure: ScrapeError?
        var sampleLimitHit = false

        parsing: while true {
            let entry: ExpositionParser.Entry?
            do {
                entry = try parser.next(expectingSeries: cache.expectedText)
            } catch {
                failure = ScrapeError(.parse, error.description)
                break
            }
            guard let entry else { break }
            switch entry {
            case .type:
                cache.setType(parser.metadataName, parser.metricType)
                continue
            case .help:
                cache.setHelp(parser.metadataName, parser.helpText)
                continue
            case .unit:
                cache.setUnit(parser.metadataName, parser.unitText)
                continue
            case .comment:
                continue
            case .sample:
                break
            }
            outcome.samplesScraped += 1

            let parsedTimestamp = options.honorTimestamps ? parser.timestamp : nil
            let sampleTime = parsedTimestamp ?? timestamp
            let labels: Labels
            var ref: Int?
            var storageRef: SeriesRef?
            var alreadyScraped = false
            var cachedSlot = 0
            var newKey: SeriesKey?
            switch cache.lookup(parser.seriesBytes, isExpected: parser.matchedExpectedSeries) {
            case .dropped:
                continue
            case .cached(let entry, let scraped, let slot):
                labels = entry.labels
                ref = entry.ref
                storageRef = entry.storageRef
                alreadyScraped = scraped
                cachedSlot = slot
            case .unknown(let key):
                newKey = key
                do {
                    try parser.checkDeferredLabels()
                } catch {
                    failure = ScrapeError(.parse, error.description)
                    break parsing
                }
                guard let mutated = sampleLabels(parser.labels()) else {
                    cache.addDropped(key)
                    continue
                }
                guard mutated.has(Labels.metricName) else {
                    failure = ScrapeError(.invalidSeries, "missing metric name (__name__ label)")
                    break parsing
                }
                if let error = verifyLabelLimits(mutated) {
                    metrics?.exceededLabelLimits.increment()
                    failure = error
                    break parsing
                }
                labels = mutated
            }

            var result: SampleAppendResult
            if alreadyScraped && parsedTimestamp == nil {
                result = .duplicate
            } else {
                result = limiter.append(
                    appender,
                    labels,
                    sampleTime,
                    parser.value,
                    knownSeries: ref != nil,
                    storageRef: storageRef
                )
            }
            switch result {
            case .appended:
                break
            case .sampleLimit:
                sampleLimitHit = true
            case .outOfOrder:
                outcome.outOfOrder += 1
                metrics?.sampleOutOfOrder.increment()
            case .duplicate:
                outcome.duplicates += 1
                metrics?.sampleDuplicate.increment()
            case .outOfBounds:
                outcome.outOfBounds += 1
                metrics?.sampleOutOfBounds.increment()
            case .failed(let error):
                failure = ScrapeError(.storage, error.message)
                break parsing
            }
            let tracksStaleness = parsedTimestamp == nil || options.trackTimestampsStaleness
            if case .appended(let newStorageRef) = result {
                if let ref {
                    if tracksStaleness { cache.trackStaleness(ref, labels) }
                    if newStorageRef != storageRef { cache.setStorageRef(cachedSlot, newStorageRef) }
                } else if let newKey {
                    let newRef = cache.add(newKey, labels: labels, storageRef: newStorageRef)
                    if tracksStaleness { cache.trackStaleness(newRef, labels) }
                    if !sampleLimitHit { outcome.seriesAdded += 1 }
                }
            }
            // Counted even when the storage refused the sample: this is the
            // number of series exposed after relabeling.
            outcome.samplesPostRelabeling += 1
        }
        if sampleLimitHit {
            if failure == nil { failure = .sampleLimitExceeded }
            metrics?.exceededSampleLimit.increment()
        }
        if outcome.outOfOrder > 0 {
            logger.warning(
                "Error on ingesting out-of-order samples", metadata: ["num_dropped": "\(outcome.outOfOrder)"])
        }
        if outcome.duplicates > 0 {
            logger.warning(
                "Error on ingesting samples with different value but same timestamp",
                metadata: ["num_dropped": "\(outcome.duplicates)"]
            )
        }
        if outcome.outOfBounds > 0 {
            logger.warning(
                "Error on ingesting samples that are too old or are too far into the future",
                metadata: ["num_dropped": "\(outcome.outOfBounds)"]
            )
        }
        if failure == nil {
            failure = appendStaleMarkers(appender, timestamp, &outcome)
        }
        if failure == nil, cache.iterDone(flush: true) {
            metrics?.cacheFlushForced.increment()
        }
        return failure
    }

    /// Appends stale markers for the series of the previous scrape missing
    /// from this one; out-of-order and duplicate rejections are expected
    /// (the series came back under a new loop) and ignored.
    private mutating func appendStaleMarkers(
        _ appender: any Appender,
        _ timestamp: Int64,
        _ outcome: inout ScrapeOutcome
    ) -> ScrapeError? {
        for labels in cache.staleSeries {
            do {
                try appender.append(labels, timestamp: timestamp, value: StaleMarker.value)
                outcome.staleMarkers += 1
            } catch {
                if error.code == .outOfOrderSample || error.code == .duplicateSampleForTimestamp { continue }
                return ScrapeError(.storage, error.message)
            }
        }
        return nil
    }

    /// Picks the parser for `contentType` as upstream's `textparse.New`.
    static func format(contentType: String?, fallback: ExpositionFormat?) -> Result<ExpositionFormat, ScrapeError> {
        let raw = contentType ?? ""
        let mediaType = raw.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: " \t").lowercased()
        }
        switch mediaType {
        case "application/openmetrics-text": return .success(.openMetrics)
        case "text/plain": return .success(.text)
        default: break
        }
        if let fallback { return .success(fallback) }
        if raw.isEmpty {
            return .failure(
                ScrapeError(
                    .contentType,
                    "non-compliant scrape target sending blank Content-Type and no fallback_scrape_protocol specified for target"
                )
            )
        }
        return .failure(
            ScrapeError(
                .contentType,
                "received unsupported Content-Type \(GoString.quote(raw)) and no fallback_scrape_protocol specified for target"
            )
        )
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        var s = self
        while let first = s.first, set.contains(first) { s = s.dropFirst() }
        while let last = s.last, set.contains(last) { s = s.dropLast() }
        return String(s)
    }
}
