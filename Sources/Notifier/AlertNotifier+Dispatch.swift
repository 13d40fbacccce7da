import ArgusConfig
import ArgusCore
import AsyncHTTPClient
import Logging
import Metrics
import NIOCore
import NIOHTTP1
import OutboundHTTP
import Synchronization

extension AlertNotifier {
    /// One request of a batch: a payload for one Alertmanager of one set.
    struct Delivery: Sendable {
        /// The index of the set in the snapshot the batch was sent with.
        var set: Int
        var url: String
        var count: Int
        var payload: [UInt8]
        var client: OutboundClient
        var credentials: AuthorizationHeader
        var timeout: TimeAmount
        var metrics: NotifierMetrics.Endpoint
    }

    /// Takes the oldest alerts off the queue and sends them; counts them as
    /// dropped when some set that was sent to accepted them nowhere.
    func sendOneBatch() async {
        let batch = state.withLock { state in
            let batch = state.queue.popBatch(maxCount: options.maxBatchSize)
            metrics.queueLength.record(state.queue.count)
            return batch
        }
        guard !batch.isEmpty else { return }
        if !(await sendAll(batch)) {
            metrics.dropped.increment(by: Int64(batch.count))
        }
    }

    /// Sends `batch` to every Alertmanager of every set at once (upstream's
    /// `sendAll`) and returns whether each set that had something to send
    /// got it accepted by at least one of its Alertmanagers. Sets without
    /// Alertmanagers, or whose `alert_relabel_configs` drop every alert, are
    /// skipped.
    func sendAll(_ batch: [Alert]) async -> Bool {
        let began = ContinuousClock.now
        let (sets, endpointMetrics) = state.withLock { ($0.sets, $0.endpointMetrics) }
        var deliveries: [Delivery] = []
        var attempted = Set<Int>()
        var sharedPayload: [UInt8]?
        for (index, set) in sets.enumerated() where !set.active.isEmpty {
            var alerts = batch
            let payload: [UInt8]
            if set.config.alertRelabelConfigs.isEmpty {
                if sharedPayload == nil { sharedPayload = Alert.apiV2Payload(batch) }
                payload = sharedPayload ?? []
            } else {
                alerts = Alert.relabel(batch, rules: set.config.alertRelabelConfigs, externalLabels: Labels())
                if alerts.isEmpty { continue }
                payload = Alert.apiV2Payload(alerts)
            }
            attempted.insert(index)
            let timeout = TimeAmount.milliseconds(max(1, set.config.timeout.milliseconds))
            for alertmanager in set.active {
                deliveries.append(
                    Delivery(
                        set: index, url: alertmanager.url, count: alerts.count, payload: payload, client: set.client,
                        credentials: set.credentials, timeout: timeout,
                        metrics: endpointMetrics[alertmanager.url] ?? metrics.endpoint(alertmanager.url)))
            }
        }
        guard !deliveries.isEmpty else { return true }
        let covered = await withTaskGroup(of: (Int, Bool).self) { group in
            for delivery in deliveries {
                group.addTask { (delivery.set, await self.deliver(delivery, began: began)) }
            }
            var covered = Set<Int>()
            for await (set, accepted) in group where accepted { covered.insert(set) }
            return covered
        }
        return covered == attempted
    }

    /// Posts one payload, logs a failure and records the Alertmanager's
    /// metrics; returns whether it was accepted.
    func deliver(_ delivery: Delivery, began: ContinuousClock.Instant) async -> Bool {
        var accepted = true
        do {
            try await post(delivery)
        } catch {
            accepted = false
            logger.error(
                "Error sending alerts",
                metadata: ["alertmanager": "\(delivery.url)", "count": "\(delivery.count)", "err": "\(error)"])
            delivery.metrics.errors.increment(by: Int64(delivery.count))
        }
        let elapsed = began.duration(to: .now)
        delivery.metrics.latency.recordNanoseconds(elapsed.nanoseconds)
        delivery.metrics.sent.increment(by: Int64(delivery.count))
        return accepted
    }

    /// `POST` of a JSON payload; any 2xx answer is success.
    private func post(_ delivery: Delivery) async throws(NotifierError) {
        var request = HTTPClientRequest(url: delivery.url)
        request.method = .POST
        request.headers.add(name: "User-Agent", value: options.userAgent)
        request.headers.add(name: "Content-Type", value: "application/json")
        do {
            if let authorization = try delivery.credentials.value() {
                request.headers.add(name: "Authorization", value: authorization)
            }
        } catch {
            throw NotifierError(error)
        }
        request.body = .bytes(ByteBuffer(bytes: delivery.payload))
        let response: HTTPClientResponse
        do {
            response = try await delivery.client.execute(request, timeout: delivery.timeout)
        } catch {
            throw NotifierError(.transport, "Post \(GoString.quote(delivery.url)): \(error)")
        }
        _ = try? await response.body.collect(upTo: 1 << 20)
        guard response.status.code / 100 == 2 else {
            throw NotifierError(
                .badResponse, "bad response status \(response.status.code) \(response.status.reasonPhrase)")
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64.max`.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        return scaled + attoseconds / 1_000_000_000
    }
}
