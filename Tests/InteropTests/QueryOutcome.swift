import ArgusCore
import Foundation
import PromQL
import Storage

/// A query result reduced to what both engines must agree on, from either
/// Argus' ``QueryResult`` or Prometheus' JSON.
///
/// Series are keyed by their label set printed as `{a="b", …}`. Warnings
/// and infos are not compared, nor the text of errors: only that both
/// sides failed.
enum QueryOutcome: CustomStringConvertible {
    struct Element {
        var labels: String
        var value: Double
    }

    struct Series {
        var labels: String
        var points: [(timestamp: Int64, value: Double)]
    }

    case failure(String)
    case scalar(Double)
    case string(String)
    /// Elements in result order.
    case vector([Element])
    case matrix([Series])

    init(_ result: Result<QueryResult, any Error>) {
        switch result {
        case .failure(let error): self = .failure("\(error)")
        case .success(let result):
            switch result.value {
            case .scalar(_, let value): self = .scalar(value)
            case .string(_, let value): self = .string(value)
            case .vector(let elements):
                self = .vector(elements.map { Element(labels: $0.labels.description, value: $0.value) })
            case .matrix(let series):
                self = .matrix(
                    series.map { s in
                        Series(labels: s.labels.description, points: s.points.map { ($0.timestamp, $0.value) })
                    }
                )
            }
        }
    }

    /// Reads the `data` of a Prometheus API answer (`/api/v1/query` or `query_range`).
    init(prometheus response: PrometheusPeer.APIResponse) {
        let body = response.body
        guard body["status"] as? String == "success", let data = body["data"] as? [String: Any] else {
            let type = body["errorType"] as? String ?? "HTTP \(response.httpStatus)"
            self = .failure("\(type): \(body["error"] as? String ?? "no error message")")
            return
        }
        let result = data["result"]
        switch data["resultType"] as? String {
        case "scalar":
            self = .scalar(Self.value((result as? [Any])?.last))
        case "string":
            self = .string((result as? [Any])?.last as? String ?? "")
        case "vector":
            let items = result as? [[String: Any]] ?? []
            self = .vector(
                items.map { item in
                    Element(labels: Self.labels(item["metric"]), value: Self.value((item["value"] as? [Any])?.last))
                }
            )
        case "matrix":
            let items = result as? [[String: Any]] ?? []
            self = .matrix(
                items.map { item in
                    let points = (item["values"] as? [[Any]] ?? []).map { pair in
                        (Self.timestamp(pair.first), Self.value(pair.last))
                    }
                    return Series(labels: Self.labels(item["metric"]), points: points)
                }
            )
        default:
            self = .failure("unknown result type \(data["resultType"] ?? "nil")")
        }
    }

    var isFailure: Bool {
        if case .failure = self { return true }
        return false
    }

    /// Whether the result holds any data (an empty vector or matrix does not).
    var isEmpty: Bool {
        switch self {
        case .failure: return true
        case .scalar, .string: return false
        case .vector(let elements): return elements.isEmpty
        case .matrix(let series): return series.isEmpty
        }
    }

    /// A short rendering for failure messages: at most `limit` series.
    func summary(limit: Int = 6) -> String {
        switch self {
        case .failure(let message): return "error: \(message)"
        case .scalar(let value): return "scalar \(GoFloat.formatG(value))"
        case .string(let value): return "string \(value)"
        case .vector(let elements):
            let shown = elements.prefix(limit).map { "\($0.labels) \(GoFloat.formatG($0.value))" }
            let more = elements.count > limit ? ["… \(elements.count - limit) more"] : []
            return "vector(\(elements.count)) [" + (shown + more).joined(separator: "; ") + "]"
        case .matrix(let series):
            let shown = series.prefix(limit).map { s in
                let points = s.points.prefix(4).map { "\(GoFloat.formatG($0.value))@\($0.timestamp)" }
                return
                    "\(s.labels) [\(points.joined(separator: " "))\(s.points.count > 4 ? " …\(s.points.count)" : "")]"
            }
            let more = series.count > limit ? ["… \(series.count - limit) more"] : []
            return "matrix(\(series.count)) [" + (shown + more).joined(separator: "; ") + "]"
        }
    }

    var description: String { summary() }

