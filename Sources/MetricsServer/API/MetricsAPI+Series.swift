import ArgusCore
import ArgusHTTP
import Hummingbird
import PromQL
import Storage
import TSDB

extension MetricsAPI {
    /// `GET|POST /api/v1/series`: the label sets matching any `match[]`, in
    /// local storage and the `remote_read` endpoints (read on a thread of
    /// their own; a failing endpoint becomes a warning).
    func series(_ form: FormParameters) async throws(APIError) -> Response {
        let selectors = form.values("match[]")
        if selectors.isEmpty { throw APIError(.badData, "no match[] parameter provided") }
        let limit = try APIParameters.limit(form)
        let start = try APIParameters.time(form, "start", default: APIParameters.minTime)
        let end = try APIParameters.time(form, "end", default: APIParameters.maxTime)
        let sets: [[LabelMatcher]]
        do {
            sets = try APIParameters.matcherSets(selectors)
        } catch {
            throw APIError.invalidParameter("match[]", error.message)
        }
        let storageWarnings = StorageWarnings()
        let storage = queries.fanout(warnings: storageWarnings)
        let select = { @Sendable () -> Result<Set<Labels>, StorageError> in
            var found = Set<Labels>()
            do throws(StorageError) {
                let querier = try storage.querier()
                for set in sets {
                    for series in try querier.select(set, mint: start, maxt: end) {
                        found.insert(series.labels)
                    }
                }
            } catch {
                return .failure(error)
            }
            return .success(found)
        }
        let found: Set<Labels>
        do {
            found = try (storage.secondaries.isEmpty ? select() : await QueryRunner.onThread(select)).get()
        } catch {
            throw APIError(error)
        }
        var sorted = found.sorted()
        var warnings = storageWarnings.all
        if limit > 0 && sorted.count > limit {
            sorted.removeLast(sorted.count - limit)
            warnings.append("results truncated due to limit")
        }
        return APIResponse.success(warnings: warnings) { json in
            json.byte(UInt8(ascii: "["))
            for (i, labels) in sorted.enumerated() {
                if i > 0 { json.byte(UInt8(ascii: ",")) }
                json.labels(labels)
            }
            json.byte(UInt8(ascii: "]"))
        }
    }

    /// `GET|POST /api/v1/labels`: label names, optionally of matching series.
    func labelNames(_ form: FormParameters) throws(APIError) -> Response {
        let limit = try APIParameters.limit(form)
        let start = try APIParameters.time(form, "start", default: APIParameters.minTime)
        let end = try APIParameters.time(form, "end", default: APIParameters.maxTime)
        let sets = try APIParameters.matcherSets(form.values("match[]"))
        var names = Set<String>()
        do {
            let querier = try db.querier()
            for set in sets.isEmpty ? [[]] : sets {
                names.formUnion(try querier.labelNames(set, mint: start, maxt: end))
            }
        } catch {
            throw APIError(.execution, error.description)
        }
        return Self.stringList(names.sorted(by: Self.byteOrder), limit: limit)
    }

    /// `GET /api/v1/label/<name>/values`.
    func labelValues(_ name: String, _ form: FormParameters) throws(APIError) -> Response {
        guard LabelName.isValidLabelName(name) else {
            throw APIError(.badData, "invalid label name: \(GoString.quote(name))")
        }
        let limit = try APIParameters.limit(form)
        let start = try APIParameters.time(form, "start", default: APIParameters.minTime)
        let end = try APIParameters.time(form, "end", default: APIParameters.maxTime)
        let sets = try APIParameters.matcherSets(form.values("match[]"))
        var values = Set<String>()
        do {
            let querier = try db.querier()
            for set in sets.isEmpty ? [[]] : sets {
                values.formUnion(try querier.labelValues(name, set, mint: start, maxt: end))
            }
        } catch {
            throw APIError(.execution, error.description)
        }
        return Self.stringList(values.sorted(by: Self.byteOrder), limit: limit)
    }

    /// `GET|POST /api/v1/query_exemplars`: exemplars are not stored, so the
    /// answer is always empty, after the same parameter checks as upstream.
    func queryExemplars(_ form: FormParameters) throws(APIError) -> Response {
        _ = try APIParameters.time(form, "start", default: APIParameters.minTime)
        _ = try APIParameters.time(form, "end", default: APIParameters.maxTime)
        do {
            _ = try PromQLParser.parse(form.value("query"), options: options.parserOptions)
        } catch {
            throw APIError(.badData, error.description)
        }
        return APIResponse.success { $0.raw("[]") }
    }

    static func stringList(_ list: [String], limit: Int) -> Response {
        var list = list
        var warnings: [String] = []
        if limit > 0 && list.count > limit {
            list.removeLast(list.count - limit)
            warnings.append("results truncated due to limit")
        }
        return APIResponse.success(warnings: warnings) { $0.strings(list) }
    }

    /// Go sorts strings by bytes.
    static func byteOrder(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }
}
