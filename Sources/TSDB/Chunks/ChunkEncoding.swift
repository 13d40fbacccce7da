/// The one-byte identifier of a chunk's encoding, as Prometheus writes it in
/// chunk segment files and the head's memory-mapped chunks (`chunkenc.Encoding`).
public struct ChunkEncoding: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Gorilla-style float samples (`EncXOR`): ``XORChunk``.
    public static let xor = ChunkEncoding(rawValue: 1)

    public var description: String {
        switch rawValue {
        case 0: "none"
        case 1: "XOR"
        case 2: "histogram"
        case 3: "floathistogram"
        case 4: "XOR2"
        case 5: "histogramST"
        case 6: "floathistogramST"
        default: "<unknown>"
        }
    }
}
