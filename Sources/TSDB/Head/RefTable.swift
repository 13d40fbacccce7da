/// Series by key (a stripe's share of the references).
typealias SeriesTable = RefTable<MemSeries>

/// Values by series reference (or a stripe's share of it): a paged array for
/// keys below 2^32, which is where references live since the head hands
/// them out from 1 upward, and a dictionary above, for references replayed
/// from a foreign log. Looking a series up by reference is on every
/// append's path, and indexing an array costs one load where hashing into
/// a dictionary of a million entries costs a hash and a probe.
struct RefTable<Value: Sendable>: Sendable {
    private static var pageBits: Int { 10 }
    private static var pageSize: Int { 1 << pageBits }
    private static var pagedLimit: UInt64 { 1 << 32 }

    private var pages: [[Value?]] = []
    private var overflow: [UInt64: Value] = [:]

    subscript(key: UInt64) -> Value? {
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
                pages[page] = [Value?](repeating: nil, count: Self.pageSize)
            }
            pages[page][Int(key) & (Self.pageSize - 1)] = newValue
        }
    }

    /// Removes and returns the value under `key`.
    mutating func removeValue(forKey key: UInt64) -> Value? {
        let existing = self[key]
        if existing != nil { self[key] = nil }
        return existing
    }
}