    /// Why `self` (Argus) and `other` (Prometheus) disagree, or nil when they agree.
    ///
    /// Floats agree within a relative 1e-9 (the engines sum in different
    /// orders, 3.x with Kahan compensation, and use different libm's) or an
    /// absolute 1e-12 (a variance of equal values is 0 in one engine and
    /// 6e-17 in the other); NaN equals NaN, infinities must match exactly. Vectors are compared as sets unless `ordered`, where
    /// additionally the sequence of values must match; elements with equal
    /// values may be swapped, since neither engine orders ties stably.
    func mismatch(_ other: QueryOutcome, ordered: Bool) -> String? {
        switch (self, other) {
        case (.failure, .failure): return nil
        case (.failure, _), (_, .failure): return "only one side failed"
        case (.scalar(let a), .scalar(let b)):
            return Self.same(a, b) ? nil : "scalar \(GoFloat.formatG(a)) ≠ \(GoFloat.formatG(b))"
        case (.string(let a), .string(let b)): return a == b ? nil : "string \(a) ≠ \(b)"
        case (.vector(let a), .vector(let b)):
            if let problem = Self.compareSets(
                a.map { ($0.labels, [(Int64(0), $0.value)]) }, b.map { ($0.labels, [(Int64(0), $0.value)]) })
            {
                return problem
            }
            if ordered {
                for (x, y) in zip(a, b) where !Self.same(x.value, y.value) {
                    return
                        "order differs: \(x.labels) \(GoFloat.formatG(x.value)) where Prometheus has \(y.labels) \(GoFloat.formatG(y.value))"
                }
            }
            return nil
        case (.matrix(let a), .matrix(let b)):
            return Self.compareSets(a.map { ($0.labels, $0.points) }, b.map { ($0.labels, $0.points) })
        default:
            return "result types differ"
        }
    }

    private static func compareSets(
        _ a: [(String, [(timestamp: Int64, value: Double)])],
        _ b: [(String, [(timestamp: Int64, value: Double)])]
    ) -> String? {
        let left = Dictionary(a, uniquingKeysWith: { x, _ in x })
        let right = Dictionary(b, uniquingKeysWith: { x, _ in x })
        if left.count != a.count { return "Argus returned duplicate series" }
        if right.count != b.count { return "Prometheus returned duplicate series" }
        let onlyLeft = Set(left.keys).subtracting(right.keys).sorted()
        let onlyRight = Set(right.keys).subtracting(left.keys).sorted()
        if !onlyLeft.isEmpty || !onlyRight.isEmpty {
            return "series only in Argus: \(onlyLeft.prefix(3)), only in Prometheus: \(onlyRight.prefix(3))"
        }
        for (labels, points) in left.sorted(by: { $0.key < $1.key }) {
            let expected = right[labels]!
            if points.count != expected.count {
                return "\(labels): \(points.count) points in Argus, \(expected.count) in Prometheus"
            }
            for (p, q) in zip(points, expected) where p.timestamp != q.timestamp || !same(p.value, q.value) {
                return
                    "\(labels): \(GoFloat.formatG(p.value))@\(p.timestamp) in Argus, \(GoFloat.formatG(q.value))@\(q.timestamp) in Prometheus"
            }
        }
        return nil
    }

    static func same(_ a: Double, _ b: Double) -> Bool {
        if a.isNaN || b.isNaN { return a.isNaN && b.isNaN }
        if a == b { return true }
        if a.isInfinite || b.isInfinite { return false }
        return abs(a - b) <= max(1e-9 * max(abs(a), abs(b)), 1e-12)
    }

    /// Prometheus writes sample values as strings: `"1.5"`, `"NaN"`, `"+Inf"`.
    private static func value(_ any: Any?) -> Double {
        guard let text = any as? String, let value = GoFloat.parse(text) else { return .nan }
        return value
    }

    /// Timestamps are JSON numbers in seconds with millisecond decimals.
    private static func timestamp(_ any: Any?) -> Int64 {
        if let number = any as? NSNumber { return Int64((number.doubleValue * 1000).rounded()) }
        if let number = any as? Double { return Int64((number * 1000).rounded()) }
        return Int64.min
    }

    private static func labels(_ any: Any?) -> String {
        let dictionary = any as? [String: String] ?? [:]
        return Labels(dictionary).description
    }
}
