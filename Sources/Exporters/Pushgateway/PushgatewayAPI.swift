import ArgusCore
import ArgusHTTP
import Hummingbird
import NIOCore

/// The JSON of the Pushgateway's `/api/v1/status` and `/api/v1/metrics`,
/// byte for byte as its Go code marshals them (map keys sorted).
enum PushgatewayAPI {
    static func status(_ status: PushgatewayStatus, startTime: Int64) -> Response {
        var json = JSONWriter()
        json.raw(#"{"status":"success","data":{"build_information":"#)
        object(status.buildInformation, into: &json)
        json.raw(#","flags":"#)
        object(status.flags, into: &json)
        json.raw(#","start_time":"#)
        json.string(PushgatewayServer.rfc3339Nano(startTime))
        json.raw("}}")
        return response(json)
    }

    static func metrics(_ groups: [MetricGroup]) -> Response {
        var json = JSONWriter(capacity: 4096)
        json.raw(#"{"status":"success","data":["#)
        for (i, group) in groups.enumerated() {
            if i > 0 { json.byte(UInt8(ascii: ",")) }
            // One map per group: later keys overwrite earlier ones, as in Go.
            var fields: [String: [UInt8]] = [:]
            var labels = JSONWriter()
            object(group.key.dictionary, into: &labels)
            fields["labels"] = labels.bytes
            fields["last_push_successful"] = Array((group.lastPushSucceeded ? "true" : "false").utf8)
            for entry in group.sortedFamilies {
                fields[entry.family.name] = familyJSON(entry)
            }
            json.byte(UInt8(ascii: "{"))
            for (j, key) in fields.keys.sorted(by: { $0.utf8Less($1) }).enumerated() {
                if j > 0 { json.byte(UInt8(ascii: ",")) }
                json.key(key)
                json.raw(fields[key] ?? [])
            }
            json.byte(UInt8(ascii: "}"))
        }
        json.raw("]}")
        return response(json)
    }

    private static func familyJSON(_ entry: TimestampedFamily) -> [UInt8] {
        let family = entry.family
        var json = JSONWriter()
        json.raw(#"{"time_stamp":"#)
        json.string(PushgatewayServer.rfc3339Nano(entry.pushedAt))
        json.raw(#","type":"#)
        json.string(family.type.goName)
        if let help = family.help, !help.isEmpty {
            json.raw(#","help":"#)
            json.string(help)
        }
        json.raw(#","metrics":["#)
        for (i, metric) in family.metrics.enumerated() {
            if i > 0 { json.byte(UInt8(ascii: ",")) }
            var fields: [String: [UInt8]] = [:]
            var labels = JSONWriter()
            object(
                Dictionary(metric.labels.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last }),
                into: &labels)
            fields["labels"] = labels.bytes
            switch family.type {
            case .summary:
                let summary = metric.summary ?? PushedSummary()
                var quantiles: [String: String] = [:]
                for quantile in summary.quantiles { quantiles[sprint(quantile.quantile)] = sprint(quantile.value) }
                fields["quantiles"] = encoded(quantiles)
                fields["count"] = quoted(String(summary.sampleCount))
                fields["sum"] = quoted(sprint(summary.sampleSum))
            case .histogram:
                let histogram = metric.histogram ?? PushedHistogram()
                var buckets: [String: String] = [:]
                for bucket in histogram.buckets { buckets[sprint(bucket.upperBound)] = String(bucket.cumulativeCount) }
                fields["buckets"] = encoded(buckets)
                fields["count"] = quoted(String(histogram.sampleCount))
                fields["sum"] = quoted(sprint(histogram.sampleSum))
            default:
                fields["value"] = quoted(sprint(metric.simpleValue))
            }
            json.byte(UInt8(ascii: "{"))
            for (j, key) in fields.keys.sorted().enumerated() {
                if j > 0 { json.byte(UInt8(ascii: ",")) }
                json.key(key)
                json.raw(fields[key] ?? [])
            }
            json.byte(UInt8(ascii: "}"))
        }
        json.raw("]}")
        return json.bytes
    }

    /// Go's `fmt.Sprint` of a float64.
    static func sprint(_ value: Double) -> String {
        GoFloat.formatG(value)
    }

    private static func quoted(_ text: String) -> [UInt8] {
        var json = JSONWriter()
        json.string(text)
        return json.bytes
    }

    private static func encoded(_ map: [String: String]) -> [UInt8] {
        var json = JSONWriter()
        object(map, into: &json)
        return json.bytes
    }

    /// A string map as a JSON object with sorted keys.
    private static func object(_ map: [String: String], into json: inout JSONWriter) {
        json.byte(UInt8(ascii: "{"))
        for (i, key) in map.keys.sorted(by: { $0.utf8Less($1) }).enumerated() {
            if i > 0 { json.byte(UInt8(ascii: ",")) }
            json.key(key)
            json.string(map[key] ?? "")
        }
        json.byte(UInt8(ascii: "}"))
    }

    private static func response(_ json: JSONWriter) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: json.bytes)))
    }
}
