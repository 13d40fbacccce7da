import Logging
import ServiceLifecycle

/// Garbage-collects and snapshots the silences and the notification log
/// every ``interval`` (Alertmanager's maintenance loop), and once more on
/// shutdown so a restart loses nothing.
public struct SilenceMaintenance: Service {
    /// The outcome of maintaining one target.
    public struct Outcome: Sendable {
        public var name: String
        /// How many items garbage collection removed.
        public var removed: Int
        /// The snapshot's size, when one was written.
        public var snapshotBytes: Int?
        /// Why the snapshot failed, if it did.
        public var error: SnapshotError?
    }

    public var targets: [MaintenanceTarget]
    public var interval: Duration
    /// How soon a change is written to its snapshot.
    public var writeBehindInterval: Duration = .milliseconds(100)
    public var logger: Logger

    /// Maintains `targets` every `interval` (Alertmanager's 15 minutes).
    public init(targets: [MaintenanceTarget], interval: Duration = .seconds(15 * 60), logger: Logger) {
        self.targets = targets
        self.interval = interval
        self.logger = logger
    }

    /// Runs until graceful shutdown or cancellation, then maintains once
    /// more before returning. Between maintenance runs, a target whose
    /// ``SnapshotMaintainable/version`` changed is snapshotted within
    /// ``writeBehindInterval``, so even a killed process keeps its silences
    /// and notification log.
    public func run() async throws {
        var written = targets.map(\.store.version)
        var nextMaintenance = ContinuousClock.now + interval
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: writeBehindInterval) }
            } catch {
                break
            }
            if ContinuousClock.now >= nextMaintenance {
                maintain(final: false)
                nextMaintenance = ContinuousClock.now + interval
                written = targets.map(\.store.version)
            } else {
                writeChanged(&written)
            }
        }
        maintain(final: true)
    }

    private func writeChanged(_ written: inout [UInt64]) {
        for (index, target) in targets.enumerated() {
            let version = target.store.version
            guard version != written[index], let path = target.snapshotPath else { continue }
            do {
                _ = try target.store.snapshot(to: path)
                written[index] = version
            } catch {
                logger.warning("Writing snapshot failed", metadata: ["target": "\(target.name)", "err": "\(error)"])
            }
        }
    }

    /// Garbage-collects and snapshots every target now, logging one line.
    @discardableResult
    public func maintain(final: Bool = false) -> [Outcome] {
        let start = ContinuousClock.now
        var outcomes: [Outcome] = []
        var metadata: Logger.Metadata = ["maintenance.final": "\(final)"]
        var failed = false
        for target in targets {
            var outcome = Outcome(name: target.name, removed: target.store.gc(), snapshotBytes: nil, error: nil)
            metadata["\(target.name).removed"] = "\(outcome.removed)"
            if let path = target.snapshotPath {
                do {
                    outcome.snapshotBytes = try target.store.snapshot(to: path)
                    metadata["\(target.name).snapshot_bytes"] = "\(outcome.snapshotBytes ?? 0)"
                } catch {
                    outcome.error = error
                    metadata["\(target.name).error"] = "\(error)"
                    failed = true
                }
            }
            outcomes.append(outcome)
        }
        metadata["maintenance.duration"] = "\(ContinuousClock.now - start)"
        if failed {
            logger.warning("Running maintenance failed", metadata: metadata)
        } else {
            logger.info("Maintenance done", metadata: metadata)
        }
        return outcomes
    }
}
