import Testing

@testable import HostCollectors

@Suite struct TimeCollectorTests {
    @Test func clocksourceDeviceIsThePositionInNameOrder() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        for number in ["0", "2", "10"] {
            let directory = "sys/devices/system/clocksource/clocksource\(number)/"
            try tree.write(directory + "available_clocksource", "tsc hpet\(number) \n")
            try tree.write(directory + "current_clocksource", "hpet\(number)\n")
        }
        let metrics = try tree.collect(TimeCollector.self)
        // Sorted by name, clocksource10 comes second: device "1".
        #expect(
            metrics.labelSets("node_time_clocksource_current_info") == [
                ["device": "0", "clocksource": "hpet0"], ["device": "1", "clocksource": "hpet10"],
                ["device": "2", "clocksource": "hpet2"],
            ])
        #expect(metrics.labelSets("node_time_clocksource_available_info").count == 6)
        let now = try #require(metrics.value("node_time_seconds"))
        #expect(now > 1.6e9)
        #expect(metrics.labelSets("node_time_zone_offset_seconds").first?["time_zone"]?.isEmpty == false)
    }

    @Test func unreadableClocksourceFailsAfterTheTime() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        try tree.write("sys/devices/system/clocksource/clocksource0/available_clocksource", "tsc\n")
        let (error, metrics) = tree.failure(TimeCollector.self)
        #expect(metrics.names == ["node_time_seconds", "node_time_zone_offset_seconds"])
        #expect(
            error as? NodeCollectorError
                == .unreadable(
                    path: tree.path("sys/devices/system/clocksource/clocksource0/current_clocksource"),
                    reason: "no such file or directory"))
    }

    @Test func noClocksourcesIsFine() throws {
        let tree = try TemporaryNodeTree()
        defer { tree.delete() }
        let metrics = try tree.collect(TimeCollector.self)
        #expect(metrics.names == ["node_time_seconds", "node_time_zone_offset_seconds"])
    }
}
