import ArgusCore
import Testing

@Suite struct LabelsTests {
    @Test func sortsAndLooksUp() {
        let labels: Labels = ["job": "node", "__name__": "up", "instance": "a:9100"]
        #expect(labels.map(\.name) == ["__name__", "instance", "job"])
        #expect(labels["job"] == "node")
        #expect(labels["missing"] == nil)
        #expect(labels.name == "up")
        #expect(labels.description == #"{__name__="up", instance="a:9100", job="node"}"#)
    }

    @Test func lastDuplicateWinsInUncheckedInit() {
        let labels = Labels([Label("a", "1"), Label("b", "2"), Label("a", "3")])
        #expect(labels.count == 2)
        #expect(labels["a"] == "3")
    }

    @Test func validatingRejectsDuplicatesAndBadNames() {
        #expect(throws: ArgusError.self) { try Labels(validating: [Label("a", "1"), Label("a", "2")]) }
        do {
            _ = try Labels(validating: [Label("a", "1"), Label("a", "2")])
        } catch {
            #expect(error.code == .duplicateLabelName)
            #expect(error.message == #"label set has duplicate label name "a""#)
        }
        do {
            _ = try Labels(validating: [Label("1abc", "x")], allowUTF8: false)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidLabelName)
            #expect(error.message.contains("\"1abc\""))
        }
        #expect((try? Labels(validating: [Label("service.name", "x")], allowUTF8: true)) != nil)
        #expect(throws: ArgusError.self) { try Labels(validating: [Label("", "x")]) }
    }

    @Test func fingerprintIsPrometheusLabelsHash() {
        // xxHash64 of "__name__\xffup\xffjob\xffnode\xff", as Prometheus' labels.Hash computes it.
        let labels: Labels = ["__name__": "up", "job": "node"]
        #expect(labels.fingerprint == 0x0158_5E23_99CC_2DF6)
        #expect(Labels().fingerprint == 0xEF46_DB37_51D8_E999)
        #expect(labels.fingerprint != Labels(["__name__": "up", "job": "nodf"]).fingerprint)
    }

    @Test func comparesBytewiseLikeGo() {
        // "é" precomposed and decomposed are equal to Swift's String ==, but not to Prometheus.
        let composed = Labels(["a": "\u{E9}"])
        let decomposed = Labels(["a": "e\u{301}"])
        #expect(composed != decomposed)
        #expect(Set([composed, decomposed]).count == 2)
        let a: Labels = ["a": "1"]
        let ab: Labels = ["a": "1", "b": "1"]
        let b: Labels = ["b": "0"]
        #expect(a < ab)
        #expect(ab < b)
        #expect(!(b < a))
        // 'Z' (0x5A) sorts before 'a' (0x61) by bytes.
        #expect(Labels(["x": "Z"]) < Labels(["x": "a"]))
    }

    @Test func threeWayComparisonAgreesWithByteOrder() {
        // Lengths around the 8-byte words the comparison reads, bytes that differ
        // in the high bit, prefixes, and strings short enough to be stored inline.
        var generator = SystemRandomNumberGenerator()
        let alphabet: [String] = ["a", "b", "Z", "\u{E9}", "\u{7F}", "\u{80}", "\u{10FFFF}", "0"]
        for _ in 0..<2000 {
            let x = (0..<Int.random(in: 0...20, using: &generator)).map { _ in alphabet.randomElement()! }.joined()
            var y = x
            switch Int.random(in: 0..<3, using: &generator) {
            case 0: y = (0..<Int.random(in: 0...20, using: &generator)).map { _ in alphabet.randomElement()! }.joined()
            case 1: y += alphabet.randomElement()!
            default: if !y.isEmpty { y.removeLast() }
            }
            let want =
                Array(x.utf8) == Array(y.utf8) ? 0 : (Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8)) ? -1 : 1)
            #expect(x.utf8Compare(y).signum() == want, "\(Array(x.utf8)) vs \(Array(y.utf8))")
            #expect(x.utf8Less(y) == (want < 0))
            #expect((Labels(["n": x]) < Labels(["n": y])) == (want < 0))
        }
    }

    @Test func builderSetsAndDeletes() {
        var builder = Labels.Builder(["a": "1", "b": "2"])
        builder.set("c", "3")
        builder.set("a", "")
        builder.delete("b")
        #expect(builder.labels == ["c": "3"])
        #expect(Labels(["a": "1"]).setting("a", to: "") == Labels())
        #expect(Labels(["__name__": "x", "a": "1"]).droppingMetricName() == ["a": "1"])
        #expect(Labels(["a": "1", "b": "2"]).keeping(["b"]) == ["b": "2"])
    }

    @Test(arguments: [
        ("up", true, true), ("node:cpu:rate5m", true, false), ("_x9", true, true), ("9x", false, false),
        ("a-b", false, false), ("", false, false), ("é", false, false),
    ])
    func legacyNames(name: String, metricOK: Bool, labelOK: Bool) {
        #expect(LabelName.isLegacyMetricName(name) == metricOK)
        #expect(LabelName.isLegacyLabelName(name) == labelOK)
        #expect(LabelName.isValidLabelName(name, allowUTF8: true) == !name.isEmpty)
    }
}

@Suite struct XXHash64Tests {
    @Test(arguments: [
        ("", 0xEF46_DB37_51D8_E999 as UInt64), ("a", 0xD24E_C4F1_A98C_6E5B), ("abc", 0x44BC_2CF5_AD77_0999),
    ])
    func knownVectors(input: String, expected: UInt64) {
        #expect(XXHash64.hash(Array(input.utf8)) == expected)
    }

    @Test func longInputAndChunkingAgree() {
        let bytes = (0..<3).flatMap { _ in (0..<256).map { UInt8($0) } }
        #expect(XXHash64.hash(bytes) == 0x8E03_C838_C596_036F)
        for split in [1, 7, 31, 32, 33, 100, 700] {
            var hasher = XXHash64()
            bytes[..<split].withUnsafeBytes { hasher.update($0) }
            bytes[split...].withUnsafeBytes { hasher.update($0) }
            #expect(hasher.finalize() == 0x8E03_C838_C596_036F, "split at \(split)")
        }
    }
}

@Suite struct MemcmpEqualTests {
    /// Short runs are compared in words, long ones by the C library: both
    /// must find a single differing byte anywhere, at any alignment.
    @Test func findsEveryDifferenceAtEveryLengthAndOffset() {
        let a = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        a.withUnsafeBufferPointer { left in
            for offset in 0..<9 {
                for count in 0...(a.count - offset) {
                    var b = Array(a[offset..<(offset + count)])
                    #expect(
                        b.withUnsafeBufferPointer { memcmpEqual(left.baseAddress! + offset, $0.baseAddress!, count) })
                    for position in stride(from: 0, to: count, by: max(1, count / 7)) {
                        b[position] ^= 0x10
                        let equal = b.withUnsafeBufferPointer {
                            memcmpEqual(left.baseAddress! + offset, $0.baseAddress!, count)
                        }
                        #expect(!equal, "count \(count) offset \(offset) position \(position)")
                        b[position] ^= 0x10
                    }
                }
            }
        }
    }
}
