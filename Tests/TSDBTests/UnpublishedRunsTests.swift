import Testing

@testable import TSDB

/// Batches become visible in write order, whatever order they publish in.
@Suite struct UnpublishedRunsTests {
    @Test func aBatchWritingAgainExtendsItsRun() {
        var runs = UnpublishedRuns()
        #expect(runs.isEmpty)
        let firstWrites = [runs.wrote(1, batch: 7), runs.wrote(2, batch: 7)]
        #expect(firstWrites == [true, false])
        let visible = runs.publish(7)
        #expect(visible == 3)
        #expect(runs.isEmpty)
    }

    @Test func aLaterBatchWaitsForTheEarlierOnes() {
        var runs = UnpublishedRuns()
        let firstWrites = [
            runs.wrote(1, batch: 1), runs.wrote(2, batch: 2), runs.wrote(4, batch: 3), runs.wrote(1, batch: 3),
        ]
        #expect(firstWrites == [true, true, true, false])
        let visible = [runs.publish(3), runs.publish(2), runs.publish(1)]
        #expect(visible == [0, 0, 8])
        #expect(runs.isEmpty)

        _ = runs.wrote(1, batch: 4)
        _ = runs.wrote(1, batch: 5)
        let fourth = runs.publish(4)
        #expect(fourth == 1)
        #expect(!runs.isEmpty)
        let fifth = runs.publish(5)
        #expect(fifth == 1)
        #expect(runs.isEmpty)
    }
}
