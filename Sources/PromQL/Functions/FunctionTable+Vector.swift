import ArgusCore

/// Functions on a whole instant vector or on its labels: `vector`,
/// `scalar`, the `sort` family, `label_replace` and `label_join`.
extension FunctionTable {
    static var vectorFunctions: [String: FunctionImplementation] {
        [
            "vector": .step { arguments, _ in [StepSample(labels: Labels(), value: arguments[0].scalarValue)] },
            "scalar": .step { arguments, _ in
                let vector = arguments[0].vectorValue
                return [StepSample(labels: Labels(), value: vector.count == 1 ? vector[0].value : .nan)]
            },
            "sort": .step { arguments, _ in
                // Ascending, NaN last.
                arguments[0].vectorValue.sorted { a, b in !a.value.isNaN && (b.value.isNaN || a.value < b.value) }
            },
            "sort_desc": .step { arguments, _ in
                // Descending, NaN last.
                arguments[0].vectorValue.sorted { a, b in !a.value.isNaN && (b.value.isNaN || a.value > b.value) }
            },
            "sort_by_label": .step { arguments, _ in
                sortByLabel(
                    arguments[0].vectorValue, labels: arguments.dropFirst().map(\.stringValue), descending: false)
            },
            "sort_by_label_desc": .step { arguments, _ in
                sortByLabel(
                    arguments[0].vectorValue, labels: arguments.dropFirst().map(\.stringValue), descending: true)
            },
            "label_replace": .step { arguments, _ throws(PromQLError) in
                try labelReplace(
                    arguments[0].vectorValue,
                    destination: arguments[1].stringValue,
                    replacement: arguments[2].stringValue,
                    source: arguments[3].stringValue,
                    regex: arguments[4].stringValue
                )
            },
            "label_join": .step { arguments, _ throws(PromQLError) in
                try labelJoin(
                    arguments[0].vectorValue,
                    destination: arguments[1].stringValue,
                    separator: arguments[2].stringValue,
                    sources: arguments.dropFirst(3).map(\.stringValue)
                )
            },
        ]
    }

    /// Sorts by the given labels' values in natural order (numbers inside
    /// the values compare as numbers), then by the whole label set.
    static func sortByLabel(_ vector: [StepSample], labels names: [String], descending: Bool) -> [StepSample] {
        vector.sorted { a, b in
            for name in names {
                let x = a.labels[name] ?? ""
                let y = b.labels[name] ?? ""
                if x.utf8Equal(y) { continue }
                return NaturalOrder.precedes(x, y) != descending
            }
            return descending ? b.labels < a.labels : a.labels < b.labels
        }
    }

    /// `label_replace(v, dst, replacement, src, regex)`: where `regex`
    /// matches all of label `src`, sets `dst` to `replacement` with `$1`,
    /// `$name` … expanded (an empty result removes `dst`).
    ///
    /// - Throws: for a regex that does not compile or an invalid `dst`.
    static func labelReplace(
        _ vector: [StepSample],
        destination: String,
        replacement: String,
        source: String,
        regex pattern: String
    ) throws(PromQLError) -> [StepSample] {
        // Wrapped textually, exactly as Prometheus does, so that even odd
        // patterns such as `a)|(b` mean what they mean there.
        let regex: RE2
        do {
            regex = try RE2("^(?s:" + pattern + ")$")
        } catch {
            throw PromQLError(.execution, "invalid regular expression in label_replace(): \(pattern)")
        }
        guard LabelName.isValidLabelName(destination) else {
            throw PromQLError(.execution, "invalid destination label name in label_replace(): \(destination)")
        }
        return vector.map { sample in
            guard let groups = regex.firstMatchGroups(in: sample.labels[source] ?? "") else { return sample }
            let value = regex.expand(template: replacement, groups: groups)
            return StepSample(
                labels: sample.labels.setting(destination, to: value),
                value: sample.value,
                dropName: destination == Labels.metricName ? false : sample.dropName
            )
        }
    }

    /// `label_join(v, dst, separator, src...)`: sets `dst` to the values of
    /// the `src` labels joined by `separator` (missing labels count as empty;
    /// an empty result removes `dst`).
    ///
    /// - Throws: for an invalid source or destination label name.
    static func labelJoin(
        _ vector: [StepSample],
        destination: String,
        separator: String,
        sources: [String]
    ) throws(PromQLError) -> [StepSample] {
        for source in sources where !LabelName.isValidLabelName(source) {
            throw PromQLError(.execution, "invalid source label name in label_join(): \(source)")
        }
        guard LabelName.isValidLabelName(destination) else {
            throw PromQLError(.execution, "invalid destination label name in label_join(): \(destination)")
        }
        return vector.map { sample in
            let value = sources.map { sample.labels[$0] ?? "" }.joined(separator: separator)
            return StepSample(
                labels: sample.labels.setting(destination, to: value),
                value: sample.value,
                dropName: destination == Labels.metricName ? false : sample.dropName
            )
        }
    }
}

/// The natural order of `github.com/facette/natsort` (the version Prometheus
/// pins), which `sort_by_label` uses: strings split into runs of ASCII digits
/// and runs of other bytes; two digit runs compare as integers, anything else
/// byte-wise.
enum NaturalOrder {
    /// Whether `a` sorts before `b`. Like the original, this is not a strict
    /// order for every input (for example both `""` vs `"x"` and `"x"` vs `""`
    /// are false, and equal numbers with different leading zeros precede each
    /// other); Prometheus only calls it for different strings.
    static func precedes(_ a: String, _ b: String) -> Bool {
        let chunksA = chunks(a)
        let chunksB = chunks(b)
        for i in chunksA.indices {
            if i >= chunksB.count { return false }
            let x = chunksA[i]
            let y = chunksB[i]
            if let xInt = integer(x), let yInt = integer(y) {
                if xInt == yInt {
                    if i == chunksA.count - 1 { return true }
                    if i == chunksB.count - 1 { return false }
                    continue
                }
                return xInt < yInt
            }
            if x.elementsEqual(y) {
                if i == chunksA.count - 1 { return true }
                if i == chunksB.count - 1 { return false }
                continue
            }
            return x.lexicographicallyPrecedes(y)
        }
        return false
    }

    /// The runs of digits and non-digits of `s`'s UTF-8 bytes.
    static func chunks(_ s: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(s.utf8)
        var result: [ArraySlice<UInt8>] = []
        var start = 0
        while start < bytes.count {
            let digit = isDigit(bytes[start])
            var end = start + 1
            while end < bytes.count, isDigit(bytes[end]) == digit { end += 1 }
            result.append(bytes[start..<end])
            start = end
        }
        return result
    }

    /// Go's `strconv.Atoi` on a run of digits: nil for non-digits or on
    /// overflow of a 64-bit int.
    static func integer(_ chunk: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        for byte in chunk {
            guard isDigit(byte) else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte - 0x30))
            if overflow1 || overflow2 { return nil }
            value = sum
        }
        return chunk.isEmpty ? nil : value
    }

    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
}
