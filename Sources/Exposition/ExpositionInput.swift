#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The parser's private copy of an exposition body, kept in one allocation
/// so the scanner can index raw memory without bounds checks or
/// copy-on-write traffic.
final class ExpositionInput: @unchecked Sendable {
    let base: UnsafeMutablePointer<UInt8>
    let count: Int

    init(_ bytes: some Collection<UInt8>) {
        count = bytes.count
        // One spare byte so that an empty body still has a valid pointer.
        base = .allocate(capacity: count + 1)
        let copied = bytes.withContiguousStorageIfAvailable { buffer -> Bool in
            if let source = buffer.baseAddress { base.update(from: source, count: buffer.count) }
            return true
        }
        if copied == nil {
            var i = 0
            for byte in bytes {
                base[i] = byte
                i += 1
            }
        }
        base[count] = 0
    }

    deinit { base.deallocate() }

    /// The index of the next `\n` at or after `from`, or `count`.
    @inline(__always)
    func indexOfNewline(from: Int) -> Int {
        guard from < count, let found = memchr(base + from, 0x0A, count - from) else { return count }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    func slice(_ range: Range<Int>) -> ArraySlice<UInt8> {
        ArraySlice(UnsafeBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    func string(_ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
    }

    /// Decodes a name or label value span, undoing `\\`, `\"` and `\n`.
    func decode(_ span: ExpositionParser.Span) -> String {
        unescape(span, quote: true)
    }

    /// Decodes `# HELP` text: `\\` and `\n` in both formats, `\"` in OpenMetrics.
    func decodeHelp(_ span: ExpositionParser.Span, format: ExpositionFormat) -> String {
        unescape(span, quote: format == .openMetrics)
    }

    /// Undoes `\\` and `\n`, and `\"` when `quote` is set; any other
    /// backslash sequence is kept as written, as Prometheus keeps it.
    private func unescape(_ span: ExpositionParser.Span, quote: Bool) -> String {
        guard span.escaped else { return string(span.start, span.end) }
        var out: [UInt8] = []
        out.reserveCapacity(span.end - span.start)
        var i = span.start
        while i < span.end {
            let b = base[i]
            guard b == UInt8(ascii: "\\"), i + 1 < span.end else {
                out.append(b)
                i += 1
                continue
            }
            let next = base[i + 1]
            switch next {
            case UInt8(ascii: "\\"): out.append(next)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "\"") where quote: out.append(next)
            default: out.append(contentsOf: [b, next])
            }
            i += 2
        }
        return String(decoding: out, as: UTF8.self)
    }
}
