import GoTemplate

/// One element of a `query` result: a series' labels and its value at the evaluation time.
public struct TemplateSample: Sendable, Hashable {
    public var labels: [String: String]
    public var value: Double

    public init(labels: [String: String], value: Double) {
        self.labels = labels
        self.value = value
    }
}

/// Runs a PromQL instant query at the template's evaluation time; backs the `query` function.
public typealias TemplateQueryFunction = @Sendable (String) throws -> [TemplateSample]

/// Prometheus' `*template.sample`: fields `Labels` and `Value`.
struct SampleObject: TemplateObject {
    static let typeName = "*template.sample"

    let sample: TemplateSample?

    var typeName: String { Self.typeName }
    var isPointer: Bool { true }
    var isNilPointer: Bool { sample == nil }

    func field(_ name: String) -> TemplateValue? {
        guard let sample else { return nil }
        switch name {
        case "Labels": return .stringMap(sample.labels)
        case "Value": return .float(sample.value)
        default: return nil
        }
    }

    var printedFields: [(name: String, value: TemplateValue)] {
        guard let sample else { return [] }
        return [("Labels", .stringMap(sample.labels)), ("Value", .float(sample.value))]
    }

    func isEqual(to other: any TemplateObject) -> Bool? {
        guard let other = other as? SampleObject else { return false }
        return other.sample == sample
    }

    /// The sample in a `*template.sample` argument; nil for a nil pointer.
    static func sample(_ value: TemplateValue) -> TemplateSample? {
        if case .object(let object) = value, let sample = object as? SampleObject { return sample.sample }
        return nil
    }
}

/// Prometheus' `template.queryResult` (`[]*sample`): ranges, indexes and prints like a list.
struct QueryResultObject: TemplateObject {
    static let typeName = "template.queryResult"

    let samples: [TemplateSample]

    var typeName: String { Self.typeName }
    var underlying: TemplateValue? { .list(samples.map { .object(SampleObject(sample: $0)) }) }

    /// The samples in a `queryResult` argument (nil counts as empty).
    static func samples(_ value: TemplateValue) -> [TemplateSample] {
        if case .object(let object) = value, let result = object as? QueryResultObject { return result.samples }
        return []
    }
}
