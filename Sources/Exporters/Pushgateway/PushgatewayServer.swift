import ArgusCore
import ArgusHTTP
import Foundation
import Hummingbird
import Logging
import NIOCore
import Prometheus
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What `/api/v1/status` reports besides the start time.
public struct PushgatewayStatus: Sendable {
    /// `build_information`: version, revision, branch, buildUser, buildDate, goVersion.
    public var buildInformation: [String: String]
    /// `flags`: every flag's name and value as given (or defaulted).
    public var flags: [String: String]

    /// What `/api/v1/status` shows.
    public init(buildInformation: [String: String], flags: [String: String]) {
        self.buildInformation = buildInformation
        self.flags = flags
    }
}

/// `argus pushgateway`: accepts pushed metric groups over HTTP, exposes
/// them (with its own metrics) for scraping, and keeps them in a
/// persistence file across restarts, as Prometheus' Pushgateway 1.5 does.
///
/// The server restores the persistence file when it starts, writes it at
/// most once per `--persistence.interval` after a change, and once more
/// when it shuts down gracefully.
public final class PushgatewayServer: Service, Sendable {
    /// The flags in force.
    public let options: PushgatewayOptions
    let status: PushgatewayStatus
    let logger: Logger
    let selfMetrics: SelfMetrics
    /// Called with the bound address once the server listens.
    let onListening: @Sendable (ListenAddress) async -> Void
    /// Asks the process to shut down (`/-/quit`).
    let requestShutdown: @Sendable () async -> Void
    /// Wall-clock start, in nanoseconds since the epoch.
    let startTime: Int64
    /// The store, created by ``run()`` from the persistence file.
    private let storeBox = Mutex<MetricStore?>(nil)
    /// Wakes the persistence loop after a change.
    let changes: AsyncStream<Void>
    let changeSignal: AsyncStream<Void>.Continuation

