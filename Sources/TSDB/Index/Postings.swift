/// Sorted lists of series references and the set operations queries need.
///
/// A postings list holds the references of the series that carry one label
/// pair, in increasing order without duplicates; every operation here keeps
/// that order and runs in linear time (intersection gallops over the longer
/// list, so a rare label intersects a common one in O(short · log long)).
public enum Postings {
    /// The references in every list.
    public static func intersect(_ lists: [[UInt64]]) -> [UInt64] {
        guard var result = lists.min(by: { $0.count < $1.count }) else { return [] }
        for list in lists where !result.isEmpty {
            result = intersect(result, list)
        }
        return result
    }

    /// The references in both `a` and `b`.
    public static func intersect(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        let (short, long) = a.count <= b.count ? (a, b) : (b, a)
        var result: [UInt64] = []
        result.reserveCapacity(short.count)
        var j = 0
        for value in short {
            j = gallop(long, from: j, to: value)
            if j == long.count { break }
            if long[j] == value { result.append(value) }
        }
        return result
    }

    /// The references in any list.
    public static func union(_ lists: [[UInt64]]) -> [UInt64] {
        switch lists.count {
        case 0: return []
        case 1: return lists[0]
        case 2: return union(lists[0], lists[1])
        default:
            // Pairwise merging keeps the total work at O(n log k).
            let half = lists.count / 2
            return union(union(Array(lists[..<half])), union(Array(lists[half...])))
        }
    }

    /// The references in `a` or `b`.
    public static func union(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        var result: [UInt64] = []
        result.reserveCapacity(a.count + b.count)
        var i = 0
        var j = 0
        while i < a.count && j < b.count {
            if a[i] < b[j] {
                result.append(a[i])
                i += 1
            } else if a[i] > b[j] {
                result.append(b[j])
                j += 1
            } else {
                result.append(a[i])
                i += 1
                j += 1
            }
        }
        result.append(contentsOf: a[i...])
        result.append(contentsOf: b[j...])
        return result
    }

    /// The references in `a` but not in `b`.
    public static func subtract(_ a: [UInt64], _ b: [UInt64]) -> [UInt64] {
        guard !b.isEmpty else { return a }
        var result: [UInt64] = []
        result.reserveCapacity(a.count)
        var j = 0
        for value in a {
            j = gallop(b, from: j, to: value)
            if j == b.count || b[j] != value { result.append(value) }
        }
        return result
    }

    /// The first index at or after `from` whose element is ≥ `value`:
    /// exponential search, then binary search in the bracket found.
    @inline(__always)
    static func gallop(_ list: [UInt64], from start: Int, to value: UInt64) -> Int {
        var low = start
        guard low < list.count, list[low] < value else { return low }
        var step = 1
        var high = low + step
        while high < list.count, list[high] < value {
            low = high
            step <<= 1
            high = low + step
        }
        high = Swift.min(high, list.count)
        // Invariant: list[low] < value, and list[high] ≥ value or high == count.
        while low + 1 < high {
            let mid = (low + high) / 2
            if list[mid] < value { low = mid } else { high = mid }
        }
        return high
    }
}
