extension Snappy {
    /// The decoded length that the header of the block `input` declares.
    ///
    /// Throws ``WireFormatError/Code/snappyCorrupt`` when the header is
    /// missing, longer than five bytes or above 2^32 - 1.
    public static func decodedLength(_ input: [UInt8]) throws(WireFormatError) -> Int {
        try withBytes(input) { (bytes) throws(WireFormatError) in try decodedLength(bytes) }
    }

    /// The decoded length that the header of the block `input` declares.
    public static func decodedLength(_ input: UnsafeRawBufferPointer) throws(WireFormatError) -> Int {
        try readHeader(input).length
    }

    /// Decompresses the Snappy block `input`.
    ///
    /// The block is validated strictly: the declared length must not exceed
    /// `maxDecodedLength` (checked before any memory is allocated), every
    /// element must lie within the input and the output, every copy must
    /// reach back into bytes already produced, and the elements must produce
    /// exactly the declared length with no bytes left over.
    ///
    /// - Throws: ``WireFormatError`` with code ``WireFormatError/Code/snappyCorrupt``
    ///   or ``WireFormatError/Code/snappyTooLarge`` and the offset of the
    ///   offending byte within `input`.
    public static func decompress(
        _ input: [UInt8],
        maxDecodedLength: Int = defaultMaxDecodedLength
    ) throws(WireFormatError) -> [UInt8] {
        try withBytes(input) { (bytes) throws(WireFormatError) in
            try decompress(bytes, maxDecodedLength: maxDecodedLength)
        }
    }

    /// Decompresses the Snappy block in `input`; see `decompress(_:maxDecodedLength:)`.
    public static func decompress(
        _ input: UnsafeRawBufferPointer,
        maxDecodedLength: Int = defaultMaxDecodedLength
    ) throws(WireFormatError) -> [UInt8] {
        let header = try readHeader(input)
        try checkLength(header, inputCount: input.count, maxDecodedLength: maxDecodedLength)
        var failure: WireFormatError?
        let output = [UInt8](unsafeUninitializedCapacity: header.length) { buffer, initializedCount in
            do throws(WireFormatError) {
                try decodeElements(input, from: header.size, into: UnsafeMutableRawBufferPointer(buffer))
                initializedCount = header.length
            } catch {
                failure = error
                initializedCount = 0
            }
        }
        if let failure { throw failure }
        return output
    }

    /// Decompresses the Snappy block in `input` into `output` and returns the
    /// decoded length. Nothing is written beyond that length.
    ///
    /// - Throws: ``WireFormatError/Code/snappyTooLarge`` when the declared
    ///   length exceeds `output.count`; otherwise as `decompress(_:maxDecodedLength:)`.
    ///   On error, `output` may hold partial data.
    public static func decompress(
        _ input: UnsafeRawBufferPointer,
        into output: UnsafeMutableRawBufferPointer
    ) throws(WireFormatError) -> Int {
        let header = try readHeader(input)
        try checkLength(header, inputCount: input.count, maxDecodedLength: output.count)
        try decodeElements(
            input, from: header.size, into: UnsafeMutableRawBufferPointer(rebasing: output[..<header.length]))
        return header.length
    }

    // MARK: - Internals

    /// Runs `body` on the bytes of `array`, keeping the typed error.
    @inline(__always)
    static func withBytes<R>(
        _ array: [UInt8],
        _ body: (UnsafeRawBufferPointer) throws(WireFormatError) -> R
    ) throws(WireFormatError) -> R {
        let result = array.withUnsafeBytes { bytes in
            Result { () throws(WireFormatError) in try body(bytes) }
        }
        return try result.get()
    }

    /// The length header: the decoded length and how many bytes the varint took.
    private static func readHeader(_ input: UnsafeRawBufferPointer) throws(WireFormatError) -> (length: Int, size: Int)
    {
        var value: UInt64 = 0
        for i in 0..<min(input.count, 5) {
            let byte = input[i]
            value |= UInt64(byte & 0x7f) << (7 * UInt64(i))
            if byte < 0x80 {
                guard value <= UInt64(UInt32.max) else {
                    throw WireFormatError(
                        .snappyCorrupt,
                        "snappy: length header \(value) is above the format's limit of 2^32 - 1",
                        offset: 0
                    )
                }
                return (Int(value), i + 1)
            }
        }
        if input.count < 5 {
            throw WireFormatError(
                .snappyCorrupt,
                input.isEmpty ? "snappy: empty input has no length header" : "snappy: length header is truncated",
                offset: input.count
            )
        }
        throw WireFormatError(.snappyCorrupt, "snappy: length header varint is longer than 5 bytes", offset: 0)
    }

    /// Rejects declared lengths above the caller's limit, or above what the
    /// compressed bytes could possibly expand to, before anything is allocated.
    private static func checkLength(
        _ header: (length: Int, size: Int),
        inputCount: Int,
        maxDecodedLength: Int
    ) throws(WireFormatError) {
        guard header.length <= maxDecodedLength else {
            throw WireFormatError(
                .snappyTooLarge,
                "snappy: declared decoded length \(header.length) exceeds the limit of \(maxDecodedLength) bytes",
                offset: 0
            )
        }
        // The densest element is a three-byte copy of 64 bytes.
        let body = inputCount - header.size
        let possible = (body / 3 + 1) * 64
        guard header.length <= possible else {
            throw WireFormatError(
                .snappyCorrupt,
                "snappy: declared decoded length \(header.length) cannot be produced by \(body) bytes of compressed data",
                offset: 0
            )
        }
    }

