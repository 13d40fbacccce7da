import ArgusCore
import ArgusHTTP
import Hummingbird
import PromQL
import Storage

extension MetricsAPI {
    /// The most points a range query may return per series.
    static let maxPointsPerSeries: Int64 = 11_000

    /// `GET|POST /api/v1/query`.
    func query(_ form: FormParameters) async throws(APIError) -> Response {
        let limit = try APIParameters.limit(form)
        let time = try APIParameters.time(form, "time", default: now())
        let options = try engineOptions(form)
        let text = form.value("query")
        let expr = try parse(text)
        let result: QueryResult
        do {
            result = try await queries.instant(expr, text: text, at: time, options: options)
        } catch {
            throw APIError(error)
        }
        return Self.encode(result, query: text, limit: limit)
    }

    /// `GET|POST /api/v1/query_range`.
    func queryRange(_ form: FormParameters) async throws(APIError) -> Response {
        let limit = try APIParameters.limit(form)
        let start: Int64
        let end: Int64
        let step: Int64
        do {
            start = try APIParameters.time(form.value("start"))
        } catch {
            throw APIError.invalidParameter("start", error.message)
        }
        do {
            end = try APIParameters.time(form.value("end"))
        } catch {
            throw APIError.invalidParameter("end", error.message)
        }
        if end < start {
            throw APIError.invalidParameter("end", "end timestamp must not be before start time")
        }
        do {
            step = try APIParameters.duration(form.value("step"))
        } catch {
            throw APIError.invalidParameter("step", error.message)
        }
        if step <= 0 {
            throw APIError.invalidParameter(
                "step", "zero or negative query resolution step widths are not accepted. Try a positive integer")
        }
        if (end - start) / step > Self.maxPointsPerSeries {
            throw APIError(
                .badData,
                "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)"
            )
        }
        let options = try engineOptions(form)
        let text = form.value("query")
        let expr = try parse(text)
        let result: QueryResult
        do {
            result = try await queries.range(expr, text: text, start: start, end: end, step: step, options: options)
        } catch {
            throw APIError(error)
        }
        return Self.encode(result, query: text, limit: limit)
    }

    /// `GET|POST /api/v1/format_query`: the expression in canonical form.
    func formatQuery(_ form: FormParameters) throws(APIError) -> Response {
        let expr = try parse(form.value("query"))
        let text = expr.description
        return APIResponse.success { $0.string(text) }
    }

    private func parse(_ text: String) throws(APIError) -> Expr {
        do {
            return try PromQLParser.parse(text, options: options.parserOptions)
        } catch {
            throw APIError.invalidParameter("query", error.description)
        }
    }

    private func engineOptions(_ form: FormParameters) throws(APIError) -> EngineOptions {
        var timeout: Int64? = nil
        let timeoutText = form.value("timeout")
        if !timeoutText.isEmpty {
            do {
                timeout = try APIParameters.duration(timeoutText)
            } catch {
                throw APIError.invalidParameter("timeout", error.message)
            }
        }
        var lookback: Int64? = nil
        let lookbackText = form.value("lookback_delta")
        if !lookbackText.isEmpty {
            do {
                lookback = try APIParameters.duration(lookbackText)
            } catch {
                throw APIError(.badData, "error parsing lookback delta duration: \(error.message)")
            }
        }
        return queries.options(timeout: timeout, lookbackDelta: lookback)
    }

    /// Encodes a query result with its storage warnings and annotations as
    /// `warnings` and `infos` (each annotation with the position of its
    /// sub-expression, at most ten of each kind).
    static func encode(_ result: QueryResult, query: String, limit: Int) -> Response {
        var value = result.value
        var (warnings, infos) = annotationStrings(result.annotations, query: query)
        warnings.insert(contentsOf: result.storageWarnings, at: 0)
        if limit > 0 {
            switch value {
            case .vector(let v) where v.count > limit:
                value = .vector(Array(v.prefix(limit)))
                warnings.append("results truncated due to limit")
            case .matrix(let m) where m.count > limit:
                value = .matrix(Array(m.prefix(limit)))
                warnings.append("results truncated due to limit")
            default: break
            }
        }
        return APIResponse.success(warnings: warnings, infos: infos) { json in
            json.raw("{\"resultType\":")
            json.string(value.type.rawValue)
            json.raw(",\"result\":")
            writeValue(value, into: &json)
            json.byte(UInt8(ascii: "}"))
        }
    }

    static func writeValue(_ value: Value, into json: inout JSONWriter) {
        switch value {
        case .scalar(let t, let v):
            json.byte(UInt8(ascii: "["))
            json.timestamp(t)
            json.byte(UInt8(ascii: ","))
            json.sampleValue(v)
            json.byte(UInt8(ascii: "]"))
        case .string(let t, let s):
            json.byte(UInt8(ascii: "["))
            json.timestamp(t)
            json.byte(UInt8(ascii: ","))
            json.string(s)
            json.byte(UInt8(ascii: "]"))
        case .vector(let elements):
            json.byte(UInt8(ascii: "["))
            for (i, element) in elements.enumerated() {
                if i > 0 { json.byte(UInt8(ascii: ",")) }
                json.raw("{\"metric\":")
                json.labels(element.labels)
                json.raw(",\"value\":[")
                json.timestamp(element.timestamp)
                json.byte(UInt8(ascii: ","))
                json.sampleValue(element.value)
                json.raw("]}")
            }
            json.byte(UInt8(ascii: "]"))
        case .matrix(let series):
            json.byte(UInt8(ascii: "["))
            for (i, s) in series.enumerated() {
                if i > 0 { json.byte(UInt8(ascii: ",")) }
                json.raw("{\"metric\":")
                json.labels(s.labels)
                json.raw(",\"values\":[")
                for (j, point) in s.points.enumerated() {
                    if j > 0 { json.byte(UInt8(ascii: ",")) }
                    json.byte(UInt8(ascii: "["))
                    json.timestamp(point.timestamp)
                    json.byte(UInt8(ascii: ","))
                    json.sampleValue(point.value)
                    json.byte(UInt8(ascii: "]"))
                }
                json.raw("]}")
            }
            json.byte(UInt8(ascii: "]"))
        }
    }

    /// Prometheus' `Annotations.AsStrings(query, 10, 10)`.
    static func annotationStrings(_ annotations: [Annotation], query: String) -> (warnings: [String], infos: [String]) {
        var warnings: [String] = []
        var infos: [String] = []
        var skippedWarnings = 0
        var skippedInfos = 0
        for annotation in annotations {
            var text = annotation.description
            if let position = annotation.position, !query.isEmpty {
                text += " (\(position.startPosition(in: query)))"
            }
            switch annotation.kind {
            case .warning:
                if warnings.count >= 10 { skippedWarnings += 1 } else { warnings.append(text) }
            case .info:
                if infos.count >= 10 { skippedInfos += 1 } else { infos.append(text) }
            }
        }
        if skippedWarnings > 0 { warnings.append("\(skippedWarnings) more warning annotations omitted") }
        if skippedInfos > 0 { infos.append("\(skippedInfos) more info annotations omitted") }
        return (warnings, infos)
    }
}