    /// A server with `options`; `onListening` gets the bound address (port 0 picks one),
    /// `requestShutdown` is called for `/-/quit`.
    public init(
        options: PushgatewayOptions,
        status: PushgatewayStatus,
        logger: Logger,
        selfMetrics: SelfMetrics = SelfMetrics(),
        onListening: @escaping @Sendable (ListenAddress) async -> Void = { _ in },
        requestShutdown: @escaping @Sendable () async -> Void = {}
    ) {
        self.options = options
        self.status = status
        self.logger = logger
        self.selfMetrics = selfMetrics
        self.onListening = onListening
        self.requestShutdown = requestShutdown
        self.startTime = Self.wallClockNanoseconds()
        (changes, changeSignal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The store, once ``run()`` has loaded it.
    public var store: MetricStore? { storeBox.withLock { $0 } }

    /// Restores the persistence file, serves until graceful shutdown, then persists once more.
    public func run() async throws {
        selfMetrics.registry.makeGauge(
            name: "pushgateway_build_info",
            labels: [("goversion", "swift"), ("revision", ""), ("version", status.buildInformation["version"] ?? "")],
            help:
                "A metric with a constant '1' value labeled by version, revision, branch, and goversion from which pushgateway was built."
        ).set(1.0)
        let store = MetricStore(groups: restore(), predefinedHelp: predefinedHelp())
        storeBox.withLock { $0 = store }
        let address = options.listenAddress
        let app = Application(
            responder: PushgatewayResponder(server: self, store: store),
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: nil),
            onServerRunning: { [self] channel in
                let port = channel.localAddress?.port ?? address.port
                logger.info("Listening", metadata: ["address": "\(address.host):\(port)"])
                await onListening(ListenAddress(host: address.host, port: port))
            },
            logger: logger
        )
        var failure: (any Error)?
        do {
            try await withGracefulShutdownHandler {
                try await withThrowingDiscardingTaskGroup { group in
                    group.addTask { try await app.run() }
                    group.addTask { [self] in
                        await cancelWhenGracefulShutdown { await self.persistenceLoop(store) }
                    }
                }
            } onGracefulShutdown: { [logger] in
                logger.info("Shutting down gracefully")
            }
        } catch {
            logger.error("HTTP server stopped", metadata: ["err": "\(error)"])
            failure = error
        }
        changeSignal.finish()
        logger.info("HTTP server stopped")
        persist(store)
        if let failure { throw failure }
    }

    /// The groups of the persistence file. A file that cannot be read is
    /// logged, kept aside as `<file>.corrupt`, and the gateway starts empty,
    /// as the Pushgateway starts when it cannot load its file.
    func restore() -> [MetricGroup] {
        let path = options.persistenceFile
        guard !path.isEmpty else { return [] }
        do {
            let groups = try PersistenceFile.load(path: path)
            logger.info("Metrics restored", metadata: ["file": "\(path)", "groups": "\(groups.count)"])
            return groups
        } catch {
            logger.error(
                "Could not load persisted metrics", metadata: ["file": "\(path)", "err": "\(error.description)"])
            if error.offset != nil, rename(path, path + ".corrupt") == 0 {
                logger.warning("Kept the unreadable persistence file", metadata: ["file": "\(path).corrupt"])
            }
            return []
        }
    }

    /// The help texts of the gateway's own metrics, which pushed families
    /// of the same name are given.
    func predefinedHelp() -> [String: String] {
        var help: [String: String] = [:]
        for family in ownFamilies() { help[family.name] = family.help ?? "" }
        return help
    }

    /// The gateway's own metrics as families.
    func ownFamilies() -> [PushedMetricFamily] {
        let families = (try? PushTextParser.parse(selfMetrics.exposition())) ?? [:]
        return families.values.sorted { $0.name.utf8Less($1.name) }
    }

    /// Notes a change of the store for the persistence loop.
    func storeChanged() {
        changeSignal.yield()
    }

    /// Writes the persistence file after changes, at most once per interval.
    func persistenceLoop(_ store: MetricStore) async {
        guard !options.persistenceFile.isEmpty else { return }
        let clock = ContinuousClock()
        var lastPersist = clock.now
        var persistedVersion = store.version
        for await _ in changes {
            let due = lastPersist + options.persistenceInterval
            if due > clock.now {
                do {
                    try await Task.sleep(until: due, clock: clock)
                } catch {
                    return
                }
            }
            guard store.version != persistedVersion else { continue }
            lastPersist = clock.now
            if let version = persist(store) { persistedVersion = version }
        }
    }

    /// Writes the persistence file now; returns the version written.
    @discardableResult
    func persist(_ store: MetricStore) -> UInt64? {
        let path = options.persistenceFile
        guard !path.isEmpty else { return nil }
        do {
            let version = try store.persist(to: path)
            logger.info("Metrics persisted", metadata: ["file": "\(path)"])
            return version
        } catch {
            logger.error("Error persisting metrics", metadata: ["err": "\(error.description)"])
            return nil
        }
    }

    /// Nanoseconds since the Unix epoch.
    static func wallClockNanoseconds() -> Int64 {
        let seconds = Date().timeIntervalSince1970
        let whole = seconds.rounded(.down)
        return Int64(whole) * 1_000_000_000 + Int64(((seconds - whole) * 1e9).rounded())
    }

    /// A time as Go's `time.RFC3339Nano` prints it in UTC.
    static func rfc3339Nano(_ nanoseconds: Int64) -> String {
        var (seconds, nanos) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        if nanos < 0 {
            nanos += 1_000_000_000
            seconds -= 1
        }
        var text = Timestamp.formatRFC3339(seconds * 1000)
        guard nanos != 0 else { return text }
        text.removeLast()
        var digits = String(nanos)
        digits = String(repeating: "0", count: 9 - digits.count) + digits
        while digits.hasSuffix("0") { digits.removeLast() }
        return text + "." + digits + "Z"
    }
}
