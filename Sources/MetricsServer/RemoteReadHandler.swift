import ArgusCore
import Exposition
import Storage

/// Prometheus' remote-read endpoint (`POST /api/v1/read`).
///
/// The response type is negotiated as upstream does: the first of the
/// request's `accepted_response_types` that is supported, `SAMPLES` when
/// the list is empty. `SAMPLES` answers with one Snappy-compressed
/// `ReadResponse`; `STREAMED_XOR_CHUNKS` with a stream of
/// `ChunkedReadResponse` frames (see ``streamedContentType``). As upstream,
/// a matcher that asks for an external label's own value is dropped before
/// selecting, and every returned series carries the external labels it does
/// not have itself.
public struct RemoteReadHandler: Sendable {
    let storage: any Queryable
    /// The most samples one request may return, 0 for no limit
    /// (`--storage.remote.read-sample-limit`).
    let sampleLimit: Int
    /// The size a streamed frame aims at (`--storage.remote.read-max-bytes-in-frame`).
    let maxBytesInFrame: Int

    /// The `Content-Type` of a `STREAMED_XOR_CHUNKS` answer.
    public static let streamedContentType = "application/x-streamed-protobuf; proto=prometheus.ChunkedReadResponse"

    public init(storage: any Queryable, sampleLimit: Int = 50_000_000, maxBytesInFrame: Int = 1_048_576) {
        self.storage = storage
        self.sampleLimit = sampleLimit
        self.maxBytesInFrame = maxBytesInFrame
    }

    /// An answer: status, content type, content encoding and body.
    public struct Answer: Sendable {
        public var status: Int
        public var contentType: String
        public var contentEncoding: String?
        public var body: [UInt8]

        static func error(_ status: Int, _ message: String) -> Answer {
            Answer(status: status, contentType: "text/plain; charset=utf-8", body: Array((message + "\n").utf8))
        }
    }

    /// Answers a Snappy-compressed `ReadRequest` for a server whose
    /// `global.external_labels` are `externalLabels`.
    public func read(_ body: [UInt8], externalLabels: Labels = Labels()) -> Answer {
        let request: Prompb.ReadRequest
        do {
            request = try RemoteWrite.decodeBody(body, as: Prompb.ReadRequest.self)
        } catch {
            return .error(400, "\(error)")
        }
        let supported: [Prompb.ReadRequest.ResponseType] = [.samples, .streamedXORChunks]
        let accepted = request.acceptedResponseTypes.isEmpty ? [.samples] : request.acceptedResponseTypes
        guard let responseType = accepted.first(where: supported.contains) else {
            return .error(
                400,
                "server does not support any of the requested response types: "
                    + "[\(accepted.map { String($0.rawValue) }.joined(separator: " "))]; "
                    + "supported: SAMPLES, STREAMED_XOR_CHUNKS")
        }
        do {
            let querier = try storage.querier()
            var results: [[StoredSeries]] = []
            var total = 0
            for query in request.queries {
                let matchers = try Self.matchers(query.matchers, droppingExternal: externalLabels)
                var selected = try querier.select(matchers, mint: query.startTimestampMs, maxt: query.endTimestampMs)
                for i in selected.indices {
                    total += selected[i].samples.count
                    if sampleLimit > 0, total > sampleLimit {
                        return .error(400, "exceeded sample limit (\(sampleLimit))")
                    }
                    selected[i].labels = Self.merging(selected[i].labels, externalLabels)
                }
                results.append(selected)
            }
            if responseType == .streamedXORChunks {
                return Answer(status: 200, contentType: Self.streamedContentType, body: try streamedFrames(results))
            }
            var response = Prompb.ReadResponse()
            for selected in results {
                var result = Prompb.QueryResult()
                result.timeseries = selected.map { series in
                    var ts = Prompb.TimeSeries()
                    ts.labels = series.labels.map { Prompb.Label(name: $0.name, value: $0.value) }
                    ts.samples = series.samples.map { Prompb.Sample(value: $0.value, timestamp: $0.timestamp) }
                    return ts
                }
                response.results.append(result)
            }
            return Answer(
                status: 200, contentType: "application/x-protobuf", contentEncoding: "snappy",
                body: RemoteWrite.encodeBody(message: response))
        } catch let error as ArgusError {
            return .error(400, "\(error)")
        } catch {
            return .error(500, "\(error)")
        }
    }

    /// The request's matchers, without those that ask for an external
    /// label's own value (the local series do not carry it).
    static func matchers(_ matchers: [Prompb.LabelMatcher], droppingExternal external: Labels) throws(ArgusError)
        -> [LabelMatcher]
    {
        var result: [LabelMatcher] = []
        for m in matchers {
            let type: LabelMatcher.MatchType
            switch m.type {
            case .notEqual: type = .notEqual
            case .regexMatch: type = .regexMatch
            case .regexNoMatch: type = .regexNoMatch
            default: type = .equal
            }
            if type == .equal, external[m.name] == m.value { continue }
            result.append(try LabelMatcher(type, m.name, m.value))
        }
        return result
    }

    /// `labels` with every external label it lacks; its own win.
    static func merging(_ labels: Labels, _ external: Labels) -> Labels {
        guard !external.isEmpty else { return labels }
        var builder = Labels.Builder(labels)
        for label in external where !labels.has(label.name) { builder.set(label.name, label.value) }
        return builder.labels
    }
}
