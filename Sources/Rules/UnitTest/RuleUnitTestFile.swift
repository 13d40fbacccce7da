import ArgusConfig
import ArgusCore

/// A `promtool test rules` file: rule files and the tests run against them.
public struct RuleUnitTestFile: Sendable, ConfigSection {
    public static let configTypeName = "main.unitTestFile"

    public var ruleFiles: [String]
    /// Zero means the default of one minute.
    public var evaluationInterval: PromDuration
    public var groupEvalOrder: [String]
    public var tests: [RuleTestGroup]

    enum CodingKeys: String, CodingKey {
        case ruleFiles = "rule_files", evaluationInterval = "evaluation_interval"
        case groupEvalOrder = "group_eval_order", tests
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        ruleFiles = try container.decodeIfPresent([String].self, forKey: .ruleFiles) ?? []
        evaluationInterval =
            try container.decodeIfPresent(PromDuration.self, forKey: .evaluationInterval)
            ?? PromDuration(milliseconds: 0)
        groupEvalOrder = try container.decodeIfPresent([String].self, forKey: .groupEvalOrder) ?? []
        tests = try container.decodeIfPresent([RuleTestGroup].self, forKey: .tests) ?? []
    }
}

/// One entry of `tests`: input series and the checks made against them.
public struct RuleTestGroup: Sendable, ConfigSection {
    public static let configTypeName = "main.testGroup"

    public var interval: PromDuration
    public var inputSeries: [InputSeries]
    public var alertRuleTests: [AlertTestCase]
    public var promqlExprTests: [PromQLTestCase]
    public var externalLabels: Labels
    public var externalURL: String
    public var name: String

    enum CodingKeys: String, CodingKey {
        case interval, inputSeries = "input_series", alertRuleTests = "alert_rule_test"
        case promqlExprTests = "promql_expr_test", externalLabels = "external_labels"
        case externalURL = "external_url", name
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        interval = try container.decodeIfPresent(PromDuration.self, forKey: .interval) ?? PromDuration(milliseconds: 0)
        inputSeries = try container.decodeIfPresent([InputSeries].self, forKey: .inputSeries) ?? []
        alertRuleTests = try container.decodeIfPresent([AlertTestCase].self, forKey: .alertRuleTests) ?? []
        promqlExprTests = try container.decodeIfPresent([PromQLTestCase].self, forKey: .promqlExprTests) ?? []
        let labels = try container.decodeIfPresent([String: String].self, forKey: .externalLabels) ?? [:]
        externalLabels = Labels(labels)
        externalURL = try container.decodeIfPresent(String.self, forKey: .externalURL) ?? ""
        name = try container.decodeIfPresent(String.self, forKey: .name) ?? ""
    }

    /// The latest `eval_time` of the group's tests.
    var maxEvalTime: Int64 {
        (alertRuleTests.map(\.evalTime.milliseconds) + promqlExprTests.map(\.evalTime.milliseconds)).max() ?? 0
    }
}

/// `input_series`: a series and its values in expanding notation (`1+1x10`).
public struct InputSeries: Sendable, ConfigSection {
    public static let configTypeName = "main.series"

    public var series: String
    public var values: String

    enum CodingKeys: String, CodingKey { case series, values }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        series = try container.decodeIfPresent(String.self, forKey: .series) ?? ""
        values = try container.decodeIfPresent(String.self, forKey: .values) ?? ""
    }
}

/// `alert_rule_test`: the alerts expected to fire at a time.
public struct AlertTestCase: Sendable, ConfigSection {
    public static let configTypeName = "main.alertTestCase"

    public var evalTime: PromDuration
    public var alertname: String
    public var expAlerts: [ExpectedAlert]

    enum CodingKeys: String, CodingKey {
        case evalTime = "eval_time", alertname, expAlerts = "exp_alerts"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        evalTime = try container.decodeIfPresent(PromDuration.self, forKey: .evalTime) ?? PromDuration(milliseconds: 0)
        alertname = try container.decodeIfPresent(String.self, forKey: .alertname) ?? ""
        expAlerts = try container.decodeIfPresent([ExpectedAlert].self, forKey: .expAlerts) ?? []
    }
}

/// One of `exp_alerts`.
public struct ExpectedAlert: Sendable, ConfigSection {
    public static let configTypeName = "main.alert"

    public var expLabels: [String: String]
    public var expAnnotations: [String: String]

    enum CodingKeys: String, CodingKey {
        case expLabels = "exp_labels", expAnnotations = "exp_annotations"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        expLabels = try container.decodeIfPresent([String: String].self, forKey: .expLabels) ?? [:]
        expAnnotations = try container.decodeIfPresent([String: String].self, forKey: .expAnnotations) ?? [:]
    }
}

/// `promql_expr_test`: the samples an expression is expected to return at a time.
public struct PromQLTestCase: Sendable, ConfigSection {
    public static let configTypeName = "main.promqlTestCase"

    public var expr: String
    public var evalTime: PromDuration
    public var expSamples: [ExpectedSample]

    enum CodingKeys: String, CodingKey {
        case expr, evalTime = "eval_time", expSamples = "exp_samples"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        expr = try container.decodeIfPresent(String.self, forKey: .expr) ?? ""
        evalTime = try container.decodeIfPresent(PromDuration.self, forKey: .evalTime) ?? PromDuration(milliseconds: 0)
        expSamples = try container.decodeIfPresent([ExpectedSample].self, forKey: .expSamples) ?? []
    }
}

/// One of `exp_samples`: a series in PromQL notation and its value.
public struct ExpectedSample: Sendable, ConfigSection {
    public static let configTypeName = "main.sample"

    public var labels: String
    public var value: Double

    enum CodingKeys: String, CodingKey { case labels, value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        labels = try container.decodeIfPresent(String.self, forKey: .labels) ?? ""
        value = try container.decodeIfPresent(Double.self, forKey: .value) ?? 0
    }
}
