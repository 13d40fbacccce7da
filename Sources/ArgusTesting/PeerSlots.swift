import Foundation

/// Bounds how many short-lived peer programs (promtool, amtool, python)
/// the async `Peer` calls run at once.
///
/// Tests run in parallel; without a bound, dozens of peers start together
/// on a 2-core machine and every time-sensitive test slows to a crawl. The
/// wait for a slot suspends the task, so it never holds a cooperative
/// thread.
actor PeerSlots {
    static let shared = PeerSlots(limit: max(2, ProcessInfo.processInfo.activeProcessorCount * 2))

    private var available: Int
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(limit: Int) { available = limit }

    func acquire() async {
        if available > 0 {
            available -= 1
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    func release() {
        if waiters.isEmpty {
            available += 1
        } else {
            waiters.removeFirst().resume()
        }
    }

    /// Runs blocking `work` on a thread of its own once a slot is free.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        await shared.acquire()
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, any Error>, Never>) in
            Thread.detachNewThread { continuation.resume(returning: Result { try work() }) }
        }
        await shared.release()
        return try result.get()
    }
}
