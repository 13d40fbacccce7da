import ArgusCore
import PromQL
import Storage
import Testing

/// Small AST builders so engine tests need no parser.
enum AST {
    static let nowhere = PositionRange(start: 0, end: 0)

    static func selector(_ name: String, _ matchers: [LabelMatcher] = [], offset: Int64? = nil, at: AtModifier? = nil)
        -> VectorSelector
    {
        VectorSelector(
            name: name,
            matchers: [.equal("__name__", name)] + matchers,
            offset: offset.map { .milliseconds($0) },
            at: at,
            position: nowhere
        )
    }

    static func vector(_ name: String, _ matchers: [LabelMatcher] = [], offset: Int64? = nil, at: AtModifier? = nil)
        -> Expr
    {
        .vectorSelector(selector(name, matchers, offset: offset, at: at))
    }

    static func matrix(_ name: String, _ range: Int64) -> Expr {
        .matrixSelector(MatrixSelector(selector: selector(name), range: .milliseconds(range), position: nowhere))
    }

    static func number(_ value: Double) -> Expr { .number(NumberLiteral(value: value, position: nowhere)) }

    static func binary(_ op: BinaryOp, _ lhs: Expr, _ rhs: Expr, matching: VectorMatching? = nil, bool: Bool = false)
        -> Expr
    {
        var m = matching
        if m == nil, lhs.type == .vector, rhs.type == .vector {
            m = VectorMatching(cardinality: op.isSetOperator ? .manyToMany : .oneToOne)
        }
        return .binary(BinaryExpr(op: op, lhs: lhs, rhs: rhs, matching: m, returnBool: bool, position: nowhere))
    }

    static func aggregate(_ op: AggregateOp, _ expr: Expr, by: [String] = [], without: Bool = false, param: Expr? = nil)
        -> Expr
    {
        .aggregate(AggregateExpr(op: op, expr: expr, param: param, grouping: by, without: without, position: nowhere))
    }

    static func subquery(_ expr: Expr, range: Int64, step: Int64?) -> Expr {
        .subquery(
            SubqueryExpr(
                expr: expr, range: .milliseconds(range), step: step.map { .milliseconds($0) }, position: nowhere))
    }
}

/// Loads `series` (labels → values at 0, interval, 2·interval …; nil skips a step).
func storage(interval: Int64, _ series: [(Labels, [Double?])]) throws -> MemoryStorage {
    let storage = MemoryStorage()
    let app = storage.appender()
    for (labels, values) in series {
        for (i, value) in values.enumerated() {
            if let value { try app.append(labels, timestamp: Int64(i) * interval, value: value) }
        }
    }
    try app.commit()
    return storage
}

func vector(_ result: QueryResult) -> [Labels: Double] {
    guard case .vector(let elements) = result.value else { return [:] }
    return Dictionary(elements.map { ($0.labels, $0.value) }, uniquingKeysWith: { a, _ in a })
}

@Suite struct EngineTests {
    let engine = Engine()

