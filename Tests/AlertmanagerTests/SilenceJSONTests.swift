import ArgusCore
import ArgusTesting
import Foundation
import GoTemplate
import Testing

@testable import Alertmanager

@Suite struct SilenceJSONTests {
    /// When `gettable-silences.json` was fetched from Alertmanager 0.25.
    static let capturedAt = GoTime(seconds: 1_795_345_157)

    static func fixture(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Fixtures.testFixture("AlertmanagerTests", "silence/\(name)")))
    }

    /// Reads the captured responses back into silences (test-only; the API
    /// never decodes gettable silences).
    static func silences(in json: [UInt8]) throws -> [Silence] {
        let parsed = try JSONSerialization.jsonObject(with: Data(json))
        let objects: [[String: Any]]
        if let list = parsed as? [[String: Any]] {
            objects = list
        } else {
            objects = [try #require(parsed as? [String: Any])]
        }
        func time(_ value: Any?) throws -> GoTime {
            let text = try #require(value as? String)
            return GoTime(unixMilliseconds: try #require(Timestamp.parseRFC3339(Array(text.utf8))))
        }
        return try objects.map { object in
            let matchers = try #require(object["matchers"] as? [[String: Any]]).map { raw in
                let isRegex = try #require(raw["isRegex"] as? Bool)
                let isEqual = try #require(raw["isEqual"] as? Bool)
                let type: Matcher.MatchType =
                    isRegex ? (isEqual ? .regexMatch : .regexNoMatch) : (isEqual ? .equal : .notEqual)
                return try Matcher(type, try #require(raw["name"] as? String), try #require(raw["value"] as? String))
            }
            return Silence(
                id: try #require(object["id"] as? String), matchers: matchers, startsAt: try time(object["startsAt"]),
                endsAt: try time(object["endsAt"]), updatedAt: try time(object["updatedAt"]),
                createdBy: try #require(object["createdBy"] as? String),
                comment: try #require(object["comment"] as? String))
        }
    }

    @Test func gettableSilenceMatchesAlertmanagerByteForByte() throws {
        let expected = try Self.fixture("gettable-silence.json")
        let silence = try #require(try Self.silences(in: expected).first)
        #expect(silence.matchers.map(\.description) == [#"severity=~"warn|crit""#, #"team!="ops""#])
        #expect(
            String(decoding: silence.gettableJSON(at: Self.capturedAt), as: UTF8.self)
                == String(decoding: expected, as: UTF8.self))
    }

    @Test func gettableListMatchesAlertmanagerByteForByte() throws {
        let expected = try Self.fixture("gettable-silences.json")
        let silences = try Self.silences(in: expected)
        #expect(Set(silences.map { $0.state(at: Self.capturedAt) }) == [.active, .expired])
        let sorted = silences.sortedForAPI(at: Self.capturedAt)
        #expect(sorted == silences)
        let body = Silence.gettableListJSON(sorted, at: Self.capturedAt)
        #expect(String(decoding: body, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        // Ties aside, the order does not depend on the input order.
        let resorted = silences.reversed().sortedForAPI(at: Self.capturedAt)
        #expect(resorted.map(\.endsAt) == silences.map(\.endsAt))
        #expect(Silence.gettableListJSON([], at: Self.capturedAt) == Array("[]\n".utf8))
    }

    @Test func sortsActiveThenPendingThenExpired() throws {
        let now = GoTime(seconds: 1000)
        func make(_ id: String, _ start: Int64, _ end: Int64) throws -> Silence {
            Silence(
                id: id, matchers: try Matcher.parseList("a=b"), startsAt: GoTime(seconds: start),
                endsAt: GoTime(seconds: end), createdBy: "", comment: "")
        }
        let silences = [
            try make("expired-old", 0, 10), try make("pending-late", 3000, 4000), try make("active-long", 0, 5000),
            try make("expired-new", 0, 900), try make("pending-soon", 2000, 4000), try make("active-short", 0, 2000),
        ]
        #expect(
            silences.sortedForAPI(at: now).map(\.id) == [
                "active-short", "active-long", "pending-soon", "pending-late", "expired-new", "expired-old",
            ])
    }

    func post(_ json: String, now: GoTime = GoTime(seconds: 1_795_345_157)) throws(SilenceAPIError) -> Silence {
        try Silence.decodePostable(Array(json.utf8), now: now)
    }

    func rejection(_ json: String) -> SilenceAPIError? {
        #expect(throws: SilenceAPIError.self) { try post(json) }
    }

    @Test func decodesAPostableSilence() throws {
        let silence = try post(
            #"{"id":"","matchers":[{"name":"a","value":"b","isRegex":false},{"name":"job","value":"x.*","isRegex":true,"isEqual":false}],"#
                + #""startsAt":"2026-11-22T10:59:08.123456789+01:00","endsAt":"2026-11-22T12:00:00Z","createdBy":"me","comment":"c","extra":1} trailing"#
        )
        #expect(silence.id == "")
        #expect(silence.matchers.map(\.description) == [#"a="b""#, #"job!~"x.*""#])
        #expect(silence.startsAt == GoTime(seconds: 1_795_341_548, nanoseconds: 123_456_789))
        #expect(silence.endsAt.rfc3339Milli == "2026-11-22T12:00:00.000Z")
        #expect(silence.createdBy == "me" && silence.comment == "c")
    }

    /// Status and body for each request, as Alertmanager 0.25 answered
    /// (captured with curl against /usr/bin/prometheus-alertmanager).
    @Test func rejectsBadRequestsLikeAlertmanager() {
        let matcher = #"[{"name":"a","value":"b","isRegex":false}]"#
        let times = #""startsAt":"2026-11-22T10:57:15Z","endsAt":"2026-11-22T12:58:15Z""#
        let cases: [(String, Int, String)] = [
            ("{", 400, #"{"code":400,"message":"parsing silence body from \"\" failed, because unexpected EOF"}"#),
            (
                "x", 400,
                #"{"code":400,"message":"parsing silence body from \"\" failed, because invalid character 'x' looking for beginning of value"}"#
            ),
            ("", 422, #"{"code":602,"message":"silence in body is required"}"#),
            ("null", 422, #"{"code":602,"message":"comment in body is required"}"#),
            ("{}", 422, #"{"code":602,"message":"comment in body is required"}"#),
            (
                "[]", 400,
                #"{"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal array into Go value of type struct { ID string \"json:\\\"id,omitempty\\\"\" }"}"#
            ),
            (
                #"{"matchers":[],\#(times),"createdBy":"me","comment":"c"}"#, 422,
                #"{"code":612,"message":"matchers in body should have at least 1 items"}"#
            ),
            (
                #"{"matchers":[{"name":"a","value":"b"}],\#(times),"createdBy":"","comment":"c"}"#, 422,
                #"{"code":602,"message":"matchers.0.isRegex in body is required"}"#
            ),
            (
                #"{"matchers":\#(matcher),\#(times),"comment":"c"}"#, 422,
                #"{"code":602,"message":"createdBy in body is required"}"#
            ),
            (
                #"{"matchers":\#(matcher),"startsAt":"","createdBy":"me","comment":"c"}"#, 422,
                #"{"code":602,"message":"endsAt in body is required"}"#
            ),
            (
                #"{"matchers":\#(matcher),\#(times),"createdBy":"me","comment":5}"#, 400,
                #"{"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal number into Go struct field Silence.comment of type string"}"#
            ),
            (
                #"{"matchers":{},\#(times),"createdBy":"me","comment":"c"}"#, 400,
                #"{"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal object into Go struct field Silence.matchers of type models.Matchers"}"#
            ),
            (
                #"{"matchers":[{"name":"a","value":"b","isRegex":"x"}],\#(times),"createdBy":"me","comment":"c"}"#, 400,
                #"{"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal string into Go struct field Matcher.matchers.isRegex of type bool"}"#
            ),
            (
                #"{"id":5,"matchers":\#(matcher),\#(times),"createdBy":"me","comment":"c"}"#, 400,
                #"{"code":400,"message":"parsing silence body from \"\" failed, because json: cannot unmarshal number into Go struct field .id of type string"}"#
            ),
            (
                #"{"matchers":\#(matcher),"startsAt":"yesterday","endsAt":"2026-11-22T12:58:15Z","createdBy":"me","comment":"c"}"#,
                400,
                #"{"code":400,"message":"parsing silence body from \"\" failed, because parsing time \"yesterday\" as \"2006-01-02 15:04:05\": cannot parse \"yesterday\" as \"2006\""}"#
            ),
            (
                #"{"matchers":\#(matcher),"startsAt":"2026-11-22T12:58:15Z","endsAt":"2026-11-22T10:57:15Z","createdBy":"me","comment":"c"}"#,
                400, "\"Failed to create silence: start time must be before end time\"\n"
            ),
            (
                #"{"matchers":\#(matcher),"startsAt":"2026-11-22T09:58:15Z","endsAt":"2026-11-22T10:57:15Z","createdBy":"me","comment":"c"}"#,
                400, "\"Failed to create silence: end time can't be in the past\"\n"
            ),
            (
                #"{"matchers":[{"name":"a","value":"(","isRegex":true}],\#(times),"createdBy":"me","comment":"c"}"#,
                400,
                "\"silence invalid: invalid label matcher 0: invalid regular expression \\\"(\\\": error parsing regexp: missing closing ): `(`\"\n"
            ),
        ]
        for (json, status, body) in cases {
            let error = rejection(json)
            #expect(error?.status == status, "\(json)")
            #expect(error.map { String(decoding: $0.body, as: UTF8.self) } == body, "\(json)")
        }
    }

    @Test func mapsStoreErrorsToResponses() {
        #expect(SilenceAPIError(.notFound).status == 404)
        #expect(SilenceAPIError(.notFound).body == Array("\"silence not found\"\n".utf8))
        #expect(SilenceAPIError(.invalid("ID missing")).status == 400)
        #expect(SilenceAPIError.expireFailed(.notFound).status == 500)
        let badID = SilenceAPIError.invalidSilenceID("nope")
        #expect(badID.status == 422)
        #expect(
            String(decoding: badID.body, as: UTF8.self)
                == #"{"code":601,"message":"silenceID in path must be of type uuid: \"nope\""}"#)
        #expect(Silence.isValidAPIID("7848db41-3690-4761-b1cd-0093819eb3ff"))
        #expect(Silence.isValidAPIID("7848DB4136904761B1CD0093819EB3FF"))
        #expect(!Silence.isValidAPIID("nope"))
        #expect(!Silence.isValidAPIID("7848db41-3690-4761-b1cd-0093819eb3ff0"))
        #expect(Silence.postResponseJSON(silenceID: "x") == Array("{\"silenceID\":\"x\"}\n".utf8))
    }

    @Test func readsTimesAsGoOpenAPIDoes() {
        func parsed(_ text: String) -> String? { try? OpenAPIDateTime.parse(text).get().rfc3339Nano }
        #expect(parsed("") == "1970-01-01T00:00:00Z")
        #expect(parsed("2026-11-22T10:00:00") == "2026-11-22T10:00:00Z")
        #expect(parsed("2026-11-22 10:00:00.5") == "2026-11-22T10:00:00.5Z")
        #expect(parsed("2026-11-22T10:00:00.5+01:00") == "2026-11-22T09:00:00.5Z")
        #expect(parsed("2026-11-22T10:00:00.123-0130") == "2026-11-22T11:30:00.123Z")
        #expect(parsed("2026-11-22T10:00Z") == "2026-11-22T10:00:00Z")
        #expect(parsed("2026-11-22T10:00:00+0100") == nil)
        func message(_ text: String) -> String? {
            if case .failure(let error) = OpenAPIDateTime.parse(text) { return error.message }
            return nil
        }
        let layout = #" as "2006-01-02 15:04:05": "#
        #expect(message("2026-11-22") == #"parsing time "2026-11-22""# + layout + #"cannot parse "" as "15""#)
        #expect(message("2026/11/22") == #"parsing time "2026/11/22""# + layout + #"cannot parse "/11/22" as "-""#)
        #expect(
            message("2026-11-22T25:00:00Z") == #"parsing time "2026-11-22T25:00:00Z""# + layout
                + #"cannot parse "T25:00:00Z" as " ""#)
        #expect(message("2026-13-01 10:00:00") == #"parsing time "2026-13-01 10:00:00": month out of range"#)
        #expect(message("2026-02-30 10:00:00") == #"parsing time "2026-02-30 10:00:00": day out of range"#)
        #expect(message("2026-02-03 10:00:00Z") == #"parsing time "2026-02-03 10:00:00Z": extra text: "Z""#)
    }
}
