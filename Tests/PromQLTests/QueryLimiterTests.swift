import PromQL
import Testing

/// Tracks how many bodies run at once.
actor Occupancy {
    var now = 0
    var peak = 0

    func enter() {
        now += 1
        peak = Swift.max(peak, now)
    }

    func leave() { now -= 1 }
}

@Suite struct QueryLimiterTests {
    @Test func neverRunsMoreThanTheLimit() async throws {
        let limiter = QueryLimiter(maxConcurrent: 2)
        let occupancy = Occupancy()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<10 {
                group.addTask {
                    try await limiter.withPermit {
                        await occupancy.enter()
                        try await Task.sleep(for: .milliseconds(5))
                        await occupancy.leave()
                        return i
                    }
                }
            }
            var results: [Int] = []
            for try await value in group { results.append(value) }
            #expect(results.sorted() == Array(0..<10))
        }
        #expect(await occupancy.peak == 2)
        #expect(await limiter.active == 0)
        #expect(await limiter.queued == 0)
    }

    @Test func releasesThePermitWhenTheBodyThrows() async {
        struct Failure: Error {}
        let limiter = QueryLimiter(maxConcurrent: 1)
        await #expect(throws: Failure.self) { try await limiter.withPermit { () throws -> Int in throw Failure() } }
        #expect(await limiter.withPermit { 7 } == 7)
        #expect(await limiter.active == 0)
    }
}
