import ArgusConfig
import ArgusCore
import AsyncHTTPClient
import Discovery
import OutboundHTTP
import Relabel
import Testing

@testable import Notifier

@Suite struct AlertmanagerTests {
    @Test(arguments: [
        ("", "/api/v2/alerts"),
        ("/", "/api/v2/alerts"),
        ("/alertmanager", "/alertmanager/api/v2/alerts"),
        ("alertmanager/", "/alertmanager/api/v2/alerts"),
        ("//a//b/", "/a/b/api/v2/alerts"),
        ("/a/./b/../c", "/a/c/api/v2/alerts"),
        ("../..", "/api/v2/alerts"),
    ])
    func joinsThePathPrefixAsGoDoes(prefix: String, path: String) {
        #expect(Alertmanager.alertsPath(pathPrefix: prefix) == path)
    }

    @Test func spellsURLsAsGoDoes() {
        #expect(GoURL.string(scheme: "http", host: "am:9093", path: "/api/v2/alerts") == "http://am:9093/api/v2/alerts")
        #expect(GoURL.string(scheme: "https", host: "am", path: "x/y") == "https://am/x/y")
        #expect(GoURL.string(scheme: "http", host: "am", path: "/a b/ü?!") == "http://am/a%20b/%C3%BC%3F%21")
        #expect(GoURL.string(scheme: "http", host: "a m%", path: "") == "http://a%20m%25")
        #expect(GoURL.string(scheme: "http", host: "[::1]:80", path: "/$&+,:;=@") == "http://[::1]:80/$&+,:;=@")
        #expect(GoURL.string(scheme: "", host: "am", path: "/p") == "//am/p")
    }

    private static func config(
        scheme: String = "http", pathPrefix: String = "", relabel: [RelabelConfig] = []
    ) -> AlertmanagerConfig {
        var config = AlertmanagerConfig()
        config.scheme = scheme
        config.pathPrefix = pathPrefix
        config.relabelConfigs = relabel
        return config
    }

    @Test func setsSchemeAndPathBeforeGroupLabels() throws {
        let group = TargetGroup(
            source: "0",
            targets: [
                ["__address__": "a:9093", "__scheme__": "ftp"],
                ["__address__": "b:9093", "zone": "own"],
            ],
            labels: ["__scheme__": "https", "zone": "group"])
        let (active, dropped) = try Alertmanager.endpoints(of: group, config: Self.config(pathPrefix: "/am"))
        #expect(dropped.isEmpty)
        // The configured scheme replaces the target's own; a group label
        // fills in every name the target itself lacked, even over the
        // configured scheme, as upstream merges them.
        #expect(active.map(\.url) == ["http://a:9093/am/api/v2/alerts", "https://b:9093/am/api/v2/alerts"])
        #expect(active[0].labels["zone"] == "group")
        #expect(active[1].labels["zone"] == "own")
    }

    @Test func relabelsSchemeAddressAndPath() throws {
        let rules = [
            try RelabelConfig(
                sourceLabels: ["__address__"], regex: "(.*):9093", targetLabel: "__address__",
                replacement: "$1:443"),
            try RelabelConfig(targetLabel: "__scheme__", replacement: "https"),
            try RelabelConfig(
                sourceLabels: ["__alerts_path__"], regex: "(.*)", targetLabel: "__alerts_path__",
                replacement: "/prefix$1"),
        ]
        let group = TargetGroup(source: "0", targets: TargetGroup.targets(addresses: ["am:9093"]))
        let (active, _) = try Alertmanager.endpoints(of: group, config: Self.config(relabel: rules))
        #expect(active.map(\.url) == ["https://am:443/prefix/api/v2/alerts"])
    }

    @Test func listsDroppedEndpointsAsTheyWereBeforeRelabeling() throws {
        let rules = [
            try RelabelConfig(
                sourceLabels: ["__address__"], regex: "drop.*", action: .drop),
            try RelabelConfig(targetLabel: "__alerts_path__", replacement: "/changed"),
        ]
        let group = TargetGroup(source: "0", targets: TargetGroup.targets(addresses: ["keep:1", "drop:2"]))
        let (active, dropped) = try Alertmanager.endpoints(of: group, config: Self.config(relabel: rules))
        #expect(active.map(\.url) == ["http://keep:1/changed"])
        #expect(dropped.map(\.url) == ["http://drop:2/api/v2/alerts"])
    }

    @Test func rejectsAGroupWithAPathInAnAddress() throws {
        let group = TargetGroup(source: "0", targets: TargetGroup.targets(addresses: ["ok:1", "bad:2/x"]))
        #expect(throws: DiscoveryError.self) { try Alertmanager.endpoints(of: group, config: Self.config()) }
    }

    @Test func syncDeduplicatesAndSkipsBrokenGroups() {
        var set = AlertmanagerSet(
            name: "config-0", config: Self.config(), client: .shared,
            credentials: AuthorizationHeader(HTTPClientConfig(), directory: ""))
        let failures = set.sync([
            TargetGroup(source: "a", targets: TargetGroup.targets(addresses: ["x:1", "y:1"])),
            TargetGroup(source: "b", targets: TargetGroup.targets(addresses: ["y:1", "bad/"])),
            TargetGroup(source: "c", targets: TargetGroup.targets(addresses: ["x:1", "z:1"])),
        ])
        #expect(failures.map(\.source) == ["b"])
        #expect(
            set.active.map(\.url) == [
                "http://x:1/api/v2/alerts", "http://y:1/api/v2/alerts", "http://z:1/api/v2/alerts",
            ])
    }
}
