import Storage
import TSDB

/// Decodes a hex string (upper or lower case, whitespace ignored) into bytes.
func hexBytes(_ hex: String) -> [UInt8] {
    let digits = hex.utf8.filter { !$0.isASCIIWhitespace }
    precondition(digits.count % 2 == 0, "odd number of hex digits")
    func nibble(_ c: UInt8) -> UInt8 {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: preconditionFailure("not a hex digit")
        }
    }
    return stride(from: 0, to: digits.count, by: 2).map { nibble(digits[$0]) << 4 | nibble(digits[$0 + 1]) }
}

extension UInt8 {
    fileprivate var isASCIIWhitespace: Bool { self == 0x20 || self == 0x0A || self == 0x09 || self == 0x0D }
}

/// Encodes `samples` into a fresh chunk.
func xorEncode(_ samples: [Sample]) throws -> XORChunk {
    var appender = XORAppender()
    for sample in samples {
        try appender.append(timestamp: sample.timestamp, value: sample.value)
    }
    return appender.chunk
}

/// Shorthand for a sample from a value's bit pattern.
func floatSample(_ timestamp: Int64, bits: UInt64) -> Sample {
    Sample(timestamp: timestamp, value: Double(bitPattern: bits))
}
