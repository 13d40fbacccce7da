import ArgusCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Element-wise math on an instant vector (`abs`, `ln`, trigonometry …),
/// `round`, the `clamp` family, and the scalar functions `pi`, `min_of` and
/// `max_of`.
extension FunctionTable {
    static var mathFunctions: [String: FunctionImplementation] {
        var table: [String: FunctionImplementation] = [
            "round": .step { arguments, _ in
                // Ties round up; dividing by the inverse is what Prometheus
                // does because it is a little more accurate.
                let toNearest = arguments.count >= 2 ? arguments[1].scalarValue : 1
                let inverse = 1.0 / toNearest
                return map(arguments) { ($0 * inverse + 0.5).rounded(.down) / inverse }
            },
            "clamp": .step { arguments, _ in
                clamp(arguments[0].vectorValue, min: arguments[1].scalarValue, max: arguments[2].scalarValue)
            },
            "clamp_min": .step { arguments, _ in
                clamp(arguments[0].vectorValue, min: arguments[1].scalarValue, max: .infinity)
            },
            "clamp_max": .step { arguments, _ in
                clamp(arguments[0].vectorValue, min: -.infinity, max: arguments[1].scalarValue)
            },
            "pi": .step { _, _ in [StepSample(labels: Labels(), value: .pi)] },
            "max_of": .step { arguments, _ in
                [StepSample(labels: Labels(), value: goMax(arguments[0].scalarValue, arguments[1].scalarValue))]
            },
            "min_of": .step { arguments, _ in
                [StepSample(labels: Labels(), value: goMin(arguments[0].scalarValue, arguments[1].scalarValue))]
            },
        ]
        for (name, function) in elementwise {
            table[name] = .step { arguments, _ in map(arguments, function) }
        }
        return table
    }

    /// The functions that map every sample's value and drop the metric name.
    static let elementwise: [(String, @Sendable (Double) -> Double)] = [
        ("abs", { abs($0) }),
        ("ceil", { $0.rounded(.up) }),
        ("floor", { $0.rounded(.down) }),
        ("exp", { exp($0) }),
        ("sqrt", { $0.squareRoot() }),
        ("ln", { log($0) }),
        ("log2", { log2($0) }),
        ("log10", { log10($0) }),
        ("sin", { sin($0) }),
        ("cos", { cos($0) }),
        ("tan", { tan($0) }),
        ("asin", { asin($0) }),
        ("acos", { acos($0) }),
        ("atan", { atan($0) }),
        ("sinh", { sinh($0) }),
        ("cosh", { cosh($0) }),
        ("tanh", { tanh($0) }),
        ("asinh", { asinh($0) }),
        ("acosh", { acosh($0) }),
        ("atanh", { atanh($0) }),
        ("rad", { $0 * .pi / 180 }),
        ("deg", { $0 * 180 / .pi }),
        ("sgn", { $0 < 0 ? -1 : ($0 > 0 ? 1 : $0) }),
    ]

    /// Prometheus' `simpleFloatFunc`: `function` applied to every sample of
    /// the first argument, with the metric name dropped.
    static func map(_ arguments: [StepArgument], _ function: (Double) -> Double) -> [StepSample] {
        arguments[0].vectorValue.map { StepSample(labels: $0.labels, value: function($0.value), dropName: true) }
    }

    /// `max(min, min(max, v))` with Go's NaN rules; nothing when max < min.
    static func clamp(_ vector: [StepSample], min lower: Double, max upper: Double) -> [StepSample] {
        if upper < lower { return [] }
        return vector.map { StepSample(labels: $0.labels, value: goMax(lower, goMin(upper, $0.value)), dropName: true) }
    }
}
