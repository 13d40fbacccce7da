import Storage

/// A reusable buffer to decode one chunk into at a time.
struct SampleScratch {
    private var buffer = UnsafeMutableBufferPointer<Sample>(start: nil, count: 0)

    /// Room for `count` samples, valid until the next call.
    mutating func room(for count: Int) -> UnsafeMutablePointer<Sample> {
        if buffer.count < count || buffer.baseAddress == nil {
            buffer.deallocate()
            buffer = .allocate(capacity: Swift.max(count, 256))
        }
        return buffer.baseAddress!
    }

    /// Frees the buffer.
    mutating func deallocate() {
        buffer.deallocate()
        buffer = UnsafeMutableBufferPointer(start: nil, count: 0)
    }
}
