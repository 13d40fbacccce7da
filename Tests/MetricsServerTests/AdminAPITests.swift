import ArgusCore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@testable import MetricsServer

/// `/api/v1/admin/tsdb/*` behind `--web.enable-admin-api`, answered as
/// Prometheus 2.42 answers them.
@Suite struct AdminAPITests {
    static let form = "application/x-www-form-urlencoded"

    @Test func disabledAdminAPIAnswers503() async throws {
        var options = APITestHarness.defaultOptions
        options.enableAdminAPI = false
        let harness = try await APITestHarness.seeded(options: options)
        for path in ["delete_series?match[]=up", "clean_tombstones", "snapshot"] {
            let (status, body) = try await harness.post("/api/v1/admin/tsdb/\(path)", body: [], contentType: Self.form)
            #expect(status == .serviceUnavailable, "\(path)")
            #expect(body == #"{"status":"error","errorType":"unavailable","error":"admin APIs disabled"}"#)
        }
        // Nothing was deleted.
        let (_, query) = try await harness.get("/api/v1/query?query=count(up)&time=300")
        #expect(query.contains(#","2"]"#))
    }

    @Test func deleteSeriesHidesTheMatchedSamples() async throws {
        let harness = try await APITestHarness.seeded()
        let (status, body) = try await harness.post(
            "/api/v1/admin/tsdb/delete_series", body: Array("match[]=up{instance=\"a\"}&start=100&end=200".utf8),
            contentType: Self.form)
        #expect(status == .noContent)
        #expect(body.isEmpty)
        let (_, kept) = try await harness.get("/api/v1/query?query=count_over_time(up[1h])&time=300")
        // Samples every 15 s from 0 to 300 s: 105…195 (7 samples) are gone for instance a.
        #expect(kept.contains(#"{"instance":"a","job":"api"},"value":[300,"14"]"#), "\(kept)")
        #expect(kept.contains(#"{"instance":"b","job":"api"},"value":[300,"21"]"#), "\(kept)")
        // With PUT, and without a time range: everything of the series goes.
        let (putStatus, _) = try await harness.withClient { client in
            try await client.execute(uri: "/api/v1/admin/tsdb/delete_series?match[]=up", method: .put) {
                ($0.status, String(buffer: $0.body))
            }
        }
        #expect(putStatus == .noContent)
        let (_, gone) = try await harness.get("/api/v1/series?match[]=up")
        #expect(gone == #"{"status":"success","data":[]}"#)
        let (_, other) = try await harness.get("/api/v1/query?query=count(http_requests_total)&time=300")
        #expect(other.contains(#","2"]"#))
    }

    @Test func deleteSeriesRejectsBadParameters() async throws {
        let harness = try await APITestHarness.seeded()
        let cases: [(String, String)] = [
            ("", "no match[] parameter provided"),
            ("match[]=up{", #"invalid parameter \"match[]\": "#),
            (
                "match[]={a=~\".*\"}",
                #"invalid parameter \"match[]\": match[] must contain at least one non-empty matcher"#
            ),
            ("match[]=up&start=x", #"invalid parameter \"start\": invalid time value for 'start': "#),
        ]
        for (query, message) in cases {
            let (status, body) = try await harness.post(
                "/api/v1/admin/tsdb/delete_series", body: Array(query.utf8), contentType: Self.form)
            #expect(status == .badRequest, "\(query)")
            #expect(body.hasPrefix(#"{"status":"error","errorType":"bad_data","error":"\#(message)"#), "\(body)")
        }
    }

    @Test func snapshotWritesACopyUnderSnapshots() async throws {
        let harness = try await APITestHarness.seeded()
        let (status, body) = try await harness.post("/api/v1/admin/tsdb/snapshot", body: [], contentType: Self.form)
        #expect(status == .ok)
        let prefix = #"{"status":"success","data":{"name":""#
        #expect(body.hasPrefix(prefix) && body.hasSuffix(#""}}"#), "\(body)")
        let name = String(body.dropFirst(prefix.count).dropLast(3))
        #expect(name.wholeMatch(of: /\d{8}T\d{6}Z-[0-9a-f]{16}/) != nil, "\(name)")
        let snapshot = harness.directory.appendingPathComponent("snapshots/\(name)")
        // The head (all the seeded samples) was written as a block.
        let blocks = try FileManager.default.contentsOfDirectory(atPath: snapshot.path)
        #expect(blocks.count == 1)

        let (skipStatus, skipBody) = try await harness.post(
            "/api/v1/admin/tsdb/snapshot?skip_head=true", body: [], contentType: Self.form)
        #expect(skipStatus == .ok)
        let skipName = String(skipBody.dropFirst(prefix.count).dropLast(3))
        #expect(
            try FileManager.default.contentsOfDirectory(
                atPath: harness.directory.appendingPathComponent("snapshots/\(skipName)").path
            ).isEmpty)

        let (badStatus, badBody) = try await harness.post(
            "/api/v1/admin/tsdb/snapshot?skip_head=yes", body: [], contentType: Self.form)
        #expect(badStatus == .badRequest)
        #expect(
            badBody
                == #"{"status":"error","errorType":"bad_data","error":"invalid parameter \"skip_head\": unable to parse boolean: strconv.ParseBool: parsing \"yes\": invalid syntax"}"#
        )
    }

    @Test func snapshotNameHasUpstreamsShape() {
        let date = Date(timeIntervalSince1970: 1_512_940_344)
        #expect(MetricsAPI.snapshotName(at: date, random: 0x2be6_50b6_d019_eb54) == "20171210T211224Z-2be650b6d019eb54")
        #expect(MetricsAPI.snapshotName(at: date, random: 0xab) == "20171210T211224Z-00000000000000ab")
    }

    @Test func cleanTombstonesAnswers204() async throws {
        let harness = try await APITestHarness.seeded()
        let (status, body) = try await harness.post(
            "/api/v1/admin/tsdb/clean_tombstones", body: [], contentType: Self.form)
        #expect(status == .noContent)
        #expect(body.isEmpty)
    }
}
