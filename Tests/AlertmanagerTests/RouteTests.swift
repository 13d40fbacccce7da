import ArgusCore
import ArgusTesting
import GoTemplate
import Testing

@testable import Alertmanager

@Suite struct RouteTests {
    static func tree() throws -> Route {
        let config = try AlertmanagerFile.load(
            contentsOf: AlertmanagerFileTests.fixture("good.yml"), readSecretFiles: false)
        return Route(config.route)
    }

    @Test func inheritsOptionsFromParent() throws {
        let root = try Self.tree()
        #expect(root.options.receiver == "team-default")
        #expect(root.options.groupWait == GoDuration(nanoseconds: 10_000_000_000))
        #expect(root.options.repeatInterval == GoDuration(nanoseconds: 3 * 3_600_000_000_000))
        let db = root.routes[0]
        #expect(db.options.groupByAll)
        #expect(db.options.groupInterval == GoDuration(nanoseconds: 60_000_000_000))
        #expect(db.routes[0].options.groupByAll)
        #expect(db.parent === root)
        #expect(root.parent == nil)
        let frontend = root.routes[1]
        #expect(frontend.options.groupBy == ["alertname", "cluster"])
        #expect(frontend.options.muteTimeIntervals == ["weekends"])
        #expect(frontend.routes.isEmpty)
        #expect(RouteOptions.defaults.groupWait == GoDuration(nanoseconds: 30_000_000_000))
    }

    @Test func keysFollowUpstream() throws {
        let root = try Self.tree()
        #expect(root.key == "{}")
        #expect(root.routes[0].key == #"{}/{service=~"db|cache"}"#)
        #expect(root.routes[0].routes[1].key == #"{}/{service=~"db|cache"}/{env=~"^(?:prod|staging)$"}"#)
        #expect(root.routes[1].key == #"{}/{env!="dev",team="frontend"}"#)
        var indices: [Int] = []
        root.walk { indices.append($0.index) }
        #expect(indices == [0, 1, 2, 3, 4, 5])
    }

    @Test func matchesDepthFirstWithContinue() throws {
        let root = try Self.tree()
        let receivers = { (labels: Labels) in root.match(labels).map(\.options.receiver) }
        #expect(
            receivers(["service": "db", "severity": "critical", "env": "prod"]) == ["team-db-pager", "team-db-mail"])
        #expect(receivers(["service": "db", "severity": "critical"]) == ["team-db-pager"])
        #expect(receivers(["service": "cache"]) == ["team-db"])
        #expect(receivers(["team": "frontend", "severity": "page"]) == ["team-frontend", "catch-all-hook"])
        #expect(receivers(["team": "frontend", "env": "dev"]) == ["team-default"])
        #expect(receivers([:]) == ["team-default"])
        #expect(root.routes[0].match(["service": "web"]).isEmpty)
    }

    @Test func groupLabelsFollowGroupBy() throws {
        let root = try Self.tree()
        let labels: Labels = ["alertname": "Down", "cluster": "eu", "instance": "a:1"]
        #expect(root.groupLabels(for: labels) == ["alertname": "Down", "cluster": "eu"])
        #expect(root.routes[0].groupLabels(for: labels) == labels)
    }

    @Test func childGroupByReplacesWildcard() throws {
        let config = try AlertmanagerFile.parse(
            """
            route:
              receiver: a
              group_by: ['...']
              routes:
                - receiver: a
                  group_by: [job]
                - receiver: a
                  group_by: []
            receivers: [{name: a}]
            """)
        let root = Route(config.route)
        #expect(root.options.groupByAll)
        #expect(root.routes[0].options.groupByAll == false)
        #expect(root.routes[0].options.groupBy == ["job"])
        #expect(root.routes[1].options.groupByAll)
    }
}
