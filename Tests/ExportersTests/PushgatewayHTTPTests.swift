import ArgusTesting
import Exposition
import Foundation
import Testing

@testable import Exporters

/// The push gateway's HTTP interface, served on 127.0.0.1.
@Suite struct PushgatewayHTTPTests {
    @Test func pushPostDeleteAndExposition() async throws {
        try await withPushgateway { gateway in
            let url = gateway.url
            #expect(try await http("PUT", url + "/metrics/job/j/instance/i", text: "a 1\nb{x=\"y\"} 2\n").status == 200)
            #expect(
                try await http("POST", url + "/metrics/job/j/instance/i", text: "b{x=\"y\"} 3\nc 4\n").status == 200)
            let metrics = try await http("GET", url + "/metrics")
            #expect(metrics.status == 200)
            #expect(metrics.header("Content-Type") == "text/plain; version=0.0.4; charset=utf-8")
            #expect(metrics.body.contains("# TYPE a untyped\na{instance=\"i\",job=\"j\"} 1\n"))
            #expect(metrics.body.contains("b{instance=\"i\",job=\"j\",x=\"y\"} 3\n"))
            #expect(metrics.body.contains("c{instance=\"i\",job=\"j\"} 4\n"))
            #expect(metrics.body.contains("push_failure_time_seconds{instance=\"i\",job=\"j\"} 0\n"))
            #expect(metrics.body.contains("pushgateway_build_info{"))
            #expect(
                metrics.body.contains("pushgateway_http_requests_total{code=\"200\",handler=\"push\",method=\"put\"} 1")
            )
            // The whole answer is one valid exposition.
            #expect(throws: Never.self) {
                try ExpositionDecoder.decode(Array(metrics.body.utf8), format: .text, strictness: .expfmt)
            }

            #expect(try await http("DELETE", url + "/metrics/job/j/instance/i").status == 202)
            let after = try await http("GET", url + "/metrics").body
            #expect(!after.contains("job=\"j\""))
        }
    }

    @Test func rejectedPushesAnswer400WithUpstreamsText() async throws {
        try await withPushgateway { gateway in
            let push = gateway.url + "/metrics/job/j"
            let timestamp = try await http("PUT", push, text: "a 1 123\n")
            #expect(timestamp.status == 400)
            #expect(
                timestamp.body
                    == "pushed metrics are invalid or inconsistent with existing metrics: "
                    + "pushed metrics must not have timestamps\n")
            let noNewline = try await http("PUT", push, text: "a 1")
            #expect(noNewline.status == 400)
            #expect(noNewline.body == "text format parsing error in line 1: unexpected end of input stream\n")
            let badLabel = try await http("PUT", gateway.url + "/metrics/job/j/__x/y", text: "")
            #expect(badLabel.status == 400)
            #expect(badLabel.body == "improper label name \"__x\"\n")
            let badBase64 = try await http("PUT", gateway.url + "/metrics/job/j/x@base64/!!", text: "")
            #expect(
                badBase64.body == "invalid base64 encoding for label x=\"!!\": illegal base64 data at input byte 0\n")
            // The failed push of group j is recorded.
            let json = try await http("GET", gateway.url + "/api/v1/metrics").body
            #expect(json.contains(#""last_push_successful":false"#))
        }
    }

    @Test func routingAnswersLikeGosRouter() async throws {
        try await withPushgateway { gateway in
            let url = gateway.url
            let get = try await http("GET", url + "/metrics/job/j")
            #expect(get.status == 405)
            #expect(get.body == "Method Not Allowed\n")
            #expect(get.header("Allow") == "DELETE, OPTIONS, POST, PUT")
            let missing = try await http("GET", url + "/nope")
            #expect(missing.status == 404)
            #expect(missing.body == "404 page not found\n")
            let unclean = try await http("PUT", url + "/metrics/job/a//b/c", text: "")
            #expect(unclean.status == 301)
            #expect(unclean.header("Location") == "/metrics/job/a/b/c")
            #expect(try await http("PUT", url + "/metrics/job@base64/", text: "").status == 404)
            // async-http-client would escape the stray %, so curl sends this one.
            if let curl = Peer.locate("curl") {
                let badEscape = try await runOffPool(
                    curl, ["-s", "-w", " %{http_code}", "-X", "PUT", "--data-binary", "", url + "/metrics/job/a%zz"])
                #expect(badEscape.stdoutString == "400 Bad Request 400")
            }
            #expect(try await http("GET", url + "/-/healthy").body == "OK")
            #expect(try await http("GET", url + "/-/ready").body == "OK")
            let quit = try await http("POST", url + "/-/quit")
            #expect(quit.status == 403)
            #expect(quit.body == "Lifecycle API is not enabled.")
            #expect(try await http("GET", url + "/-/quit").status == 405)
            #expect(try await http("PUT", url + "/api/v1/admin/wipe").status == 404)
            #expect(try await http("POST", url + "/api/v1/status").status == 405)
            let options = try await http("OPTIONS", url + "/api/v1/anything")
            #expect(options.status == 200)
            #expect(options.header("Access-Control-Allow-Origin") == "*")
        }
    }

    @Test func routePrefixMovesEveryRoute() async throws {
        try await withPushgateway({ $0.routePrefix = "/pg/" }) { gateway in
            let url = gateway.url
            #expect(try await http("PUT", url + "/pg/metrics/job/a", text: "x 1\n").status == 200)
            #expect(try await http("PUT", url + "/metrics/job/a", text: "x 1\n").status == 404)
            #expect(try await http("GET", url + "/pg/metrics").body.contains("x{instance=\"\",job=\"a\"} 1"))
            #expect(try await http("GET", url + "/pg/api/v1/status").status == 200)
            #expect(try await http("GET", url + "/api/v1/status").status == 404)
            let root = try await http("GET", url + "/pg")
            #expect(root.status == 301)
            #expect(root.header("Location") == "/pg/")
            #expect(try await http("GET", url + "/pg/").status == 200)
            #expect(try await http("GET", url + "/pg/-/quit").status == 405)
        }
    }

    @Test func percentEncodedAndBase64GroupingKeys() async throws {
        try await withPushgateway { gateway in
            let url = gateway.url
            #expect(
                try await http("PUT", url + "/metrics/job/titan/name/%CE%A0%CF%81%CE%BF", text: "a 1\n").status == 200)
            #expect(
                try await http("PUT", url + "/metrics/job@base64/L3Zhci90bXA/first@base64/=", text: "b 1\n").status
                    == 200)
            let body = try await http("GET", url + "/metrics").body
            #expect(body.contains("a{instance=\"\",job=\"titan\",name=\"Προ\"} 1"))
            #expect(body.contains("b{first=\"\",instance=\"\",job=\"/var/tmp\"} 1"))
        }
    }

    @Test func adminWipeAndStatusAPI() async throws {
        try await withPushgateway({ $0.enableAdminAPI = true }) { gateway in
            let url = gateway.url
            #expect(
                try await http("PUT", url + "/metrics/job/j", text: "# HELP a Help.\n# TYPE a gauge\na 1\n").status
                    == 200)
            let json = try await http("GET", url + "/api/v1/metrics")
            #expect(json.header("Content-Type") == "application/json")
            #expect(json.body.hasPrefix(#"{"status":"success","data":[{"a":{"time_stamp":""#))
            #expect(
                json.body.contains(
                    #""type":"GAUGE","help":"Help.","metrics":[{"labels":{"instance":"","job":"j"},"value":"1"}]}"#))
            #expect(json.body.contains(#""labels":{"job":"j"},"last_push_successful":true"#))
            let status = try await http("GET", url + "/api/v1/status").body
            #expect(status.hasPrefix(#"{"status":"success","data":{"build_information":{"version":"test"},"flags":"#))
            #expect(status.contains(#""start_time":""#))
            #expect(try await http("GET", url + "/api/v1/admin/wipe").status == 405)
            #expect(try await http("PUT", url + "/api/v1/admin/wipe").status == 202)
            #expect(try await http("GET", url + "/api/v1/metrics").body == #"{"status":"success","data":[]}"#)
        }
    }

    @Test func protobufAndGzipBodies() async throws {
        try await withPushgateway { gateway in
            var writer = ProtobufWriter()
            let family = PushedMetricFamily(
                name: "proto_metric", help: "From protobuf.", type: .gauge,
                metrics: [PushedMetric(labels: [PushedLabel("k", "v")], gauge: 2.5)])
            writer.writeMessage(1) { family.encode(to: &$0) }
            // The writer's message field: drop its tag byte to get a length-delimited message.
            let delimited = Array(writer.bytes.dropFirst())
            let protobuf = try await http(
                "PUT", gateway.url + "/metrics/job/p", body: delimited,
                headers: [
                    (
                        "Content-Type",
                        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"
                    )
                ])
            #expect(protobuf.status == 200)
            let truncated = try await http(
                "PUT", gateway.url + "/metrics/job/p", body: Array("xxxx".utf8),
                headers: [
                    (
                        "Content-Type",
                        "application/vnd.google.protobuf; proto=io.prometheus.client.MetricFamily; encoding=delimited"
                    )
                ])
            #expect(truncated.status == 400)
            #expect(truncated.body == "unexpected EOF\n")

            let gzip = try #require(Peer.locate("gzip"))
            let compressed = try await runOffPool(gzip, ["-c"], stdin: Data("gz_metric 7\n".utf8)).stdout
            let gzipped = try await http(
                "PUT", gateway.url + "/metrics/job/g", body: Array(compressed), headers: [("Content-Encoding", "gzip")])
            #expect(gzipped.status == 200)
            let body = try await http("GET", gateway.url + "/metrics").body
            #expect(body.contains("# HELP proto_metric From protobuf.\n# TYPE proto_metric gauge\n"))
            #expect(body.contains("proto_metric{instance=\"\",job=\"p\",k=\"v\"} 2.5"))
            #expect(body.contains("gz_metric{instance=\"\",job=\"g\"} 7"))
            let corrupt = try await http(
                "PUT", gateway.url + "/metrics/job/g", body: [0x1F, 0x8B, 1, 2, 3],
                headers: [("Content-Encoding", "gzip")])
            #expect(corrupt.status == 400)
            #expect(corrupt.body == "gzip: invalid header\n")
        }
    }

    @Test func withoutConsistencyCheckPushesAreAccepted() async throws {
        try await withPushgateway({ $0.disableConsistencyCheck = true }) { gateway in
            #expect(try await http("PUT", gateway.url + "/metrics/job/j", text: "a 1\n").status == 202)
            #expect(try await http("PUT", gateway.url + "/metrics/job/k", text: "a 1\na 2\n").status == 202)
            let metrics = try await http("GET", gateway.url + "/metrics")
            #expect(metrics.status == 500)
            #expect(metrics.body.hasPrefix("An error has occurred while serving metrics:\n\ncollected metric \"a\""))
        }
    }

    @Test func groupsSurviveARestartThroughThePersistenceFile() async throws {
        let directory = try Fixtures.temporaryDirectory("pushgateway-restart")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pg.data").path
        try await withPushgateway({ $0.persistenceFile = file }) { gateway in
            let put = try await http("PUT", gateway.url + "/metrics/job/kept/instance/x", text: "kept_metric 42\n")
            #expect(put.status == 200)
        }
        #expect(FileManager.default.fileExists(atPath: file))
        try await withPushgateway({ $0.persistenceFile = file }) { gateway in
            let body = try await http("GET", gateway.url + "/metrics").body
            #expect(body.contains("kept_metric{instance=\"x\",job=\"kept\"} 42"))
        }
    }

    @Test func changesArePersistedWhileRunning() async throws {
        let directory = try Fixtures.temporaryDirectory("pushgateway-interval")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pg.data").path
        try await withPushgateway({
            $0.persistenceFile = file
            $0.persistenceInterval = .zero
        }) { gateway in
            let put = try await http("PUT", gateway.url + "/metrics/job/live", text: "live_metric 1\n")
            #expect(put.status == 200)
            // Written by the persistence loop, not by the shutdown.
            let written = await eventually {
                let groups = (try? PersistenceFile.load(path: file)) ?? []
                return groups.contains { $0.key.job == "live" }
            }
            #expect(written)
            let delete = try await http("DELETE", gateway.url + "/metrics/job/live")
            #expect(delete.status == 202)
            let rewritten = await eventually {
                ((try? PersistenceFile.load(path: file)) ?? [MetricGroup(key: MetricGroupKey([:]))]).isEmpty
            }
            #expect(rewritten)
        }
    }

    @Test func aCorruptPersistenceFileIsSetAsideAndTheGatewayStartsEmpty() async throws {
        let directory = try Fixtures.temporaryDirectory("pushgateway-corrupt")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("pg.data").path
        try Data("ARGUSPG\u{1}garbage!".utf8).write(to: URL(fileURLWithPath: file))
        try await withPushgateway({ $0.persistenceFile = file }) { gateway in
            let answer = try await http("GET", gateway.url + "/api/v1/metrics")
            #expect(answer.body == #"{"status":"success","data":[]}"#)
        }
        #expect(FileManager.default.fileExists(atPath: file + ".corrupt"))
    }
}