    @Test func instantSelectorUsesFiveMinuteLookbackAndStaleness() throws {
        let data = try storage(
            interval: 60_000,
            [
                (["__name__": "a", "i": "1"], [1, 2, 3]),
                (["__name__": "a", "i": "2"], [1, StaleMarker.value, nil]),
            ])
        // At 2m both have samples at or before; i=2's newest is a stale marker.
        #expect(
            vector(try engine.instantQuery(data, AST.vector("a"), at: 120_000)) == [["__name__": "a", "i": "1"]: 3])
        // 7m after the last sample is beyond the 5m lookback (left-open window).
        #expect(vector(try engine.instantQuery(data, AST.vector("a"), at: 420_000)).isEmpty)
        #expect(vector(try engine.instantQuery(data, AST.vector("a"), at: 419_999)).count == 1)
        // Offset looks back in time.
        #expect(
            vector(try engine.instantQuery(data, AST.vector("a", offset: 60_000), at: 120_000))[[
                "__name__": "a", "i": "1",
            ]] == 2)
        // @ pins the evaluation time.
        #expect(
            vector(try engine.instantQuery(data, AST.vector("a", at: .timestamp(0)), at: 120_000))[[
                "__name__": "a", "i": "1",
            ]] == 1)
    }

    @Test func rangeQueryProducesOnePointPerStep() throws {
        let data = try storage(interval: 60_000, [(["__name__": "a"], [1, 2, 3, 4])])
        let result = try engine.rangeQuery(data, AST.vector("a"), start: 0, end: 240_000, step: 60_000)
        guard case .matrix(let matrix) = result.value else { Issue.record("expected a matrix"); return }
        #expect(matrix.count == 1)
        #expect(matrix[0].points.map(\.value) == [1, 2, 3, 4, 4])
        #expect(matrix[0].points.map(\.timestamp) == [0, 60_000, 120_000, 180_000, 240_000])
    }

    @Test func arithmeticDropsNamesAndMatchesOneToOne() throws {
        let data = try storage(
            interval: 60_000,
            [
                (["__name__": "a", "i": "1"], [10]), (["__name__": "a", "i": "2"], [20]),
                (["__name__": "b", "i": "1"], [2]), (["__name__": "b", "i": "3"], [3]),
            ])
        let result = try engine.instantQuery(data, AST.binary(.div, AST.vector("a"), AST.vector("b")), at: 0)
        #expect(vector(result) == [["i": "1"]: 5])
        let scalar = try engine.instantQuery(data, AST.binary(.mul, AST.vector("a"), AST.number(2)), at: 0)
        #expect(vector(scalar) == [["i": "1"]: 20, ["i": "2"]: 40])
        let filter = try engine.instantQuery(data, AST.binary(.gtr, AST.vector("a"), AST.number(15)), at: 0)
        #expect(vector(filter) == [["__name__": "a", "i": "2"]: 20])
        let boolean = try engine.instantQuery(
            data, AST.binary(.gtr, AST.vector("a"), AST.number(15), bool: true), at: 0)
        #expect(vector(boolean) == [["i": "1"]: 0, ["i": "2"]: 1])
    }

    @Test func setOperators() throws {
        let data = try storage(
            interval: 60_000,
            [
                (["__name__": "a", "i": "1"], [1]), (["__name__": "a", "i": "2"], [2]),
                (["__name__": "b", "i": "2"], [3]),
                (["__name__": "b", "i": "3"], [4]),
            ])
        #expect(
            vector(try engine.instantQuery(data, AST.binary(.and, AST.vector("a"), AST.vector("b")), at: 0)) == [
                ["__name__": "a", "i": "2"]: 2
            ])
        #expect(
            vector(try engine.instantQuery(data, AST.binary(.unless, AST.vector("a"), AST.vector("b")), at: 0)) == [
                ["__name__": "a", "i": "1"]: 1
            ])
        #expect(
            vector(try engine.instantQuery(data, AST.binary(.or, AST.vector("a"), AST.vector("b")), at: 0)).count == 3)
    }

    @Test func manyToOneWithoutGroupLeftFails() throws {
        let data = try storage(
            interval: 60_000,
            [
                (["__name__": "a", "i": "1", "x": "p"], [1]), (["__name__": "a", "i": "1", "x": "q"], [2]),
                (["__name__": "b", "i": "1"], [3]),
            ])
        let on = VectorMatching(cardinality: .oneToOne, matchingLabels: ["i"], on: true)
        do {
            _ = try engine.instantQuery(data, AST.binary(.add, AST.vector("a"), AST.vector("b"), matching: on), at: 0)
            Issue.record("expected a matching error")
        } catch {
            #expect(
                error.message
                    == "multiple matches for labels: many-to-one matching must be explicit (group_left/group_right)")
        }
        let left = VectorMatching(cardinality: .manyToOne, matchingLabels: ["i"], on: true)
        let result = try engine.instantQuery(
            data, AST.binary(.add, AST.vector("a"), AST.vector("b"), matching: left), at: 0)
        #expect(vector(result) == [["i": "1", "x": "p"]: 4, ["i": "1", "x": "q"]: 5])
    }

    @Test func aggregations() throws {
        let data = try storage(
            interval: 60_000,
            [
                (["__name__": "a", "job": "x", "i": "1"], [1]), (["__name__": "a", "job": "x", "i": "2"], [3]),
                (["__name__": "a", "job": "y", "i": "3"], [10]),
            ])
        #expect(
            vector(try engine.instantQuery(data, AST.aggregate(.sum, AST.vector("a"), by: ["job"]), at: 0)) == [
                ["job": "x"]: 4, ["job": "y"]: 10,
            ])
        #expect(
            vector(try engine.instantQuery(data, AST.aggregate(.avg, AST.vector("a")), at: 0)) == [Labels(): 14.0 / 3])
        #expect(
            vector(
                try engine.instantQuery(data, AST.aggregate(.count, AST.vector("a"), by: ["i"], without: true), at: 0))
                == [["job": "x"]: 2, ["job": "y"]: 1])
        #expect(vector(try engine.instantQuery(data, AST.aggregate(.max, AST.vector("a")), at: 0)) == [Labels(): 10])
        #expect(
            vector(try engine.instantQuery(data, AST.aggregate(.stddev, AST.vector("a"), by: ["job"]), at: 0))[[
                "job": "x"
            ]] == 1)
        let top = try engine.instantQuery(data, AST.aggregate(.topk, AST.vector("a"), param: AST.number(2)), at: 0)
        guard case .vector(let elements) = top.value else { Issue.record("expected a vector"); return }
        #expect(elements.map(\.value) == [10, 3])
        let quantile = try engine.instantQuery(
            data, AST.aggregate(.quantile, AST.vector("a"), param: AST.number(0.5)), at: 0)
        #expect(vector(quantile) == [Labels(): 3])
    }

    @Test func subqueryStepsAreAlignedToAbsoluteMultiples() throws {
        let data = try storage(interval: 10_000, [(["__name__": "a"], (0..<20).map(Double.init))])
        // a[50s:20s] at 95s: aligned steps after 45s are 60s and 80s.
        let result = try engine.instantQuery(
            data, AST.subquery(AST.vector("a"), range: 50_000, step: 20_000), at: 95_000)
        guard case .matrix(let matrix) = result.value else { Issue.record("expected a matrix"); return }
        #expect(matrix.first?.points.map(\.timestamp) == [60_000, 80_000])
        #expect(matrix.first?.points.map(\.value) == [6, 8])
    }

    @Test func limitsSamples() throws {
        let data = try storage(interval: 60_000, [(["__name__": "a"], [1, 2, 3])])
        let small = Engine(options: EngineOptions(maxSamples: 2))
        #expect(throws: PromQLError.self) {
            try small.rangeQuery(data, AST.vector("a"), start: 0, end: 120_000, step: 60_000)
        }
    }

    @Test func rangeQueryRejectsMatrixExpressions() throws {
        let data = try storage(interval: 60_000, [(["__name__": "a"], [1])])
        do {
            _ = try engine.rangeQuery(data, AST.matrix("a", 60_000), start: 0, end: 60_000, step: 60_000)
            Issue.record("expected an error")
        } catch {
            #expect(
                error.message
                    == "invalid expression type \"range vector\" for range query, must be Scalar or instant Vector")
        }
    }
}
