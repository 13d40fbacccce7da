import ArgusCore

/// Reads series from storage. What PromQL, the HTTP API and federation need
/// of a storage engine, and nothing more.
///
/// A querier sees one consistent snapshot: a batch committed through an
/// ``Appender`` is visible to it whole or not at all.
public protocol Querier: Sendable {
    /// The series matching every matcher that have samples in `mint...maxt`
    /// (both inclusive), with those samples, sorted by labels.
    func select(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError) -> [StoredSeries]

    /// The sorted label names of series that match `matchers` (all series
    /// when empty) and have samples in `mint...maxt`.
    func labelNames(_ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError) -> [String]

    /// The sorted values of label `name` among series that match `matchers`
    /// and have samples in `mint...maxt`.
    func labelValues(_ name: String, _ matchers: [LabelMatcher], mint: Int64, maxt: Int64) throws(StorageError)
        -> [String]
}

/// Something that hands out queriers over a consistent snapshot.
public protocol Queryable: Sendable {
    /// A querier over the data committed so far.
    func querier() throws(StorageError) -> any Querier
}
