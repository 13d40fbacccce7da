#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One label: a name and a value.
///
/// Equality and ordering compare the UTF-8 bytes, as Prometheus does, not
/// Swift's Unicode canonical equivalence: two labels that differ in byte
/// form are different series.
public struct Label: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public static func == (lhs: Label, rhs: Label) -> Bool {
        lhs.name.utf8Equal(rhs.name) && lhs.value.utf8Equal(rhs.value)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(bytes: name)
        hasher.combine(0xFF as UInt8)
        hasher.combine(bytes: value)
    }

    public static func < (lhs: Label, rhs: Label) -> Bool {
        let names = lhs.name.utf8Compare(rhs.name)
        return names != 0 ? names < 0 : lhs.value.utf8Less(rhs.value)
    }

    public var description: String { "\(name)=\(GoString.quote(value))" }
}

extension Hasher {
    @inlinable
    mutating func combine(bytes string: String) {
        var copy = string
        copy.withUTF8 { combine(bytes: UnsafeRawBufferPointer($0)) }
    }
}

extension String {
    /// Byte-wise equality of the UTF-8 encodings.
    @inlinable
    public func utf8Equal(_ other: String) -> Bool {
        if let result = self.utf8.withContiguousStorageIfAvailable({ a in
            other.utf8.withContiguousStorageIfAvailable { b in
                a.count == b.count && (a.count == 0 || memcmpEqual(a.baseAddress!, b.baseAddress!, a.count))
            }
        }), let value = result {
            return value
        }
        return self.utf8.elementsEqual(other.utf8)
    }

    /// Byte-wise lexicographic ordering of the UTF-8 encodings (Go's string `<`).
    @inlinable
    public func utf8Less(_ other: String) -> Bool {
        utf8Compare(other) < 0
    }

    /// Byte-wise three-way comparison of the UTF-8 encodings: negative if
    /// `self` sorts first, zero if equal, positive if `other` sorts first.
    @inlinable
    public func utf8Compare(_ other: String) -> Int {
        if let result = self.utf8.withContiguousStorageIfAvailable({ a in
            other.utf8.withContiguousStorageIfAvailable { b in
                compareBytes(a.baseAddress, a.count, b.baseAddress, b.count)
            }
        }), let value = result {
            return value
        }
        if self.utf8.elementsEqual(other.utf8) { return 0 }
        return self.utf8.lexicographicallyPrecedes(other.utf8) ? -1 : 1
    }
}

/// Three-way lexicographic comparison of two byte strings, eight bytes at a time.
@inlinable
public func compareBytes(
    _ a: UnsafePointer<UInt8>?, _ aCount: Int, _ b: UnsafePointer<UInt8>?, _ bCount: Int
) -> Int {
    let common = Swift.min(aCount, bCount)
    if common > 0, let a, let b {
        var i = 0
        while i + 8 <= common {
            let x = UInt64(bigEndian: UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self))
            let y = UInt64(bigEndian: UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self))
            if x != y { return x < y ? -1 : 1 }
            i += 8
        }
        while i < common {
            if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            i += 1
        }
    }
    return aCount == bCount ? 0 : (aCount < bCount ? -1 : 1)
}

/// Whether `count` bytes at `a` and `b` are equal.
@inlinable
public func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    // The C library compares a vector register at a time; below that the call costs more than the loop.
    if count >= 32 { return memcmp(a, b, count) == 0 }
    var i = 0
    while i + 8 <= count {
        let x = UnsafeRawPointer(a + i).loadUnaligned(as: UInt64.self)
        let y = UnsafeRawPointer(b + i).loadUnaligned(as: UInt64.self)
        if x != y { return false }
        i += 8
    }
    while i < count {
        if a[i] != b[i] { return false }
        i += 1
    }
    return true
}
