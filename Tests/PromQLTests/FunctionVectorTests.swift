import ArgusCore
import Storage
import Testing

@testable import PromQL

/// `vector`, `scalar`, the `sort` family, `label_replace` and `label_join`,
/// with the cases of upstream's `functions.test`.
@Suite struct FunctionVectorTests {
    typealias F = FunctionFixture

    @Test func vectorAndScalar() {
        #expect(F.step("vector", [.scalar(1)]).map(\.value) == [1])
        #expect(F.step("vector", [.scalar(1)]).map(\.labels) == [Labels()])
        let two = F.vector([(["type": "float", "l": "x"], 1), (["type": "float", "l": "y"], 2)])
        #expect(F.step("scalar", [two]).first?.value.isNaN == true)
        #expect(F.step("scalar", [.vector([])]).first?.value.isNaN == true)
        #expect(F.step("scalar", [F.vector([(["l": "x"], 1)])]).map(\.value) == [1])
    }

    static let requests: [(Labels, Double)] = [
        (["__name__": "http_requests", "job": "api-server", "instance": "0", "group": "production"], 100),
        (["__name__": "http_requests", "job": "api-server", "instance": "1", "group": "production"], 200),
        (["__name__": "http_requests", "job": "api-server", "instance": "0", "group": "canary"], 300),
        (["__name__": "http_requests", "job": "api-server", "instance": "1", "group": "canary"], 400),
        (["__name__": "http_requests", "job": "api-server", "instance": "2", "group": "canary"], .nan),
        (["__name__": "http_requests", "job": "app-server", "instance": "0", "group": "production"], 500),
        (["__name__": "http_requests", "job": "app-server", "instance": "1", "group": "production"], 600),
        (["__name__": "http_requests", "job": "app-server", "instance": "0", "group": "canary"], 700),
        (["__name__": "http_requests", "job": "app-server", "instance": "1", "group": "canary"], 800),
    ]

    static func key(_ sample: StepSample) -> String {
        "\(sample.labels["group"] ?? "")/\(sample.labels["instance"] ?? "")/\(sample.labels["job"] ?? "")"
    }

    @Test func sortByValue() {
        let input = F.vector(Self.requests.shuffled())
        let ascending = F.step("sort", [input])
        #expect(ascending.dropLast().map(\.value) == [100, 200, 300, 400, 500, 600, 700, 800])
        #expect(ascending.last?.value.isNaN == true)
        let descending = F.step("sort_desc", [input])
        #expect(descending.dropLast().map(\.value) == [800, 700, 600, 500, 400, 300, 200, 100])
        #expect(descending.last?.value.isNaN == true)
        // Sorting keeps labels and the name-dropping flag.
        let flagged = F.step("sort", [F.vector([(["__name__": "a"], 2), (["__name__": "b"], 1)], dropName: true)])
        #expect(flagged.map(\.labels.name) == ["b", "a"])
        #expect(flagged.allSatisfy { $0.dropName })
    }

