import ArgusCore
import Synchronization

/// Warnings collected while a query read from secondary storage, for the
/// API to return in `warnings`.
public final class StorageWarnings: Sendable {
    private let messages = Mutex<[String]>([])

    public init() {}

    public func add(_ message: String) { messages.withLock { $0.append(message) } }

    /// The warnings so far, each once, in the order first seen.
    public var all: [String] {
        messages.withLock { messages in
            var seen: Set<String> = []
            return messages.filter { seen.insert($0).inserted }
        }
    }
}

/// Local storage and the secondary sources (remote-read endpoints) queried
/// alongside it, as upstream's fanout storage: a failure of the primary
/// fails the query; a failure of a secondary becomes a warning and the
/// query goes on without it. Series with the same labels from several
/// sources are merged in time order; at equal timestamps the primary's
/// sample wins.
public struct FanoutQueryable: Queryable {
    public let primary: any Queryable
    public let secondaries: [any Querier]
    public let warnings: StorageWarnings

    public init(primary: any Queryable, secondaries: [any Querier], warnings: StorageWarnings) {
        self.primary = primary
        self.secondaries = secondaries
        self.warnings = warnings
    }

    public func querier() throws(StorageError) -> any Querier {
        let local = try primary.querier()
        guard !secondaries.isEmpty else { return local }
        return FanoutQuerier(primary: local, secondaries: secondaries, warnings: warnings)
    }
}

/// The querier of a ``FanoutQueryable``.
struct FanoutQuerier: Querier {
    let primary: any Querier
    let secondaries: [any Querier]
    let warnings: StorageWarnings

    func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError) -> [StoredSeries] {
        var result = try primary.select(matchers, mint: mint, maxt: maxt)
        for secondary in secondaries {
            let more: [StoredSeries]
            do {
                more = try secondary.select(matchers, mint: mint, maxt: maxt)
            } catch {
                warnings.add(error.message)
                continue
            }
            if !more.isEmpty { result = Self.merge(result, more) }
        }
        return result
    }

    func labelNames(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError) -> [String] {
        var names = Set(try primary.labelNames(matchers, mint: mint, maxt: maxt))
        for secondary in secondaries {
            do {
                names.formUnion(try secondary.labelNames(matchers, mint: mint, maxt: maxt))
            } catch {
                warnings.add(error.message)
            }
        }
        return names.sorted { $0.utf8Less($1) }
    }

    func labelValues(_ name: String, _ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError)
        -> [String]
    {
        var values = Set(try primary.labelValues(name, matchers, mint: mint, maxt: maxt))
        for secondary in secondaries {
            do {
                values.formUnion(try secondary.labelValues(name, matchers, mint: mint, maxt: maxt))
            } catch {
                warnings.add(error.message)
            }
        }
        return values.sorted { $0.utf8Less($1) }
    }

    /// Merges two label-sorted lists of series; the samples of series in
    /// both are merged in time order, `first`'s winning at equal timestamps.
    static func merge(_ first: [StoredSeries], _ second: [StoredSeries]) -> [StoredSeries] {
        var merged: [StoredSeries] = []
        merged.reserveCapacity(first.count + second.count)
        var i = 0
        var j = 0
        while i < first.count || j < second.count {
            if j == second.count || (i < first.count && first[i].labels < second[j].labels) {
                merged.append(first[i])
                i += 1
            } else if i == first.count || second[j].labels < first[i].labels {
                merged.append(second[j])
                j += 1
            } else {
                merged.append(
                    StoredSeries(labels: first[i].labels, samples: Sample.merging(first[i].samples, second[j].samples)))
                i += 1
                j += 1
            }
        }
        return merged
    }
}

extension Sample {
    /// Merges two time-ordered sample lists; at equal timestamps `a`'s sample wins.
    public static func merging(_ a: [Sample], _ b: [Sample]) -> [Sample] {
        var result: [Sample] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count || j < b.count {
            if j == b.count || (i < a.count && a[i].timestamp <= b[j].timestamp) {
                if j < b.count && a[i].timestamp == b[j].timestamp { j += 1 }
                result.append(a[i])
                i += 1
            } else {
                result.append(b[j])
                j += 1
            }
        }
        return result
    }
}
