import ArgusCore
import ArgusHTTP
import Foundation
import Hummingbird
import Notifier
import TSDB

extension MetricsAPI {
    /// `GET /api/v1/status/config`.
    func statusConfig() -> Response {
        let yaml = status.config.yaml
        return APIResponse.success { json in
            json.raw("{\"yaml\":")
            json.string(yaml)
            json.byte(UInt8(ascii: "}"))
        }
    }

    /// `GET /api/v1/status/flags`: every flag with its value as a string.
    func statusFlags() -> Response {
        let flags = status.flags.sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        return APIResponse.success { json in
            json.byte(UInt8(ascii: "{"))
            for (i, flag) in flags.enumerated() {
                if i > 0 { json.byte(UInt8(ascii: ",")) }
                json.key(flag.name)
                json.string(flag.value)
            }
            json.byte(UInt8(ascii: "}"))
        }
    }

    /// `GET /api/v1/status/runtimeinfo`, with Prometheus' field names; the
    /// Go runtime fields report their nearest equivalent.
    func statusRuntimeInfo() -> Response {
        let config = status.config
        let status = self.status
        return APIResponse.success { json in
            json.raw("{\"startTime\":")
            json.string(Timestamp.formatRFC3339(status.startTime))
            json.raw(",\"CWD\":")
            json.string(status.workingDirectory)
            json.raw(",\"reloadConfigSuccess\":")
            json.bool(config.lastReloadSucceeded)
            json.raw(",\"lastConfigTime\":")
            json.string(Timestamp.formatRFC3339(config.loadedAt))
            json.raw(",\"corruptionCount\":0,\"goroutineCount\":0,\"GOMAXPROCS\":")
            json.int(Int64(ProcessInfo.processInfo.activeProcessorCount))
            json.raw(",\"GOGC\":\"\",\"GODEBUG\":\"\",\"storageRetention\":")
            json.string(status.storageRetention)
            json.byte(UInt8(ascii: "}"))
        }
    }

    /// `GET /api/v1/status/buildinfo`.
    func statusBuildInfo() -> Response {
        let info = status.buildInfo
        return APIResponse.success { json in
            json.raw("{\"version\":")
            json.string(info.version)
            json.raw(",\"revision\":")
            json.string(info.revision)
            json.raw(",\"branch\":")
            json.string(info.branch)
            json.raw(",\"buildUser\":")
            json.string(info.buildUser)
            json.raw(",\"buildDate\":")
            json.string(info.buildDate)
            json.raw(",\"goVersion\":")
            json.string(info.runtimeVersion)
            json.byte(UInt8(ascii: "}"))
        }
    }

    /// `GET /api/v1/status/tsdb`: head statistics and the top-10
    /// cardinality lists.
    func statusTSDB(_ form: FormParameters) throws(APIError) -> Response {
        var limit = 10
        let text = form.value("limit")
        if !text.isEmpty {
            guard let n = Int(text), n > 0 else { throw APIError(.badData, "limit must be a positive number") }
            guard n <= 10_000 else { throw APIError(.badData, "limit must not exceed 10000") }
            limit = n
        }
        let stats = db.head.stats(limit: limit)
        return APIResponse.success { json in
            json.raw("{\"headStats\":{\"numSeries\":")
            json.int(Int64(stats.numSeries))
            json.raw(",\"numLabelPairs\":")
            json.int(Int64(stats.index.numLabelPairs))
            json.raw(",\"chunkCount\":")
            json.int(Int64(stats.chunkCount))
            json.raw(",\"minTime\":")
            json.int(stats.minTime ?? Int64.max)
            json.raw(",\"maxTime\":")
            json.int(stats.maxTime ?? Int64.min)
            json.byte(UInt8(ascii: "}"))
            for (name, list) in [
                ("seriesCountByMetricName", stats.index.seriesCountByMetricName),
                ("labelValueCountByLabelName", stats.index.labelValueCountByLabelName),
                ("memoryInBytesByLabelName", stats.index.memoryInBytesByLabelName),
                ("seriesCountByLabelValuePair", stats.index.seriesCountByLabelValuePair),
            ] {
                json.byte(UInt8(ascii: ","))
                json.key(name)
                json.byte(UInt8(ascii: "["))
                for (i, stat) in list.enumerated() {
                    if i > 0 { json.byte(UInt8(ascii: ",")) }
                    json.raw("{\"name\":")
                    json.string(stat.name)
                    json.raw(",\"value\":")
                    json.int(Int64(stat.count))
                    json.byte(UInt8(ascii: "}"))
                }
                json.byte(UInt8(ascii: "]"))
            }
            json.byte(UInt8(ascii: "}"))
        }
    }

    /// `GET /api/v1/status/walreplay`.
    func statusWALReplay() -> Response {
        let progress = status.walReplay
        return APIResponse.success { json in
            json.raw("{\"min\":")
            json.int(Int64(progress.min))
            json.raw(",\"max\":")
            json.int(Int64(progress.max))
            json.raw(",\"current\":")
            json.int(Int64(progress.current))
            json.byte(UInt8(ascii: "}"))
        }
    }

    /// `GET /api/v1/alertmanagers`: the Alertmanagers alerts go to, and those relabeling dropped.
    func alertmanagers() -> Response {
        let active = notifier?.activeAlertmanagers ?? []
        let dropped = notifier?.droppedAlertmanagers ?? []
        return APIResponse.success { json in
            json.raw("{\"activeAlertmanagers\":")
            Self.writeURLs(active, to: &json)
            json.raw(",\"droppedAlertmanagers\":")
            Self.writeURLs(dropped, to: &json)
            json.byte(UInt8(ascii: "}"))
        }
    }

    private static func writeURLs(_ urls: [String], to json: inout JSONWriter) {
        json.byte(UInt8(ascii: "["))
        for (index, url) in urls.enumerated() {
            if index > 0 { json.byte(UInt8(ascii: ",")) }
            json.raw("{\"url\":")
            json.string(url)
            json.byte(UInt8(ascii: "}"))
        }
        json.byte(UInt8(ascii: "]"))
    }
}
