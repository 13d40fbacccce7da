import ArgusCore
import ArgusTesting
import Foundation
import Testing

@testable import TSDB

@Suite struct PostingsTests {
    @Test func setOperations() {
        #expect(Postings.intersect([1, 3, 5, 7, 9], [2, 3, 4, 9, 10]) == [3, 9])
        #expect(Postings.intersect([[1, 2, 3], [2, 3, 4], [3, 4, 5]]) == [3])
        #expect(Postings.intersect([[]]) == [])
        #expect(Postings.union([1, 4], [2, 4, 6]) == [1, 2, 4, 6])
        #expect(Postings.union([[5], [1], [3], [1, 5]]) == [1, 3, 5])
        #expect(Postings.subtract([1, 2, 3, 4, 5], [2, 4, 6]) == [1, 3, 5])
        #expect(Postings.subtract([1, 2], []) == [1, 2])
    }

    @Test func operationsAgreeWithSetsOnRandomLists() {
        var generator = SeededGenerator(seed: 3)
        func randomList() -> [UInt64] {
            let count = Int.random(in: 0...200, using: &generator)
            let sparse = Bool.random(using: &generator)
            return Set((0..<count).map { _ in UInt64.random(in: 0...(sparse ? 10_000 : 300), using: &generator) })
                .sorted()
        }
        for _ in 0..<300 {
            let a = randomList()
            let b = randomList()
            #expect(Postings.intersect(a, b) == Set(a).intersection(b).sorted())
            #expect(Postings.union(a, b) == Set(a).union(b).sorted())
            #expect(Postings.subtract(a, b) == Set(a).subtracting(b).sorted())
        }
    }
}

@Suite struct PostingsIndexTests {
    static let series: [Labels] = [
        ["__name__": "up", "job": "node", "instance": "a"],
        ["__name__": "up", "job": "node", "instance": "b"],
        ["__name__": "up", "job": "api", "instance": "c"],
        ["__name__": "up", "instance": "d"],
        ["__name__": "requests_total", "job": "api", "code": "200"],
        ["__name__": "requests_total", "job": "api", "code": "500"],
    ]

    static var index: PostingsIndex {
        var index = PostingsIndex()
        for (i, labels) in series.enumerated() { index.add(UInt64(i + 1), labels) }
        return index
    }

    /// The index must select exactly what a scan with `Labels.matches` selects.
    @Test(arguments: [
        #"__name__="up""#, #"job="node""#, #"job="""#, #"job!="node""#, #"job=~"n.*|a.*""#, #"job!~"api""#,
        #"job=~".*""#, #"job=~".+""#, #"job=~"""#, #"code=~"5..""#, #"code!~"5..""#, #"nosuch="""#, #"nosuch!="""#,
        #"instance=~"[ab]""#, #"__name__=~"up|requests_total""#, #"job=~"node|""#,
    ])
    func matchesTheScan(_ text: String) throws {
        let matcher = try Self.parseMatcher(text)
        for extra in [[], [LabelMatcher.equal("__name__", "up")]] {
            let matchers = [matcher] + extra
            let expected = Self.series.enumerated().filter { $0.element.matches(matchers) }.map {
                UInt64($0.offset + 1)
            }
            #expect(Self.index.select(matchers) == expected, "\(matchers)")
        }
    }

    @Test func labelNamesValuesAndRemoval() {
        var index = Self.index
        #expect(index.labelNames == ["__name__", "code", "instance", "job"])
        #expect(index.values(of: "job") == ["api", "node"])
        index.remove([5, 6]) { Self.series[Int($0) - 1] }
        #expect(index.values(of: "code") == [])
        #expect(index.labelNames == ["__name__", "instance", "job"])
        #expect(index.select([.equal("job", "api")]) == [3])
        #expect(index.seriesCount == 4)
    }

    static func parseMatcher(_ text: String) throws -> LabelMatcher {
        for op in LabelMatcher.MatchType.allCases.sorted(by: { $0.rawValue.count > $1.rawValue.count }) {
            if let range = text.range(of: op.rawValue + "\"") {
                let name = String(text[..<range.lowerBound])
                let value = String(text[range.upperBound...].dropLast())
                return try LabelMatcher(op, name, value)
            }
        }
        throw ArgusError(.invalidMatcher, "bad test matcher \(text)")
    }
}
