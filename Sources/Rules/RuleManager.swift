import ArgusCore
import Logging
import ServiceLifecycle
import Synchronization

/// Runs the rule groups of the configured rule files (Prometheus' rule manager). A reload
/// replaces changed groups, keeping the alert state of rules that stay, and marks the series
/// of removed rules stale.
public final class RuleManager: Service, Sendable {
    /// The options every group gets; the evaluation context's external labels and URL are
    /// replaced on each ``update(files:interval:externalLabels:externalURL:)``.
    let baseOptions: RuleGroupOptions
    let logger: Logger
    private let groupsByKey = Mutex<[String: RuleGroup]>([:])
    /// Groups removed by a reload that may still be evaluating: a group with the same key
    /// starts only once they stopped, so two never write the same series at once.
    private let stopping = Mutex<[String: RuleGroup]>([:])
    private let queryOffset = QueryOffsetBox()
    /// Whether a configuration has been applied: only the groups of the first one restore
    /// their `for` state.
    private let updated = Mutex(false)
    private let jobs: AsyncStream<@Sendable () async -> Void>
    private let launcher: AsyncStream<@Sendable () async -> Void>.Continuation
    private let shutdownEvent = OneShotEvent()

    public init(options: RuleGroupOptions) {
        var options = options
        options.defaultQueryOffset = { [queryOffset] in queryOffset.value }
        self.baseOptions = options
        self.logger = options.logger
        (jobs, launcher) = AsyncStream.makeStream()
    }

    /// `global.rule_query_offset` in milliseconds, for groups without their own `query_offset`.
    public var defaultQueryOffset: Int64 {
        get { queryOffset.value }
        set { queryOffset.value = newValue }
    }

    /// The running groups, ordered by file and name.
    public var groups: [RuleGroup] {
        groupsByKey.withLock { Array($0.values) }.sorted { ($0.file, $0.name) < ($1.file, $1.name) }
    }

    /// Loads `files` and swaps the running groups for them. Nothing changes when a file
    /// has errors: they are all in the thrown error.
    public func update(files: [String], interval: Int64, externalLabels: Labels, externalURL: String)
        throws(RuleFileErrors)
    {
        var options = baseOptions
        options.context.externalLabels = externalLabels
        options.context.externalURL = externalURL
        let shouldRestore = !updated.withLock { $0 }
        let loaded = try RuleLoader.loadGroups(
            files: files, interval: interval, options: options, shouldRestore: shouldRestore)
        updated.withLock { $0 = true }
        let shutdown = shutdownEvent
        let removedAt = Timestamp.now()
        let metrics = baseOptions.metrics
        groupsByKey.withLock { running in
            var next: [String: RuleGroup] = [:]
            for group in loaded {
                let old = running.removeValue(forKey: group.key)
                if let old, old.hasSameDefinition(as: group), old.options.context.externalURL == externalURL,
                    old.options.context.externalLabels == externalLabels
                {
                    next[group.key] = old
                    continue
                }
                next[group.key] = group
                let predecessor = old ?? self.stopping.withLock { $0[group.key] }
                launcher.yield {
                    if let old {
                        old.stopEvent.fire()
                        await old.stoppedEvent.wait()
                        group.copyState(from: old)
                    } else if let predecessor {
                        await predecessor.stoppedEvent.wait()
                    }
                    await group.run(shutdown: shutdown)
                }
            }
            let keptKeys = Set(next.keys)
            for old in running.values {
                old.markStale.withLock { $0 = true }
                old.stopEvent.fire()
                self.stopping.withLock { $0[old.key] = old }
                launcher.yield { [self] in
                    await old.stoppedEvent.wait()
                    self.stopping.withLock { if $0[old.key] === old { $0[old.key] = nil } }
                    if !keptKeys.contains(old.key) { metrics?.remove(old.key) }
                    // The markers carry the removal time and are written two intervals later:
                    // a renamed rule has written newer samples by then, which rejects them.
                    let wait = old.interval.multipliedReportingOverflow(by: 2)
                    let deadline =
                        ContinuousClock.now + .milliseconds(wait.overflow ? Int64.max / 2 : wait.partialValue)
                    if await OneShotEvent.sleep(until: deadline, unless: [shutdown]) { return }
                    old.markAllStale(at: removedAt)
                }
            }
            running = next
        }
        logger.info(
            "Rules loaded", metadata: ["files": "\(files.count)", "groups": "\(loaded.count)"])
    }

    /// Runs the groups until a graceful shutdown or cancellation.
    public func run() async throws {
        let jobs = self.jobs
        let launcher = self.launcher
        let shutdownEvent = self.shutdownEvent
        logger.info("Starting rule manager")
        await withGracefulShutdownHandler {
            await withDiscardingTaskGroup { group in
                for await job in jobs {
                    group.addTask { await job() }
                }
            }
        } onGracefulShutdown: {
            shutdownEvent.fire()
            launcher.finish()
        }
        logger.info("Rule manager stopped")
    }

    /// Stops every group and ends ``run()``.
    public func shutdown() {
        shutdownEvent.fire()
        launcher.finish()
    }
}

/// The default query offset, shared by the manager and every group it runs.
final class QueryOffsetBox: Sendable {
    private let milliseconds = Mutex<Int64>(0)

    var value: Int64 {
        get { milliseconds.withLock { $0 } }
        set { milliseconds.withLock { $0 = newValue } }
    }
}
