/// Streaming xxHash64 with seed 0, the hash Prometheus uses for label
/// fingerprints (`github.com/cespare/xxhash/v2`).
public struct XXHash64: Sendable {
    private static let p1: UInt64 = 11_400_714_785_074_694_791
    private static let p2: UInt64 = 14_029_467_366_897_019_727
    private static let p3: UInt64 = 1_609_587_929_392_839_161
    private static let p4: UInt64 = 9_650_029_242_287_828_579
    private static let p5: UInt64 = 2_870_177_450_012_600_261

    private var v1: UInt64 = 0
    private var v2: UInt64 = 0
    private var v3: UInt64 = 0
    private var v4: UInt64 = 0
    private var total: UInt64 = 0
    private var buffer: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var buffered = 0

    public init() {
        v1 = XXHash64.p1 &+ XXHash64.p2
        v2 = XXHash64.p2
        v3 = 0
        v4 = 0 &- XXHash64.p1
    }

    /// The hash of `bytes` in one call.
    public static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hasher = XXHash64()
        for byte in bytes { hasher.update(byte: byte) }
        return hasher.finalize()
    }

    @inline(__always)
    private static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        var acc = acc &+ input &* p2
        acc = (acc << 31) | (acc >> 33)
        return acc &* p1
    }

    @inline(__always)
    private static func merge(_ acc: UInt64, _ val: UInt64) -> UInt64 {
        let acc = acc ^ round(0, val)
        return acc &* p1 &+ p4
    }

    /// Adds the UTF-8 bytes of `string`.
    public mutating func update(_ string: String) {
        var copy = string
        copy.withUTF8 { update(UnsafeRawBufferPointer($0)) }
    }

    /// Adds `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var index = 0
        let count = bytes.count
        // Fill a partial stripe first.
        while buffered != 0 && index < count {
            update(byte: bytes[index])
            index += 1
        }
        while index + 32 <= count {
            v1 = XXHash64.round(v1, bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self).littleEndian)
            v2 = XXHash64.round(v2, bytes.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self).littleEndian)
            v3 = XXHash64.round(v3, bytes.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self).littleEndian)
            v4 = XXHash64.round(v4, bytes.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self).littleEndian)
            index += 32
            total &+= 32
        }
        while index < count {
            update(byte: bytes[index])
            index += 1
        }
    }

    /// Adds one byte.
    public mutating func update(byte: UInt8) {
        withUnsafeMutableBytes(of: &buffer) { raw in
            raw[buffered] = byte
        }
        buffered += 1
        if buffered == 32 {
            v1 = XXHash64.round(v1, buffer.0.littleEndian)
            v2 = XXHash64.round(v2, buffer.1.littleEndian)
            v3 = XXHash64.round(v3, buffer.2.littleEndian)
            v4 = XXHash64.round(v4, buffer.3.littleEndian)
            buffered = 0
            total &+= 32
        }
    }

    /// The hash of everything added so far.
    public func finalize() -> UInt64 {
        var h: UInt64
        let length = total &+ UInt64(buffered)
        if total >= 32 {
            h =
                ((v1 << 1) | (v1 >> 63)) &+ ((v2 << 7) | (v2 >> 57)) &+ ((v3 << 12) | (v3 >> 52))
                &+ ((v4 << 18) | (v4 >> 46))
            h = XXHash64.merge(h, v1)
            h = XXHash64.merge(h, v2)
            h = XXHash64.merge(h, v3)
            h = XXHash64.merge(h, v4)
        } else {
            h = XXHash64.p5
        }
        h &+= length
        var tail = buffer
        withUnsafeBytes(of: &tail) { raw in
            var i = 0
            while i + 8 <= buffered {
                let k1 = XXHash64.round(0, raw.loadUnaligned(fromByteOffset: i, as: UInt64.self).littleEndian)
                h ^= k1
                h = ((h << 27) | (h >> 37)) &* XXHash64.p1 &+ XXHash64.p4
                i += 8
            }
            if i + 4 <= buffered {
                h ^= UInt64(raw.loadUnaligned(fromByteOffset: i, as: UInt32.self).littleEndian) &* XXHash64.p1
                h = ((h << 23) | (h >> 41)) &* XXHash64.p2 &+ XXHash64.p3
                i += 4
            }
            while i < buffered {
                h ^= UInt64(raw[i]) &* XXHash64.p5
                h = ((h << 11) | (h >> 53)) &* XXHash64.p1
                i += 1
            }
        }
        h ^= h >> 33
        h = h &* XXHash64.p2
        h ^= h >> 29
        h = h &* XXHash64.p3
        h ^= h >> 32
        return h
    }
}