    /// Decodes the elements of `input` starting at `start` into exactly `output.count` bytes.
    private static func decodeElements(
        _ input: UnsafeRawBufferPointer,
        from start: Int,
        into output: UnsafeMutableRawBufferPointer
    ) throws(WireFormatError) {
        let srcEnd = input.count
        let dstEnd = output.count
        guard srcEnd > start, let src = input.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            if dstEnd != 0 {
                throw WireFormatError(
                    .snappyCorrupt,
                    "snappy: input ends after the header but \(dstEnd) bytes were declared",
                    offset: srcEnd
                )
            }
            return
        }
        guard let dst = output.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            throw WireFormatError(
                .snappyCorrupt,
                "snappy: \(srcEnd - start) bytes follow a header that declares an empty result",
                offset: start
            )
        }
        var s = start
        var d = 0
        while s < srcEnd {
            let elementStart = s
            let tag = src[s]
            var length: Int
            let offset: Int
            switch tag & 3 {
            case 0:
                length = Int(tag >> 2)
                if length < 60 {
                    s += 1
                } else {
                    let extra = length - 59
                    guard extra < srcEnd - s else {
                        throw WireFormatError(
                            .snappyCorrupt,
                            "snappy: literal length runs past the end of the input",
                            offset: elementStart
                        )
                    }
                    length = 0
                    for k in 0..<extra {
                        length |= Int(src[s + 1 + k]) << (8 * k)
                    }
                    s += 1 + extra
                }
                length += 1
                guard length <= srcEnd - s else {
                    throw WireFormatError(
                        .snappyCorrupt,
                        "snappy: literal of \(length) bytes runs past the end of the input",
                        offset: elementStart
                    )
                }
                guard length <= dstEnd - d else {
                    throw overrun("literal", length, d, dstEnd, elementStart)
                }
                if length <= 16 && srcEnd - s >= 16 && dstEnd - d >= 16 {
                    // Short literal with slack on both sides: two eight-byte moves.
                    copy8(from: src + s, to: dst + d)
                    copy8(from: src + s + 8, to: dst + d + 8)
                } else {
                    (dst + d).update(from: src + s, count: length)
                }
                d += length
                s += length
                continue
            case 1:
                guard srcEnd - s >= 2 else { throw truncatedCopy(elementStart) }
                length = 4 + Int((tag >> 2) & 7)
                offset = Int(tag & 0xe0) << 3 | Int(src[s + 1])
                s += 2
            case 2:
                guard srcEnd - s >= 3 else { throw truncatedCopy(elementStart) }
                length = 1 + Int(tag >> 2)
                offset = Int(src[s + 1]) | Int(src[s + 2]) << 8
                s += 3
            default:
                guard srcEnd - s >= 5 else { throw truncatedCopy(elementStart) }
                length = 1 + Int(tag >> 2)
                offset = Int(src[s + 1]) | Int(src[s + 2]) << 8 | Int(src[s + 3]) << 16 | Int(src[s + 4]) << 24
                s += 5
            }
            guard offset > 0 else {
                throw WireFormatError(.snappyCorrupt, "snappy: copy with offset 0", offset: elementStart)
            }
            guard offset <= d else {
                throw WireFormatError(
                    .snappyCorrupt,
                    "snappy: copy offset \(offset) reaches before the start of the output (\(d) bytes produced)",
                    offset: elementStart
                )
            }
            guard length <= dstEnd - d else {
                throw overrun("copy", length, d, dstEnd, elementStart)
            }
            let from = dst + (d - offset)
            if offset >= 8 && dstEnd - d >= length + 8 {
                // Eight bytes at a time; each load reads only bytes written before it,
                // even when the ranges overlap, and the overshoot stays inside the output.
                var k = 0
                while k < length {
                    copy8(from: from + k, to: dst + d + k)
                    k += 8
                }
            } else if offset >= length {
                (dst + d).update(from: from, count: length)
            } else {
                // Overlapping copy: each byte may be one this copy just wrote.
                for k in 0..<length {
                    dst[d + k] = from[k]
                }
            }
            d += length
        }
        guard d == dstEnd else {
            throw WireFormatError(
                .snappyCorrupt,
                "snappy: input produced \(d) bytes but the header declared \(dstEnd)",
                offset: srcEnd
            )
        }
    }

    @inline(__always)
    private static func copy8(from source: UnsafePointer<UInt8>, to destination: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(destination).storeBytes(
            of: UnsafeRawPointer(source).loadUnaligned(as: UInt64.self),
            as: UInt64.self
        )
    }

    private static func truncatedCopy(_ offset: Int) -> WireFormatError {
        WireFormatError(.snappyCorrupt, "snappy: copy element runs past the end of the input", offset: offset)
    }

    private static func overrun(_ kind: String, _ length: Int, _ produced: Int, _ declared: Int, _ offset: Int)
        -> WireFormatError
    {
        let message =
            produced == declared
            ? "snappy: trailing data after the declared \(declared) bytes were produced"
            : "snappy: \(kind) of \(length) bytes runs past the declared length \(declared) (\(produced) produced)"
        return WireFormatError(.snappyCorrupt, message, offset: offset)
    }
}
