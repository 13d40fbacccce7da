import ArgusCore
import GoTemplate
import Synchronization

/// Every alert Alertmanager holds, by fingerprint. Alerts received through
/// the API are merged into it; the dispatcher subscribes to it; resolved
/// alerts are dropped by ``collectGarbage(now:)``.
public final class AlertStore: Sendable {
    private struct State {
        var alerts: [Fingerprint: Alert] = [:]
        var listeners: [Int: AsyncStream<Alert>.Continuation] = [:]
        var nextListener = 0
    }

    private let state = Mutex(State())
    private let marker: AlertMarker

    public init(marker: AlertMarker) {
        self.marker = marker
    }

    /// Merges alerts into the store and hands each to every subscriber. A new
    /// version is merged with the stored one when their activity overlaps;
    /// otherwise it replaces it (an alert that fires again after resolving).
    public func put(_ alerts: [Alert], now: GoTime) {
        state.withLock { state in
            for var alert in alerts {
                let fingerprint = alert.fingerprint
                if let old = state.alerts[fingerprint] {
                    let endsInside = alert.endsAt > old.startsAt && alert.endsAt < old.endsAt
                    let startsInside = alert.startsAt > old.startsAt && alert.startsAt < old.endsAt
                    if endsInside || startsInside {
                        alert = old.merged(with: alert, now: now)
                    }
                }
                state.alerts[fingerprint] = alert
                for listener in state.listeners.values { listener.yield(alert) }
            }
        }
    }

    /// The stored version of an alert.
    public func get(_ fingerprint: Fingerprint) -> Alert? {
        state.withLock { $0.alerts[fingerprint] }
    }

    /// Every stored alert, resolved ones included.
    public func all() -> [Alert] {
        state.withLock { Array($0.alerts.values) }
    }

    /// How many alerts are stored.
    public var count: Int { state.withLock { $0.alerts.count } }

    /// A stream of every stored alert followed by every alert put later.
    /// The stream ends when the consumer stops iterating it.
    public func subscribe() -> AsyncStream<Alert> {
        let (stream, continuation) = AsyncStream.makeStream(of: Alert.self, bufferingPolicy: .unbounded)
        let id = state.withLock { state in
            for alert in state.alerts.values { continuation.yield(alert) }
            let id = state.nextListener
            state.nextListener += 1
            state.listeners[id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.listeners.removeValue(forKey: id) }
        }
        return stream
    }

    /// Drops resolved alerts and their marks; returns how many were dropped.
    @discardableResult
    public func collectGarbage(now: GoTime) -> Int {
        let removed = state.withLock { state in
            let resolved = state.alerts.filter { $0.value.resolved(at: now) }.map(\.key)
            for fingerprint in resolved { state.alerts.removeValue(forKey: fingerprint) }
            return resolved
        }
        for fingerprint in removed { marker.delete(fingerprint) }
        return removed.count
    }

    /// Unresolved alerts by marker state, for `alertmanager_alerts{state}`.
    public func count(_ status: AlertStatus.State, now: GoTime) -> Int {
        let unresolved = state.withLock { $0.alerts.values.filter { !$0.resolved(at: now) }.map(\.fingerprint) }
        return unresolved.reduce(0) { $0 + (marker.status($1).state == status ? 1 : 0) }
    }

    /// Ends every subscription (at shutdown).
    public func close() {
        let listeners = state.withLock { state in
            defer { state.listeners.removeAll() }
            return Array(state.listeners.values)
        }
        for listener in listeners { listener.finish() }
    }
}
