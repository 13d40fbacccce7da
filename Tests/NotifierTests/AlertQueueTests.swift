import ArgusCore
import ArgusTesting
import Testing

@testable import Notifier

@Suite struct AlertQueueTests {
    private static func alerts(_ prefix: String, _ count: Int) -> [Alert] {
        (0..<count).map { Alert(labels: ["alertname": "\(prefix)\($0)"], startsAt: 0) }
    }

    private static func names(_ alerts: [Alert]) -> [String] { alerts.map(\.name) }

    @Test func dropsTheOldestWhenFull() {
        var queue = AlertQueue(capacity: 10)
        #expect(queue.push(Self.alerts("x", 8)) == AlertQueue.Overflow())
        #expect(queue.push(Self.alerts("y", 7)) == AlertQueue.Overflow(fromPush: 0, fromQueue: 5))
        #expect(queue.count == 10)
        #expect(Self.names(queue.popBatch(maxCount: 100)) == ["x5", "x6", "x7"] + (0..<7).map { "y\($0)" })
        #expect(queue.isEmpty)
    }

    @Test func keepsTheNewestOfAPushLargerThanTheQueue() {
        var queue = AlertQueue(capacity: 10)
        _ = queue.push(Self.alerts("x", 3))
        let overflow = queue.push(Self.alerts("z", 12))
        #expect(overflow == AlertQueue.Overflow(fromPush: 2, fromQueue: 3))
        #expect(overflow.total == 5)
        #expect(Self.names(queue.popBatch(maxCount: 100)) == (2..<12).map { "z\($0)" })
    }

    @Test func popsBatchesOfAtMostTheMaximumInOrder() {
        var queue = AlertQueue(capacity: 1000)
        _ = queue.push(Self.alerts("a", 150))
        var sizes: [Int] = []
        var names: [String] = []
        while !queue.isEmpty {
            let batch = queue.popBatch(maxCount: 64)
            sizes.append(batch.count)
            names += Self.names(batch)
        }
        #expect(sizes == [64, 64, 22])
        #expect(names == (0..<150).map { "a\($0)" })
        #expect(queue.popBatch(maxCount: 64).isEmpty)
    }

    /// Random pushes and pops against a plain array that models the queue.
    @Test func behavesLikeASimpleModel() {
        var generator = SeededGenerator(seed: 42)
        var queue = AlertQueue(capacity: 37)
        var model: [String] = []
        var dropped = 0
        var next = 0
        for _ in 0..<2_000 {
            if Int.random(in: 0..<3, using: &generator) < 2 {
                let count = Int.random(in: 0..<50, using: &generator)
                let batch = (0..<count).map { Alert(labels: ["alertname": "n\(next + $0)"], startsAt: 0) }
                next += count
                model += batch.map(\.name)
                let excess = max(0, model.count - 37)
                model.removeFirst(excess)
                dropped += excess
                let overflow = queue.push(batch)
                #expect(overflow.total == excess)
            } else {
                let max = Int.random(in: 1..<70, using: &generator)
                let expected = Array(model.prefix(max))
                model.removeFirst(expected.count)
                #expect(Self.names(queue.popBatch(maxCount: max)) == expected)
            }
            #expect(queue.count == model.count)
        }
        #expect(dropped > 0)
    }
}
