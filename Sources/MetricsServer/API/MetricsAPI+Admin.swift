import ArgusCore
import ArgusHTTP
import Foundation
import Hummingbird
import Logging
import NIOCore
import Storage
import TSDB

extension MetricsAPI {
    /// `POST|PUT /api/v1/admin/tsdb/delete_series`: deletes the samples of
    /// the series matching any `match[]` between `start` and `end` (all
    /// time by default); 204 with no body.
    func deleteSeries(_ form: FormParameters) throws(APIError) -> Response {
        try requireAdmin()
        let selectors = form.values("match[]")
        if selectors.isEmpty { throw APIError(.badData, "no match[] parameter provided") }
        let start = try APIParameters.time(form, "start", default: APIParameters.minTime)
        let end = try APIParameters.time(form, "end", default: APIParameters.maxTime)
        let sets: [[LabelMatcher]]
        do {
            sets = try APIParameters.matcherSets(selectors)
        } catch {
            throw APIError.invalidParameter("match[]", error.message)
        }
        for matchers in sets {
            do {
                try db.delete(matchers, mint: start, maxt: end)
            } catch {
                throw APIError(error)
            }
        }
        logger.info("Series deleted", metadata: ["match": "\(selectors)", "start": "\(start)", "end": "\(end)"])
        return Self.noContent()
    }

    /// `POST|PUT /api/v1/admin/tsdb/clean_tombstones`: rewrites the blocks
    /// with deleted samples; 204 with no body.
    func cleanTombstones() throws(APIError) -> Response {
        try requireAdmin()
        do {
            let written = try db.cleanTombstones()
            logger.info("Tombstones cleaned", metadata: ["blocks_written": "\(written.count)"])
        } catch {
            throw APIError(error)
        }
        return Self.noContent()
    }

    /// `POST|PUT /api/v1/admin/tsdb/snapshot`: links the blocks (and, unless
    /// `skip_head`, writes the head as a block) into
    /// `<storage.tsdb.path>/snapshots/<name>` and answers the name.
    func snapshot(_ form: FormParameters) throws(APIError) -> Response {
        try requireAdmin()
        let text = form.value("skip_head")
        guard let skipHead = text.isEmpty ? false : APIParameters.goBool(text) else {
            throw APIError.invalidParameter(
                "skip_head",
                "unable to parse boolean: strconv.ParseBool: parsing \(GoString.quote(text)): invalid syntax")
        }
        let name = Self.snapshotName(at: Date(), random: UInt64.random(in: 0...UInt64(Int64.max)))
        let snapshots = db.directory + "/snapshots"
        do {
            try FileManager.default.createDirectory(atPath: snapshots, withIntermediateDirectories: true)
        } catch {
            throw APIError(.internal, "create snapshot directory: \(error.localizedDescription)")
        }
        do {
            try db.snapshot(into: snapshots + "/" + name, withHead: !skipHead)
        } catch {
            throw APIError(.internal, "create snapshot: \(error.description)")
        }
        logger.info("Snapshot created", metadata: ["name": "\(name)", "with_head": "\(!skipHead)"])
        return APIResponse.success { json in
            json.raw("{\"name\":")
            json.string(name)
            json.byte(UInt8(ascii: "}"))
        }
    }

    /// Upstream's snapshot name: the UTC time as `20060102T150405Z` and 16
    /// hex digits of a random non-negative Int64.
    static func snapshotName(at date: Date, random: UInt64) -> String {
        // RFC 3339 at whole seconds without its separators: 2017-12-10T21:12:24Z → 20171210T211224Z.
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let time = Timestamp.formatRFC3339(seconds * 1000).filter { $0 != "-" && $0 != ":" }
        let hex = String(random, radix: 16)
        return time + "-" + String(repeating: "0", count: max(0, 16 - hex.count)) + hex
    }

    private func requireAdmin() throws(APIError) {
        guard options.enableAdminAPI else { throw APIError(.unavailable, "admin APIs disabled") }
    }

    private static func noContent() -> Response {
        Response(status: .noContent)
    }
}
