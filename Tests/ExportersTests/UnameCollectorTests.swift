import Testing

@testable import HostCollectors

@Suite struct UnameCollectorTests {
    @Test func labelsFromTheSystemCall() throws {
        var metrics = NodeMetrics()
        try UnameCollector(environment: NodeEnvironment()).update(&metrics)
        let labels = try #require(metrics.labelSets("node_uname_info").first)
        #expect(
            Set(labels.keys) == ["sysname", "release", "version", "machine", "nodename", "domainname"])
        #expect(labels["sysname"] == "Linux")
        #expect(labels["release"]?.isEmpty == false)
        #expect(metrics.value("node_uname_info", labels) == 1)
    }
}
