import Testing

@testable import HostCollectors

@Suite struct TimexCollectorTests {
    @Test func readsTheKernelClockState() throws {
        var metrics = NodeMetrics()
        try TimexCollector(environment: NodeEnvironment()).update(&metrics)
        #expect(metrics.names.count == 17)
        let sync = try #require(metrics.value("node_timex_sync_status"))
        #expect(sync == 0 || sync == 1)
        // USER_HZ 100 or 250 or 1000: a tick is at most 10 ms.
        let tick = try #require(metrics.value("node_timex_tick_seconds"))
        #expect(tick > 0 && tick <= 0.01)
        #expect(metrics.sortedFamilies.first { $0.name == "node_timex_pps_error_total" }?.type == .counter)
    }
}