    @Test func sortByLabel() {
        let input = F.vector(
            Self.requests.shuffled() + [
                (["__name__": "http_requests", "job": "api-server", "instance": "2", "group": "production"], 100)
            ])
        #expect(
            F.step("sort_by_label", [input, .string("instance")]).map(Self.key) == [
                "canary/0/api-server", "canary/0/app-server", "production/0/api-server", "production/0/app-server",
                "canary/1/api-server", "canary/1/app-server", "production/1/api-server", "production/1/app-server",
                "canary/2/api-server", "production/2/api-server",
            ])
        #expect(
            F.step("sort_by_label", [input, .string("group"), .string("instance"), .string("job")]).map(Self.key) == [
                "canary/0/api-server", "canary/0/app-server", "canary/1/api-server", "canary/1/app-server",
                "canary/2/api-server", "production/0/api-server", "production/0/app-server",
                "production/1/api-server", "production/1/app-server", "production/2/api-server",
            ])
        #expect(
            F.step("sort_by_label", [input, .string("job"), .string("instance"), .string("group")]).map(Self.key) == [
                "canary/0/api-server", "production/0/api-server", "canary/1/api-server", "production/1/api-server",
                "canary/2/api-server", "production/2/api-server", "canary/0/app-server", "production/0/app-server",
                "canary/1/app-server", "production/1/app-server",
            ])
        #expect(
            F.step("sort_by_label_desc", [input, .string("instance")]).map(Self.key) == [
                "production/2/api-server", "canary/2/api-server", "production/1/app-server", "production/1/api-server",
                "canary/1/app-server", "canary/1/api-server", "production/0/app-server", "production/0/api-server",
                "canary/0/app-server", "canary/0/api-server",
            ])
    }

    @Test func sortByLabelIsNatural() {
        let cpus = ["0", "1", "2", "3", "10", "11", "12", "20", "21", "100"]
        let input = F.vector(cpus.shuffled().map { (["__name__": "cpu_time_total", "job": "cpu", "cpu": $0], 100) })
        #expect(F.step("sort_by_label", [input, .string("cpu")]).map { $0.labels["cpu"]! } == cpus)
        #expect(
            F.step("sort_by_label_desc", [input, .string("cpu")]).map { $0.labels["cpu"]! } == cpus.reversed())

        let uname = F.vector([
            (["instance": "4m600", "release": "1.2.3"], 100), (["instance": "4m5", "release": "1.11.3"], 100),
            (["instance": "4m1000", "release": "1.111.3"], 100),
        ])
        #expect(
            F.step("sort_by_label", [uname, .string("instance")]).map { $0.labels["instance"]! } == [
                "4m5", "4m600", "4m1000",
            ])
        #expect(
            F.step("sort_by_label", [uname, .string("release")]).map { $0.labels["release"]! } == [
                "1.2.3", "1.11.3", "1.111.3",
            ])
    }

    @Test func naturalOrder() {
        #expect(NaturalOrder.precedes("a", "a1"))
        #expect(!NaturalOrder.precedes("a1", "a"))
        #expect(NaturalOrder.precedes("a2", "a10"))
        #expect(NaturalOrder.precedes("x9y", "x10a"))
        #expect(NaturalOrder.precedes("B", "a"))  // byte order for text
        #expect(!NaturalOrder.precedes("", "a") && !NaturalOrder.precedes("a", ""))
        // Digit runs too long for an Int64 compare as text.
        #expect(NaturalOrder.precedes("100000000000000000000", "99999999999999999999"))
        #expect(NaturalOrder.chunks("ab12cd3").map { String(decoding: $0, as: UTF8.self) } == ["ab", "12", "cd", "3"])
    }

    static let testmetric: [(Labels, Double)] = [
        (["__name__": "testmetric", "src": "source-value-10", "dst": "original-destination-value"], 0),
        (["__name__": "testmetric", "src": "source-value-20", "dst": "original-destination-value"], 1),
    ]

    static func replace(_ dst: String, _ replacement: String, _ src: String, _ regex: String) throws(PromQLError)
        -> [StepSample]
    {
        try F.callStep(
            "label_replace",
            [F.vector(testmetric), .string(dst), .string(replacement), .string(src), .string(regex)]
        ).samples
    }

    @Test func labelReplace() throws {
        #expect(
            try Self.replace("dst", "destination-value-$1", "src", "source-value-(.*)").map { $0.labels["dst"] } == [
                "destination-value-10", "destination-value-20",
            ])
        // A full-string match, not a substring match.
        #expect(
            try Self.replace("dst", "destination-value-$1", "src", "value-(.*)").map { $0.labels["dst"] } == [
                "original-destination-value", "original-destination-value",
            ])
        #expect(
            try Self.replace("dst", "$1-value-$2", "src", "(.*)-value-(.*)").map { $0.labels["dst"] } == [
                "source-value-10", "source-value-20",
            ])
        // A missing source label is the empty string: no match here …
        #expect(
            try Self.replace("dst", "value-$1", "nonexistent-src", "source-value-(.*)").map { $0.labels["dst"] } == [
                "original-destination-value", "original-destination-value",
            ])
        // … but a match here.
        #expect(
            try Self.replace("dst", "value-$1", "nonexistent-src", "(.*)").map { $0.labels["dst"] } == [
                "value-", "value-",
            ])
        #expect(
            try Self.replace("dst", "value-$1", "src", "non-matching-regex").map { $0.labels["dst"] } == [
                "original-destination-value", "original-destination-value",
            ])
        // An empty result removes the label.
        #expect(try Self.replace("dst", "", "dst", ".*").allSatisfy { !$0.labels.has("dst") })
        // Named groups, `.` matching newlines, and Prometheus' textual wrapping.
        #expect(
            try Self.replace("x", "${v}", "src", "source-(?P<v>.+)").map { $0.labels["x"] } == ["value-10", "value-20"])
        let multiline = try F.callStep(
            "label_replace",
            [F.vector([(["a": "x\ny"], 1)]), .string("b"), .string("$1"), .string("a"), .string("(.*)")]
        ).samples
        #expect(multiline.first?.labels["b"] == "x\ny")
        #expect(try Self.replace("x", "hit", "src", "source)|(nothing").map { $0.labels["x"] } == ["hit", "hit"])
    }

    @Test func labelReplaceNameHandling() throws {
        let input = F.vector([(["__name__": "m", "a": "1"], 1)], dropName: true)
        let toName = try F.callStep(
            "label_replace", [input, .string("__name__"), .string("n"), .string("a"), .string(".*")])
        #expect(toName.samples.first?.labels.name == "n")
        #expect(toName.samples.first?.dropName == false)
        let other = try F.callStep("label_replace", [input, .string("b"), .string("n"), .string("a"), .string(".*")])
        #expect(other.samples.first?.dropName == true)
        let unmatched = try F.callStep(
            "label_replace", [input, .string("__name__"), .string("n"), .string("a"), .string("x")])
        #expect(unmatched.samples.first?.dropName == true)
    }

    @Test func labelReplaceErrors() {
        #expect(throws: PromQLError(.execution, "invalid regular expression in label_replace(): (.*")) {
            try Self.replace("dst", "value-$1", "src", "(.*")
        }
        #expect(throws: PromQLError(.execution, "invalid destination label name in label_replace(): ")) {
            try Self.replace("", "", "src", "(.*)")
        }
        // Errors are raised even for an empty vector.
        #expect(throws: PromQLError.self) {
            try F.callStep("label_replace", [.vector([]), .string("d"), .string(""), .string("s"), .string("[")])
        }
    }

    static let joinInput: [(Labels, Double)] = [
        (["__name__": "testmetric", "src": "a", "src1": "b", "src2": "c", "dst": "original-destination-value"], 0),
        (["__name__": "testmetric", "src": "d", "src1": "e", "src2": "f", "dst": "original-destination-value"], 1),
    ]

    static func join(_ dst: String, _ separator: String, _ sources: [String]) throws(PromQLError) -> [StepSample] {
        try F.callStep(
            "label_join", [F.vector(joinInput), .string(dst), .string(separator)] + sources.map { .string($0) }
        ).samples
    }

    @Test func labelJoin() throws {
        #expect(try Self.join("dst", "-", ["src", "src1", "src2"]).map { $0.labels["dst"] } == ["a-b-c", "d-e-f"])
        #expect(try Self.join("dst", "-", ["src", "src3", "src1"]).map { $0.labels["dst"] } == ["a--b", "d--e"])
        #expect(try Self.join("dst", "", ["emptysrc", "emptysrc1", "emptysrc2"]).allSatisfy { !$0.labels.has("dst") })
        #expect(try Self.join("dst", ", ", []).allSatisfy { !$0.labels.has("dst") })
        #expect(try Self.join("new", ", ", ["src", "src1"]).map { $0.labels["new"] } == ["a, b", "d, e"])
        #expect(try Self.join("__name__", "", ["src"]).map { $0.labels.name } == ["a", "d"])
    }

    @Test func labelJoinErrors() {
        #expect(throws: PromQLError(.execution, "invalid source label name in label_join(): ")) {
            try Self.join("dst", "-", ["src", ""])
        }
        #expect(throws: PromQLError(.execution, "invalid destination label name in label_join(): ")) {
            try Self.join("", "-", ["src"])
        }
    }
}
