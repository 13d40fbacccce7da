/// The signature of a PromQL function: what the parser checks calls against.
public struct FunctionSignature: Hashable, Sendable {
    /// The name as written in queries.
    public var name: String
    /// The types of the arguments. With `variadic != 0` the last one is optional
    /// and may repeat.
    public var argumentTypes: [ValueType]
    /// 0: exactly `argumentTypes.count` arguments; -1: the last argument type
    /// repeats without limit; n > 0: at most n arguments beyond the required ones.
    public var variadic: Int
    public var returnType: ValueType
    /// Needs `ParserOptions.experimentalFunctions`.
    public var experimental: Bool

    public init(
        _ name: String,
        _ argumentTypes: [ValueType],
        returns returnType: ValueType,
        variadic: Int = 0,
        experimental: Bool = false
    ) {
        self.name = name
        self.argumentTypes = argumentTypes
        self.variadic = variadic
        self.returnType = returnType
        self.experimental = experimental
    }

    /// Every function of Prometheus 3 (`promql/parser/functions.go` at d15adb9).
    ///
    /// `holt_winters` (Prometheus 2) is not listed: Prometheus 3 removed it in
    /// favour of the experimental `double_exponential_smoothing`, and queries
    /// using it fail with `unknown function with name "holt_winters"` there too.
    public static let all: [String: FunctionSignature] = {
        var table: [String: FunctionSignature] = [:]
        for signature in list { table[signature.name] = signature }
        return table
    }()

