/// A set of labels sorted by name: the identity of a series.
///
/// `Labels` is immutable and cheap to copy (one array reference). Names are
/// unique; use ``init(validating:)`` to reject duplicates and invalid names
/// from untrusted input, or ``Builder`` to derive new sets.
public struct Labels: Hashable, Sendable, Comparable, RandomAccessCollection, CustomStringConvertible,
    ExpressibleByDictionaryLiteral
{
    /// The name of the label that holds the metric name.
    public static let metricName = "__name__"

    public private(set) var storage: [Label]

    /// The empty label set.
    public init() { storage = [] }

    /// Builds a label set from `labels`, sorting them by name. When a name
    /// occurs more than once the last value wins.
    public init(_ labels: [Label]) {
        var sorted = labels
        sorted.sort { $0.name.utf8Less($1.name) }
        storage = Labels.dropDuplicateNames(sorted)
    }

    /// Builds a label set from name/value pairs.
    public init(_ pairs: [(String, String)]) {
        self.init(pairs.map { Label($0.0, $0.1) })
    }

    /// Builds a label set from a dictionary of names to values.
    public init(_ dictionary: [String: String]) {
        self.init(dictionary.map { Label($0.key, $0.value) })
    }

    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(elements)
    }

    /// Builds a label set from labels already sorted by name with unique names.
    /// The caller guarantees the order; this is the allocation-free path for decoders.
    public init(sortedUnique labels: [Label]) {
        storage = labels
    }

    /// Builds a label set from untrusted input: every name must be a valid
    /// label name (UTF-8 names allowed when `allowUTF8` is true) and unique.
    public init(validating labels: [Label], allowUTF8: Bool = true) throws(ArgusError) {
        for label in labels {
            try LabelName.validate(label.name, allowUTF8: allowUTF8)
        }
        var sorted = labels
        sorted.sort { $0.name.utf8Less($1.name) }
        if sorted.count > 1 {
            for i in 1..<sorted.count where sorted[i].name.utf8Equal(sorted[i - 1].name) {
                throw ArgusError(
                    .duplicateLabelName,
                    "label set has duplicate label name \(GoString.quote(sorted[i].name))",
                    input: sorted[i].name
                )
            }
        }
        storage = sorted
    }

    private static func dropDuplicateNames(_ sorted: [Label]) -> [Label] {
        guard sorted.count > 1 else { return sorted }
        var hasDuplicate = false
        for i in 1..<sorted.count where sorted[i].name.utf8Equal(sorted[i - 1].name) {
            hasDuplicate = true
            break
        }
        guard hasDuplicate else { return sorted }
        var result: [Label] = []
        result.reserveCapacity(sorted.count)
        for label in sorted {
            if let last = result.last, last.name.utf8Equal(label.name) {
                result[result.count - 1] = label
            } else {
                result.append(label)
            }
        }
        return result
    }

    // MARK: Collection

    public var startIndex: Int { storage.startIndex }
    public var endIndex: Int { storage.endIndex }
    public subscript(position: Int) -> Label { storage[position] }

    // MARK: Lookup

    /// The value of label `name`, or nil when the set has no such label.
    public subscript(name: String) -> String? {
        var low = 0
        var high = storage.count
        while low < high {
            let mid = (low + high) / 2
            let candidate = storage[mid].name
            if candidate.utf8Equal(name) { return storage[mid].value }
            if candidate.utf8Less(name) { low = mid + 1 } else { high = mid }
        }
        return nil
    }

    /// The metric name (`__name__`), if any.
    public var name: String? { self[Labels.metricName] }

    /// Whether the set has a label called `name`.
    public func has(_ name: String) -> Bool { self[name] != nil }

    /// A copy without the labels named in `names`.
    public func removing(_ names: Set<String>) -> Labels {
        Labels(sortedUnique: storage.filter { !names.contains($0.name) })
    }

    /// A copy that keeps only the labels named in `names`.
    public func keeping(_ names: Set<String>) -> Labels {
        Labels(sortedUnique: storage.filter { names.contains($0.name) })
    }

    /// A copy without `__name__`.
    public func droppingMetricName() -> Labels {
        guard has(Labels.metricName) else { return self }
        return removing([Labels.metricName])
    }

    /// A copy with label `name` set to `value`; an empty value removes the label,
    /// as in Prometheus.
    public func setting(_ name: String, to value: String) -> Labels {
        var builder = Builder(self)
        builder.set(name, value)
        return builder.labels
    }

    // MARK: Identity

    /// A stable 64-bit fingerprint of the label set: xxHash64 over each
    /// name and value followed by a 0xFF separator, the same value
    /// Prometheus' `labels.Hash` computes.
    public var fingerprint: UInt64 {
        var size = 0
        for label in storage { size += label.name.utf8.count + label.value.utf8.count + 2 }
        // One contiguous buffer, on the stack when small, hashed in one pass.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: size) { buffer in
            var offset = 0
            func append(_ string: String) {
                let copied: Void? = string.utf8.withContiguousStorageIfAvailable { source in
                    if let base = source.baseAddress {
                        (buffer.baseAddress! + offset).update(from: base, count: source.count)
                    }
                    offset += source.count
                }
                if copied == nil {
                    for byte in string.utf8 {
                        buffer[offset] = byte
                        offset += 1
                    }
                }
                buffer[offset] = 0xFF
                offset += 1
            }
            for label in storage {
                append(label.name)
                append(label.value)
            }
            var hasher = XXHash64()
            hasher.update(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: buffer[0..<offset])))
            return hasher.finalize()
        }
    }

    public static func == (lhs: Labels, rhs: Labels) -> Bool {
        lhs.storage == rhs.storage
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(storage.count)
        for label in storage { hasher.combine(label) }
    }

    /// Prometheus' `labels.Compare`: pairwise by name then value, then by length.
    public static func < (lhs: Labels, rhs: Labels) -> Bool {
        lhs.storage.withUnsafeBufferPointer { a in
            rhs.storage.withUnsafeBufferPointer { b in
                for i in 0..<Swift.min(a.count, b.count) {
                    let names = a[i].name.utf8Compare(b[i].name)
                    if names != 0 { return names < 0 }
                    let values = a[i].value.utf8Compare(b[i].value)
                    if values != 0 { return values < 0 }
                }
                return a.count < b.count
            }
        }
    }

    /// `{__name__="up", job="node"}`, as Prometheus prints a label set.
    public var description: String {
        "{" + storage.map(\.description).joined(separator: ", ") + "}"
    }
}

extension Labels {
    /// Builds a label set by setting and deleting labels of a base set.
    public struct Builder: Sendable {
        private var labels_: [String: String]

        public init(_ base: Labels = Labels()) {
            labels_ = Dictionary(base.storage.map { ($0.name, $0.value) }, uniquingKeysWith: { _, b in b })
        }

        /// Sets `name` to `value`; an empty value deletes the label.
        public mutating func set(_ name: String, _ value: String) {
            if value.isEmpty {
                labels_[name] = nil
            } else {
                labels_[name] = value
            }
        }

        /// Deletes the labels called `names`.
        public mutating func delete(_ names: String...) {
            for name in names { labels_[name] = nil }
        }

        /// The value currently set for `name`.
        public func get(_ name: String) -> String? { labels_[name] }

        /// The resulting label set.
        public var labels: Labels {
            var result = labels_.map { Label($0.key, $0.value) }
            result.sort { $0.name.utf8Less($1.name) }
            return Labels(sortedUnique: result)
        }
    }
}
