/// Series by key (a stripe's share of the references): a paged array for
/// keys below 2^32, which is where references live since the head hands
/// them out from 1 upward, and a dictionary above, for references replayed
/// from a foreign log. Looking a series up by reference is on every
/// append's path, and indexing an array costs one load where hashing into
/// a dictionary of a million entries costs a hash and a probe.
struct SeriesTable: Sendable {
    private static let pageBits = 10
    private static let pageSize = 1 << pageBits
    private static let pagedLimit: UInt64 = 1 << 32

    private var pages: [[MemSeries?]] = []
    private var overflow: [UInt64: MemSeries] = [:]

    subscript(key: UInt64) -> MemSeries? {
        get {
            guard key < Self.pagedLimit else { return overflow[key] }
            let page = Int(key >> Self.pageBits)
            guard page < pages.count, !pages[page].isEmpty else { return nil }
            return pages[page][Int(key) & (Self.pageSize - 1)]
        }
        set {
            guard key < Self.pagedLimit else {
                overflow[key] = newValue
                return
            }
            let page = Int(key >> Self.pageBits)
            if page >= pages.count {
                guard newValue != nil else { return }
                pages.append(contentsOf: repeatElement([], count: page + 1 - pages.count))
            }
            if pages[page].isEmpty {
                guard newValue != nil else { return }
                pages[page] = [MemSeries?](repeating: nil, count: Self.pageSize)
            }
            pages[page][Int(key) & (Self.pageSize - 1)] = newValue
        }
    }

    /// Removes and returns the series under `key`.
    mutating func removeValue(forKey key: UInt64) -> MemSeries? {
        let existing = self[key]
        if existing != nil { self[key] = nil }
        return existing
    }
}
