import ArgusCore
import ArgusHTTP
import GoTemplate

extension AlertmanagerAPI {
    /// `GET /api/v2/silences`: every silence whose matchers include all
    /// `filter` matchers; active first, then pending, then expired.
    public func getSilences(query: [(String, String)]) -> APIResponse {
        var filter: [Matcher] = []
        for (name, value) in query where name == "filter" {
            do {
                filter.append(try Matcher.parse(value))
            } catch {
                return .message(400, error.description)
            }
        }
        let now = GoTime.now()
        let selected = silences.query().filter { $0.hasMatchers(filter) }.sortedForAPI(at: now)
        return APIResponse(status: 200, body: Silence.gettableListJSON(selected, at: now))
    }

    /// `POST /api/v2/silences`: creates a silence, or updates the one named
    /// by `id`; answers `{"silenceID":…}`.
    public func postSilences(body: [UInt8], contentType: String?) -> APIResponse {
        if let contentType, !contentType.lowercased().hasPrefix("application/json") {
            return .swaggerError(
                415,
                "unsupported media type \(GoString.quote(contentType)), only [application/json] are allowed")
        }
        do {
            let silence = try Silence.decodePostable(body, now: .now())
            do {
                let id = try silences.set(silence)
                return APIResponse(status: 200, body: Silence.postResponseJSON(silenceID: id))
            } catch {
                return Self.response(SilenceAPIError(error))
            }
        } catch {
            return Self.response(error)
        }
    }

    /// `GET /api/v2/silence/{id}`: 404 with an empty body when unknown.
    public func getSilence(id: String) -> APIResponse {
        guard Silence.isValidAPIID(id) else { return Self.response(.invalidSilenceID(id)) }
        guard let silence = silences.get(id: id) else { return APIResponse(status: 404, body: []) }
        return APIResponse(status: 200, body: silence.gettableJSON(at: .now()))
    }

    /// `DELETE /api/v2/silence/{id}`: expires the silence.
    public func deleteSilence(id: String) -> APIResponse {
        guard Silence.isValidAPIID(id) else { return Self.response(.invalidSilenceID(id)) }
        do {
            try silences.expire(id: id)
            return APIResponse(status: 200, body: [])
        } catch {
            return Self.response(.expireFailed(error))
        }
    }

    static func response(_ error: SilenceAPIError) -> APIResponse {
        APIResponse(status: error.status, body: error.body)
    }
}
