/// Bounds how many queries run at once (`--query.max-concurrency`): the
/// others wait, in arrival order, for a permit.
public actor QueryLimiter {
    /// The most queries that may run at the same time.
    public let maxConcurrent: Int
    private var running = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []

    public init(maxConcurrent: Int) {
        self.maxConcurrent = Swift.max(1, maxConcurrent)
    }

    /// The number of queries holding a permit now.
    public var active: Int { running }

    /// The number of queries waiting for a permit.
    public var queued: Int { waiting.count }

    /// Runs `body` once a permit is free, and frees it afterwards.
    public func withPermit<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        if running < maxConcurrent {
            running += 1
            return
        }
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        if waiting.isEmpty {
            running -= 1
        } else {
            // Hand the permit straight to the next waiter.
            waiting.removeFirst().resume()
        }
    }
}
