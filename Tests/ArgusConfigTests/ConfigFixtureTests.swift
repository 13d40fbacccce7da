import ArgusConfig
import ArgusTesting
import Foundation
import Testing

@Suite("prometheus.yml fixtures")
struct ConfigFixtureTests {
    @Test(arguments: ConfigFixture.all(suffix: ".good.yml"))
    func goodFixtureLoads(_ fixture: ConfigFixture) {
        #expect(throws: Never.self) { try PrometheusConfig.load(contentsOf: fixture.path) }
    }

    @Test(arguments: ConfigFixture.all(suffix: ".bad.yml"))
    func badFixtureFails(_ fixture: ConfigFixture) async throws {
        let expected = try #require(fixture.expectedError, "\(fixture.name) has no '# error:' line")
        do {
            _ = try PrometheusConfig.load(contentsOf: fixture.path)
            Issue.record("\(fixture.name) loaded without error")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(error.file == fixture.path)
            #expect(error.line != nil, "\(error.description) has no position")
            if let position = fixture.expectedPosition {
                #expect("\(error.line ?? 0):\(error.column ?? 0)" == position, "\(error.description)")
            }
        }
    }

    @Test func fixturesExist() {
        #expect(ConfigFixture.all(suffix: ".good.yml").count >= 5)
        #expect(ConfigFixture.all(suffix: ".bad.yml").count >= 30)
    }
}

@Suite("promtool agrees", .enabled(if: Peer.available("promtool"), "promtool is not installed"))
struct PromtoolInteropTests {
    static func check(_ fixture: ConfigFixture) async throws -> Peer.Result {
        let promtool = try #require(Peer.locate("promtool"))
        return try await Peer.run(promtool, ["check", "config", "--syntax-only", fixture.path])
    }

    @Test(arguments: ConfigFixture.all(suffix: ".good.yml").filter { !$0.skipPromtool })
    func goodForPromtool(_ fixture: ConfigFixture) async throws {
        let result = try await Self.check(fixture)
        #expect(result.status == 0, "\(result.stdoutString)\(result.stderrString)")
    }

    @Test(arguments: ConfigFixture.all(suffix: ".bad.yml").filter { !$0.skipPromtool })
    func badForPromtool(_ fixture: ConfigFixture) async throws {
        let result = try await Self.check(fixture)
        #expect(result.status != 0, "promtool accepted \(fixture.name)")
    }
}