    private static let list: [FunctionSignature] = [
        FunctionSignature("abs", [.vector], returns: .vector),
        FunctionSignature("absent", [.vector], returns: .vector),
        FunctionSignature("absent_over_time", [.matrix], returns: .vector),
        FunctionSignature("acos", [.vector], returns: .vector),
        FunctionSignature("acosh", [.vector], returns: .vector),
        FunctionSignature("asin", [.vector], returns: .vector),
        FunctionSignature("asinh", [.vector], returns: .vector),
        FunctionSignature("atan", [.vector], returns: .vector),
        FunctionSignature("atanh", [.vector], returns: .vector),
        FunctionSignature("avg_over_time", [.matrix], returns: .vector),
        FunctionSignature("ceil", [.vector], returns: .vector),
        FunctionSignature("changes", [.matrix], returns: .vector),
        FunctionSignature("clamp", [.vector, .scalar, .scalar], returns: .vector),
        FunctionSignature("clamp_max", [.vector, .scalar], returns: .vector),
        FunctionSignature("clamp_min", [.vector, .scalar], returns: .vector),
        FunctionSignature("cos", [.vector], returns: .vector),
        FunctionSignature("cosh", [.vector], returns: .vector),
        FunctionSignature("count_over_time", [.matrix], returns: .vector),
        FunctionSignature("day_of_month", [.vector], returns: .vector, variadic: 1),
        FunctionSignature("day_of_week", [.vector], returns: .vector, variadic: 1),
        FunctionSignature("day_of_year", [.vector], returns: .vector, variadic: 1),
        FunctionSignature("days_in_month", [.vector], returns: .vector, variadic: 1),
        FunctionSignature("deg", [.vector], returns: .vector),
        FunctionSignature("delta", [.matrix], returns: .vector),
        FunctionSignature("deriv", [.matrix], returns: .vector),
        FunctionSignature(
            "double_exponential_smoothing", [.matrix, .scalar, .scalar], returns: .vector, experimental: true),
        FunctionSignature("end", [], returns: .scalar, experimental: true),
        FunctionSignature("exp", [.vector], returns: .vector),
        FunctionSignature("first_over_time", [.matrix], returns: .vector),
        FunctionSignature("floor", [.vector], returns: .vector),
        FunctionSignature("histogram_avg", [.vector], returns: .vector),
        FunctionSignature("histogram_count", [.vector], returns: .vector),
        FunctionSignature("histogram_fraction", [.scalar, .scalar, .vector], returns: .vector),
        FunctionSignature("histogram_quantile", [.scalar, .vector], returns: .vector),
        FunctionSignature(
            "histogram_quantiles", [.vector, .string, .scalar, .scalar], returns: .vector, variadic: 9,
            experimental: true),
        FunctionSignature("histogram_stddev", [.vector], returns: .vector),
        FunctionSignature("histogram_stdvar", [.vector], returns: .vector),
        FunctionSignature("histogram_sum", [.vector], returns: .vector),
        FunctionSignature("hour", [.vector], returns: .vector, variadic: 1),
        FunctionSignature("idelta", [.matrix], returns: .vector),
        FunctionSignature("increase", [.matrix], returns: .vector),
        FunctionSignature("info", [.vector, .vector], returns: .vector, variadic: 1, experimental: true),
        FunctionSignature("irate", [.matrix], returns: .vector),
        FunctionSignature("label_join", [.vector, .string, .string, .string], returns: .vector, variadic: -1),
        FunctionSignature("label_replace", [.vector, .string, .string, .string, .string], returns: .vector),
        FunctionSignature("last_over_time", [.matrix], returns: .vector),
        FunctionSignature("ln", [.vector], returns: .vector),
        FunctionSignature("log10", [.vector], returns: .vector),
        FunctionSignature("log2", [.vector], returns: .vector),
        FunctionSignature("mad_over_time", [.matrix], returns: .vector, experimental: true),
        FunctionSignature("max_of", [.scalar, .scalar], returns: .scalar, experimental: true),
        FunctionSignature("max_over_time", [.matrix], returns: .vector),
        FunctionSignature("min_of", [.scalar, .scalar], returns: .scalar, experimental: true),
        FunctionSignature("min_over_time", [.matrix], returns: .vector),
        FunctionSignature("minute", [.vector], returns: .vector, variadic: 1),
        FunctionSignature("month", [.vector], returns: .vector, variadic: 1),
        FunctionSignature("pi", [], returns: .scalar),
        FunctionSignature("predict_linear", [.matrix, .scalar], returns: .vector),
        FunctionSignature("present_over_time", [.matrix], returns: .vector),
        FunctionSignature("quantile_over_time", [.scalar, .matrix], returns: .vector),
        FunctionSignature("rad", [.vector], returns: .vector),
        FunctionSignature("range", [], returns: .scalar, experimental: true),
        FunctionSignature("rate", [.matrix], returns: .vector),
        FunctionSignature("resets", [.matrix], returns: .vector),
        FunctionSignature("round", [.vector, .scalar], returns: .vector, variadic: 1),
        FunctionSignature("scalar", [.vector], returns: .scalar),
        FunctionSignature("sgn", [.vector], returns: .vector),
        FunctionSignature("sin", [.vector], returns: .vector),
        FunctionSignature("sinh", [.vector], returns: .vector),
        FunctionSignature("sort", [.vector], returns: .vector),
        FunctionSignature("sort_by_label", [.vector, .string], returns: .vector, variadic: -1, experimental: true),
        FunctionSignature(
            "sort_by_label_desc", [.vector, .string], returns: .vector, variadic: -1, experimental: true),
        FunctionSignature("sort_desc", [.vector], returns: .vector),
        FunctionSignature("sqrt", [.vector], returns: .vector),
        FunctionSignature("start", [], returns: .scalar, experimental: true),
        FunctionSignature("start_timestamp", [.vector], returns: .vector, experimental: true),
        FunctionSignature("stddev_over_time", [.matrix], returns: .vector),
        FunctionSignature("stdvar_over_time", [.matrix], returns: .vector),
        FunctionSignature("step", [], returns: .scalar, experimental: true),
        FunctionSignature("sum_over_time", [.matrix], returns: .vector),
        FunctionSignature("tan", [.vector], returns: .vector),
        FunctionSignature("tanh", [.vector], returns: .vector),
        FunctionSignature("time", [], returns: .scalar),
        FunctionSignature("timestamp", [.vector], returns: .vector),
        FunctionSignature("ts_of_first_over_time", [.matrix], returns: .vector, experimental: true),
        FunctionSignature("ts_of_last_over_time", [.matrix], returns: .vector, experimental: true),
        FunctionSignature("ts_of_max_over_time", [.matrix], returns: .vector, experimental: true),
        FunctionSignature("ts_of_min_over_time", [.matrix], returns: .vector, experimental: true),
        FunctionSignature("vector", [.scalar], returns: .vector),
        FunctionSignature("year", [.vector], returns: .vector, variadic: 1),
    ]
}
