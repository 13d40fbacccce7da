import ArgusCore
import CoreMetrics
import Logging
import NIOCore
import Storage
import Synchronization

/// Scrapes one target every interval and stores the result: the timing
/// shell around a ``ScrapeLoopCore`` (upstream's `scrapeLoop.run`).
///
/// The first scrape waits for the target's stable offset within the
/// interval; later ones follow at whole intervals, with timestamps aligned to
/// the schedule when within 2 ms (at most 1% of the interval). When the
/// loop is stopped because its target went away, it waits two more
/// intervals and then writes stale markers for everything it last stored,
/// unless the server is shutting down or a successor took over its cache.
final class ScrapeLoop: Sendable {
    let target: ScrapeTarget
    let status = TargetStatus()
    private let scraper: any Scraper
    private let storage: any Appendable
    private let request: ScrapeRequest
    private let options: ScrapeLoopOptions
    private let offsetSeed: UInt64
    private let wallClock: @Sendable () -> Int64
    private let logger: Logger
    private let metrics: ScrapeMetrics?
    private let predecessor: ScrapeLoop?
    private let reuseCache: Bool

    private let stopEvent = OneShotEvent()
    private let shutdownEvent: OneShotEvent
    /// Fired when the loop stopped scraping (its core is then available to a successor).
    private let stoppedEvent = OneShotEvent()
    private struct Control: Sendable {
        var forcedError: ScrapeError?
        var endOfRunStalenessDisabled = false
        var handoverCore: ScrapeLoopCore?
    }
    private let control = Mutex(Control())

    /// - Parameters:
    ///   - predecessor: a loop for the same target being replaced; this one
    ///     starts after it stopped, taking over its cache when `reuseCache`.
    ///   - shutdownEvent: fired when the whole server shuts down.
    ///   - wallClock: the current time in milliseconds since the epoch.
    init(
        target: ScrapeTarget,
        pool: ScrapePoolOptions,
        scraper: any Scraper,
        storage: any Appendable,
        shutdownEvent: OneShotEvent,
        offsetSeed: UInt64,
        wallClock: @escaping @Sendable () -> Int64,
        logger: Logger,
        metrics: ScrapeMetrics?,
        predecessor: ScrapeLoop? = nil,
        reuseCache: Bool = false
    ) {
        self.target = target
        self.scraper = scraper
        self.storage = storage
        self.request = ScrapeRequest(
            url: target.url,
            timeout: .milliseconds(target.timeout.milliseconds),
            bodySizeLimit: pool.bodySizeLimit,
            enableCompression: pool.enableCompression,
            headers: pool.headers
        )
        self.options = ScrapeLoopOptions(target: target, pool: pool)
        self.shutdownEvent = shutdownEvent
        self.offsetSeed = offsetSeed
        self.wallClock = wallClock
        var logger = logger
        logger[metadataKey: "scrape_pool"] = "\(pool.jobName)"
        logger[metadataKey: "target"] = "\(target.url)"
        self.logger = logger
        self.metrics = metrics
        self.predecessor = predecessor
        self.reuseCache = reuseCache
        if reuseCache { predecessor?.disableEndOfRunStaleness() }
    }

    /// Makes every scrape fail with `error` (a `target_limit` or interval
    /// problem), or lifts that when nil.
    func setForcedError(_ error: ScrapeError?) {
        control.withLock { $0.forcedError = error }
    }

    /// Stops scraping; end-of-run stale markers follow unless disabled.
    func stop() {
        stopEvent.fire()
    }

    /// Keeps the loop from writing end-of-run stale markers.
    func disableEndOfRunStaleness() {
        control.withLock { $0.endOfRunStalenessDisabled = true }
    }

    /// Returns once the loop stopped scraping.
    func waitUntilStopped() async {
        await stoppedEvent.wait()
    }

    /// Runs until stopped, shut down or cancelled.
    func run() async {
        var core: ScrapeLoopCore
        if let predecessor {
            await predecessor.waitUntilStopped()
            if reuseCache, var inherited = predecessor.control.withLock({ $0.handoverCore }) {
                inherited.update(options: options)
                core = inherited
            } else {
                core = ScrapeLoopCore(options: options, logger: logger, metrics: metrics)
            }
        } else {
            core = ScrapeLoopCore(options: options, logger: logger, metrics: metrics)
        }
        let clock = ContinuousClock()
        let interval = Duration.milliseconds(target.interval.milliseconds)
        let intervalMs = target.interval.milliseconds
        let events = [stopEvent, shutdownEvent]

        let offset = target.offset(nowNanoseconds: wallClock() * 1_000_000, seed: offsetSeed)
        var next = clock.now + .nanoseconds(offset)
        var lastScrape: Int64?
        if !(await OneShotEvent.sleep(until: next, unless: events)) {
            next = clock.now
            var aligned = wallClock()
            let tolerance = min(intervalMs / 100, 2)
            let intervalTimer = metrics?.intervalLength(interval: target.interval.description)
            while !Task.isCancelled, !stopEvent.isFired, !shutdownEvent.isFired {
                var scrapeTime = wallClock()
                while scrapeTime - aligned >= intervalMs { aligned += intervalMs }
                if scrapeTime - aligned <= tolerance { scrapeTime = aligned }
                if let lastScrape, let intervalTimer {
                    intervalTimer.recordMilliseconds(scrapeTime - lastScrape)
                }
                let start = clock.now
                var fetchError = control.withLock { $0.forcedError }
                var response: ScrapeResponse?
                if fetchError == nil {
                    do {
                        response = try await scraper.scrape(request)
                    } catch {
                        fetchError = error
                        logger.debug("Scrape failed", metadata: ["err": "\(error)"])
                    }
                }
                if Task.isCancelled || shutdownEvent.isFired { break }
                let body = response?.body ?? ByteBuffer()
                let outcome = core.scrapeAndReport(
                    body: body.readableBytesView,
                    contentType: response?.contentType,
                    fetchError: fetchError,
                    timestamp: scrapeTime,
                    storage: storage,
                    elapsed: { ScrapeLoop.seconds(start.duration(to: clock.now)) }
                )
                status.report(start: scrapeTime, duration: outcome.durationSeconds, error: outcome.error)
                if core.takeMetadataChanges() { status.setMetadata(core.metadata) }
                lastScrape = scrapeTime
                next = next + interval
                while next < clock.now { next = next + interval }
                if await OneShotEvent.sleep(until: next, unless: events) { break }
            }
        }
        control.withLock { $0.handoverCore = core }
        stoppedEvent.fire()
        guard !Task.isCancelled, !shutdownEvent.isFired, lastScrape != nil else { return }
        await endOfRunStaleness(&core, next: next, interval: interval)
    }

    /// Waits until the next two scrapes would have happened, plus 10% of an
    /// interval, then writes stale markers at the first of those times.
    private func endOfRunStaleness(_ core: inout ScrapeLoopCore, next: ContinuousClock.Instant, interval: Duration)
        async
    {
        let clock = ContinuousClock()
        var tick = next
        while tick < clock.now { tick = tick + interval }
        if await OneShotEvent.sleep(until: tick, unless: [shutdownEvent]) { return }
        let staleTime = wallClock()
        if await OneShotEvent.sleep(until: tick + interval + interval / 10, unless: [shutdownEvent]) { return }
        if control.withLock({ $0.endOfRunStalenessDisabled }) { return }
        core.appendEndOfRunStaleness(timestamp: staleTime, storage: storage)
        logger.debug("Wrote end-of-run stale markers")
    }

    static func seconds(_ duration: Duration) -> Double {
        duration.inSeconds
    }
}
