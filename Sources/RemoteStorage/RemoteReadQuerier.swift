import ArgusCore
import Exposition
import Storage

/// Selects series from one `remote_read` endpoint, as upstream's remote
/// querier does: only queries carrying every `required_matchers` pair as an
/// equality matcher are sent; unless `read_recent` is set, only the part of
/// the range older than local storage's start is asked for (nothing when the
/// whole range is newer); external labels the query does not match on are
/// added as equality matchers and removed from the answer.
///
/// Label names and values are not asked of the endpoint (remote read has
/// no such request); they come from local storage only.
public struct RemoteReadQuerier: Querier {
    let client: RemoteReadClient
    let externalLabels: Labels
    let requiredMatchers: [String: String]
    let readRecent: Bool
    /// The oldest time local storage is taken to hold (see ``RemoteReadStorage``).
    let localStartTime: @Sendable () -> Int64

    public init(
        client: RemoteReadClient, externalLabels: Labels, requiredMatchers: [String: String], readRecent: Bool,
        localStartTime: @escaping @Sendable () -> Int64
    ) {
        self.client = client
        self.externalLabels = externalLabels
        self.requiredMatchers = requiredMatchers
        self.readRecent = readRecent
        self.localStartTime = localStartTime
    }

    public func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError) -> [StoredSeries] {
        for (name, value) in requiredMatchers
        where !matchers.contains(where: { $0.type == .equal && $0.name == name && $0.value == value }) {
            return []
        }
        var maxt = maxt
        if !readRecent {
            let start = localStartTime()
            if mint > start { return [] }
            maxt = min(maxt, start)
        }
        var query = Prompb.Query(startTimestampMs: mint, endTimestampMs: maxt, matchers: matchers.map(Self.wire))
        var added: Set<String> = []
        for label in externalLabels where !matchers.contains(where: { $0.name == label.name }) {
            query.matchers.append(Prompb.LabelMatcher(type: .equal, name: label.name, value: label.value))
            added.insert(label.name)
        }
        let result: Prompb.QueryResult
        do {
            result = try client.read(query)
        } catch {
            throw StorageError(.io, "remote_read: \(error.message)")
        }
        var series: [StoredSeries] = []
        series.reserveCapacity(result.timeseries.count)
        for ts in result.timeseries {
            let labels = Labels(ts.labels.filter { !added.contains($0.name) }.map { Label($0.name, $0.value) })
            let samples = ts.samples.lazy.filter { $0.timestamp >= mint && $0.timestamp <= maxt }
                .map { Sample(timestamp: $0.timestamp, value: $0.value) }
            guard !samples.isEmpty else { continue }
            series.append(StoredSeries(labels: labels, samples: Array(samples)))
        }
        series.sort { $0.labels < $1.labels }
        return series
    }

    public func labelNames(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError) -> [String] {
        []
    }

    public func labelValues(_ name: String, _ matchers: [LabelMatcher], mint: Int64, maxt: Int64)
        throws(StorageError) -> [String]
    {
        []
    }

    static func wire(_ matcher: LabelMatcher) -> Prompb.LabelMatcher {
        let type: Prompb.LabelMatcher.MatchType =
            switch matcher.type {
            case .equal: .equal
            case .notEqual: .notEqual
            case .regexMatch: .regexMatch
            case .regexNoMatch: .regexNoMatch
            }
        return Prompb.LabelMatcher(type: type, name: matcher.name, value: matcher.value)
    }
}
