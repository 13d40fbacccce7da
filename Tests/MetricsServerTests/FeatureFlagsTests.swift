import ArgusCore
import Foundation
import HTTPTypes
import PromQL
import Rules
import Testing

@testable import MetricsServer

/// `--enable-feature`: the PromQL features switch the parser and engine of
/// the API and of rules; Prometheus features Argus lacks are refused.
@Suite struct FeatureFlagsTests {
    @Test func valuesAreCommaSeparatedAndRepeatable() throws {
        let flags = try FeatureFlags([
            "promql-experimental-functions,promql-duration-expr", " promql-delayed-name-removal ",
            "promql-experimental-functions", "promql-at-modifier,made-up",
        ])
        #expect(
            flags.enabled == ["promql-experimental-functions", "promql-duration-expr", "promql-delayed-name-removal"])
        #expect(flags.ignored == ["promql-at-modifier", "made-up"])
        #expect(
            flags.parserOptions
                == ParserOptions(
                    experimentalFunctions: true, durationExpressions: true, extendedRangeSelectors: false,
                    binopFillModifiers: false))
        var options = MetricsServerOptions()
        #expect(options.engineOptions.delayedNameRemoval == false)
        options.features = flags
        #expect(options.engineOptions.delayedNameRemoval)
    }

    @Test func everySupportedNameSwitchesSomething() throws {
        for name in FeatureFlags.supported.keys {
            var options = MetricsServerOptions()
            options.features = try FeatureFlags([name])
            #expect(
                options.parserOptions != .default || options.engineOptions.delayedNameRemoval, "\(name)")
        }
    }

    @Test func prometheusFeaturesArgusLacksAreRefusedByName() {
        #expect(throws: FeatureFlags.UnsupportedFeature.self) {
            try FeatureFlags(["promql-experimental-functions,native-histograms"])
        }
        do {
            _ = try FeatureFlags(["exemplar-storage"])
        } catch {
            #expect(
                error.description
                    == "--enable-feature=exemplar-storage is a Prometheus feature that Argus does not support (see docs/metrics-server.md)"
            )
        }
    }

    @Test func queriesUseExperimentalFunctionsOnlyWhenEnabled() async throws {
        let query = "/api/v1/query?query=sort_by_label(up,%22instance%22)&time=300"
        let plain = try await APITestHarness.seeded()
        let (status, body) = try await plain.get(query)
        #expect(status == .badRequest)
        #expect(body.contains(#"function \"sort_by_label\" is not enabled"#))

        var options = APITestHarness.defaultOptions
        options.features = try FeatureFlags(["promql-experimental-functions"])
        let enabled = try await APITestHarness.seeded(options: options)
        let (enabledStatus, enabledBody) = try await enabled.get(query)
        #expect(enabledStatus == .ok)
        #expect(enabledBody.contains(#""instance":"a""#))
    }

    @Test func ruleFilesUseExperimentalFunctionsOnlyWhenEnabled() async throws {
        let harness = try await APITestHarness.seeded()
        let file = harness.directory.appendingPathComponent("rules.yml").path
        try """
        groups:
          - name: sorted
            rules:
              - record: up:limited
                expr: limitk(1, up)
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let plain = harness.server.makeRuleManager(db: harness.db, storage: harness.db)
        #expect(throws: RuleFileErrors.self) {
            try plain.update(files: [file], interval: 60_000, externalLabels: Labels(), externalURL: "")
        }

        var options = APITestHarness.defaultOptions
        options.features = try FeatureFlags(["promql-experimental-functions"])
        let enabled = try await APITestHarness.seeded(options: options)
        let manager = enabled.server.makeRuleManager(db: enabled.db, storage: enabled.db)
        try manager.update(files: [file], interval: 60_000, externalLabels: Labels(), externalURL: "")
        #expect(manager.groups.map(\.name) == ["sorted"])
    }
}
