/// The bounded queue of alerts waiting to be sent: first in, first out, and
/// when full the oldest alerts make room for new ones (upstream's
/// `Manager.queue` with its `Send` and `nextBatch`).
///
/// A pure value: the notifier keeps it behind its lock and counts what
/// ``push(_:)`` reports as dropped.
struct AlertQueue: Sendable {
    /// How many alerts were dropped by one ``AlertQueue/push(_:)``.
    struct Overflow: Hashable, Sendable {
        /// Alerts of the pushed list itself that did not fit even in an
        /// empty queue (its oldest).
        var fromPush = 0
        /// Queued alerts that were dropped to make room.
        var fromQueue = 0

        /// The total.
        var total: Int { fromPush + fromQueue }
    }

    /// The most alerts the queue holds.
    let capacity: Int
    /// The queued alerts, oldest first, from ``head`` on.
    private var storage: [Alert] = []
    /// The index of the oldest queued alert in ``storage``; slots before it
    /// are spent and compacted away once they are the majority.
    private var head = 0

    /// An empty queue holding at most `capacity` alerts (at least 1).
    init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// How many alerts are queued.
    var count: Int { storage.count - head }

    /// Whether nothing is queued.
    var isEmpty: Bool { count == 0 }

    /// Appends `alerts` in order. When they do not fit, the oldest alerts are
    /// dropped first: queued ones, then the first of `alerts` if the list is
    /// longer than the capacity.
    mutating func push(_ alerts: [Alert]) -> Overflow {
        var overflow = Overflow()
        var incoming = alerts[...]
        if incoming.count > capacity {
            overflow.fromPush = incoming.count - capacity
            incoming = incoming.dropFirst(overflow.fromPush)
        }
        let excess = count + incoming.count - capacity
        if excess > 0 {
            overflow.fromQueue = excess
            head += excess
        }
        compactIfSparse()
        storage.append(contentsOf: incoming)
        return overflow
    }

    /// Removes and returns up to `maxCount` of the oldest alerts.
    mutating func popBatch(maxCount: Int) -> [Alert] {
        let taken = min(max(1, maxCount), count)
        let batch = Array(storage[head..<(head + taken)])
        head += taken
        compactIfSparse()
        return batch
    }

    /// Drops the spent slots once they outnumber the live ones, so pops stay
    /// cheap and memory stays bounded by about twice the capacity.
    private mutating func compactIfSparse() {
        if head == storage.count {
            storage.removeAll(keepingCapacity: true)
            head = 0
        } else if head > storage.count / 2 {
            storage.removeFirst(head)
            head = 0
        }
    }
}
