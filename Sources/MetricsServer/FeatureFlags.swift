import Foundation
import Logging
import PromQL

/// `--enable-feature`: Prometheus' feature flags, comma-separated and
/// repeatable. The PromQL language features switch the parser and engine
/// options of every query, rule and API call; Prometheus features Argus
/// does not have are refused by name, so a command line never silently
/// loses what it asked for.
public struct FeatureFlags: Hashable, Sendable {
    /// The features that change Argus' behaviour, by Prometheus name.
    public static let supported: [String: String] = [
        "promql-experimental-functions": "Experimental PromQL functions enabled.",
        "promql-duration-expr": "Experimental duration expression parsing enabled.",
        "promql-extended-range-selectors": "Experimental anchored and smoothed range selectors enabled.",
        "promql-binop-fill-modifiers": "Experimental PromQL binary operator fill modifiers enabled.",
        "promql-delayed-name-removal": "Experimental PromQL delayed name removal enabled.",
    ]

    /// Features of Prometheus 2.x that are always on (Argus, like Prometheus 3, has no switch for them).
    public static let permanentlyEnabled: Set<String> = ["promql-at-modifier", "promql-negative-offset"]

    /// Prometheus features (2.42 and 3.x) that Argus does not implement.
    public static let unsupported: Set<String> = [
        "agent", "auto-gomaxprocs", "auto-gomemlimit", "auto-reload-config", "concurrent-rule-eval",
        "created-timestamp-zero-ingestion", "delayed-compaction", "exemplar-storage", "expand-external-labels",
        "extra-scrape-metrics", "histograms-st-encoding", "memory-snapshot-on-shutdown", "metadata-wal-records",
        "native-histograms", "new-service-discovery-manager", "no-default-scrape-port", "old-ui",
        "otlp-deltatocumulative", "otlp-native-delta-ingestion", "otlp-write-receiver", "promql-per-step-stats",
        "search-api", "st-storage", "st-synthesis", "type-and-unit-labels", "use-start-timestamps",
        "use-uncached-io", "xor2-encoding",
    ]

    /// A feature name Argus refuses.
    public struct UnsupportedFeature: Error, CustomStringConvertible {
        public var name: String
        public var description: String {
            "--enable-feature=\(name) is a Prometheus feature that Argus does not support (see docs/metrics-server.md)"
        }
    }

    /// The enabled names Argus acts on, in the order given.
    public private(set) var enabled: [String] = []
    /// The names given that are permanently on or unknown, for the start-up log.
    public private(set) var ignored: [String] = []

    public init() {}

    /// Reads the flag's values (each a comma-separated list).
    public init(_ values: [String]) throws(UnsupportedFeature) {
        for value in values {
            for name in value.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                if name.isEmpty { continue }
                if FeatureFlags.unsupported.contains(name) { throw UnsupportedFeature(name: name) }
                if FeatureFlags.supported[name] != nil {
                    if !enabled.contains(name) { enabled.append(name) }
                } else if !ignored.contains(name) {
                    ignored.append(name)
                }
            }
        }
    }

    public func isEnabled(_ name: String) -> Bool { enabled.contains(name) }

    /// The parser's switches for these features.
    public var parserOptions: ParserOptions {
        ParserOptions(
            experimentalFunctions: isEnabled("promql-experimental-functions"),
            durationExpressions: isEnabled("promql-duration-expr"),
            extendedRangeSelectors: isEnabled("promql-extended-range-selectors"),
            binopFillModifiers: isEnabled("promql-binop-fill-modifiers"))
    }

    /// One line per feature given, as Prometheus logs them at start-up.
    public func log(to logger: Logger) {
        for name in enabled {
            logger.info("\(FeatureFlags.supported[name] ?? name)", metadata: ["option": "\(name)"])
        }
        for name in ignored {
            if FeatureFlags.permanentlyEnabled.contains(name) {
                logger.warning(
                    "This option for --enable-feature is now permanently enabled and therefore a no-op.",
                    metadata: ["option": "\(name)"])
            } else {
                logger.warning("Unknown option for --enable-feature", metadata: ["option": "\(name)"])
            }
        }
    }
}
