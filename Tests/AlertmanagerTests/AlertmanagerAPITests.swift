import Alertmanager
import ArgusCore
import ArgusTesting
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing

/// API v2 answers, compared with what Alertmanager 0.25 answered to the same
/// requests (captured with curl from the Debian package).
@Suite(.serialized) struct AlertmanagerAPITests {
    static let config = """
        global:
          smtp_smarthost: mail.example:587
          smtp_from: am@example.org
          smtp_auth_password: hunter2
        route:
          receiver: web
          group_by: [alertname]
        receivers:
          - name: web
          - name: mail
            email_configs:
              - to: ops@example.org
                auth_password: topsecret
        """

    static func request(
        _ method: HTTPMethod, _ url: String, body: String? = nil, contentType: String? = "application/json"
    ) async throws -> (status: Int, body: String, contentType: String?) {
        var request = HTTPClientRequest(url: url)
        request.method = method
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 22)
        return (Int(response.status.code), String(buffer: bytes), response.headers.first(name: "Content-Type"))
    }

    @Test func postAlertsReportsInvalidAlertsLikeAlertmanager() async throws {
        try await withAlertmanager(config: Self.config) { am in
            let url = am.url + "/api/v2/alerts"
            var answer = try await Self.request(
                .POST, url,
                body:
                    #"[{"labels":{}}, {"labels":{"a":"b"},"startsAt":"2030-01-01T00:00:00Z","endsAt":"2020-01-01T00:00:00Z"}]"#
            )
            #expect(answer.status == 400)
            #expect(answer.body == "\"at least one label pair required; start time must be before end time\"\n")
            answer = try await Self.request(.POST, url, body: "xx")
            #expect(answer.status == 400)
            #expect(
                answer.body
                    == #"{"code":400,"message":"parsing alerts body from \"\" failed, because invalid character 'x' looking for beginning of value"}"#
            )
            answer = try await Self.request(.POST, url, body: #"{"a":1}"#)
            #expect(
                answer.body
                    == #"{"code":400,"message":"parsing alerts body from \"\" failed, because json: cannot unmarshal object into Go value of type models.PostableAlerts"}"#
            )
            answer = try await Self.request(.POST, url, body: "xx", contentType: "application/x-www-form-urlencoded")
            #expect(answer.status == 415)
            #expect(
                answer.body
                    == #"{"code":415,"message":"unsupported media type \"application/x-www-form-urlencoded\", only [application/json] are allowed"}"#
            )
            answer = try await Self.request(.POST, url, body: #"[{"labels":{"a b":"c"}}]"#)
            #expect(answer.body == "\"invalid label set: invalid name \\\"a b\\\"\"\n")
            answer = try await Self.request(.POST, url, body: #"[{"labels":{"a":"b"},"generatorURL":"not a url"}]"#)
            #expect(answer.status == 422)
            #expect(
                answer.body == #"{"code":601,"message":"0.generatorURL in body must be of type uri: \"not a url\""}"#)
            // The valid alert of a partly invalid batch is kept.
            answer = try await Self.request(.POST, url, body: #"[{"labels":{}}, {"labels":{"alertname":"Kept"}}]"#)
            #expect(answer.status == 400)
            answer = try await Self.request(.GET, url)
            #expect(answer.body.contains("Kept"))
        }
    }

    @Test func alertJSONHasAlertmanagersShapeAndFilters() async throws {
        try await withAlertmanager(config: Self.config) { am in
            let posted = try await Self.request(
                .POST, am.url + "/api/v2/alerts",
                body:
                    #"[{"labels":{"alertname":"A","job":"x","empty":""},"annotations":{"summary":"s"},"generatorURL":"http://g"}]"#
            )
            #expect(posted.status == 200 && posted.body.isEmpty)
            let answer = try await Self.request(.GET, am.url + "/api/v2/alerts")
            #expect(answer.contentType == "application/json")
            // Real 0.25: the same keys in this order, the empty label dropped, the same fingerprint.
            let pattern =
                #"^\[\{"annotations":\{"summary":"s"\},"endsAt":"[0-9T:.-]+Z","fingerprint":"593b3fc30668dd0a","receivers":\[\{"name":"web"\}\],"startsAt":"[0-9T:.-]+Z","status":\{"inhibitedBy":\[\],"silencedBy":\[\],"state":"(active|unprocessed)"\},"updatedAt":"[0-9T:.-]+Z","generatorURL":"http://g","labels":\{"alertname":"A","job":"x"\}\}\]\n$"#
            #expect(answer.body.range(of: pattern, options: .regularExpression) != nil, "\(answer.body)")
            var filtered = try await Self.request(.GET, am.url + "/api/v2/alerts?filter=job%3D%22y%22")
            #expect(filtered.body == "[]\n")
            filtered = try await Self.request(.GET, am.url + "/api/v2/alerts?filter=job%3D%22x%22&receiver=we.*")
            #expect(filtered.body.contains("593b3fc30668dd0a"))
            filtered = try await Self.request(.GET, am.url + "/api/v2/alerts?filter=foo")
            #expect(filtered.status == 400 && filtered.body == "\"bad matcher format: foo\"\n")
            filtered = try await Self.request(.GET, am.url + "/api/v2/alerts?receiver=(")
            #expect(filtered.status == 400)
            #expect(filtered.body.hasPrefix("\"failed to parse receiver param: "))
            let receivers = try await Self.request(.GET, am.url + "/api/v2/receivers")
            #expect(receivers.body == #"[{"name":"web"},{"name":"mail"}]"# + "\n")
            let missing = try await Self.request(.GET, am.url + "/api/v2/nope")
            #expect(
                missing.status == 404 && missing.body == #"{"code":404,"message":"path /api/v2/nope was not found"}"#)
        }
    }

    @Test func statusMasksSecretsAndReportsTheConfig() async throws {
        try await withAlertmanager(config: Self.config) { am in
            let answer = try await Self.request(.GET, am.url + "/api/v2/status")
            let status = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any] ?? [:]
            #expect((status["cluster"] as? [String: Any])?["status"] as? String == "disabled")
            let original = (status["config"] as? [String: Any])?["original"] as? String ?? ""
            #expect(original.contains("mail.example:587"))
            #expect(!original.contains("hunter2") && !original.contains("topsecret"), "\(original)")
            #expect(original.contains("<secret>"))
            // amtool parses it back: it must stay a valid configuration.
            #expect(throws: Never.self) { try AlertmanagerFile.parse(original, readSecretFiles: false) }
            #expect((status["versionInfo"] as? [String: Any])?["version"] as? String == "0.25.0")
        }
    }

    @Test func reloadRefusesABadConfigAndKeepsTheOldOne() async throws {
        try await withAlertmanager(config: Self.config) { am in
            let file = am.directory.appendingPathComponent("alertmanager.yml")
            try "route:\n  receiver: nobody\nreceivers:\n  - name: web\n".write(
                to: file, atomically: true, encoding: .utf8)
            var answer = try await Self.request(.POST, am.url + "/-/reload")
            #expect(answer.status == 500)
            #expect(answer.body.contains("undefined receiver \"nobody\" used in route"), "\(answer.body)")
            #expect(answer.body.contains("alertmanager.yml"), "\(answer.body)")
            var metrics = try await Self.request(.GET, am.url + "/metrics")
            #expect(metrics.body.contains("alertmanager_config_last_reload_successful 0"))
            answer = try await Self.request(.GET, am.url + "/api/v2/receivers")
            #expect(answer.body.contains("mail"))
            try "route:\n  receiver: other\nreceivers:\n  - name: other\n".write(
                to: file, atomically: true, encoding: .utf8)
            answer = try await Self.request(.POST, am.url + "/-/reload")
            #expect(answer.status == 200)
            answer = try await Self.request(.GET, am.url + "/api/v2/receivers")
            #expect(answer.body == #"[{"name":"other"}]"# + "\n")
            metrics = try await Self.request(.GET, am.url + "/metrics")
            #expect(metrics.body.contains("alertmanager_config_last_reload_successful 1"))
            #expect(metrics.body.contains("alertmanager_silences{state=\"active\"} 0"))
            #expect(metrics.body.contains("process_resident_memory_bytes"))
        }
    }
}
