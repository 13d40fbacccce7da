/// Bodies of remote-write and remote-read HTTP requests: a protobuf message
/// compressed as one Snappy block (`Content-Type: application/x-protobuf`,
/// `Content-Encoding: snappy`).
public enum RemoteWrite {
    /// Decodes a remote-write 1.0 request body: Snappy block, then ``Prompb/WriteRequest``.
    ///
    /// - Parameter maxDecodedLength: The largest decompressed body accepted;
    ///   larger declared sizes are rejected before anything is allocated.
    /// - Throws: ``WireFormatError``; its offset counts within the compressed
    ///   body for Snappy errors and within the decompressed message for protobuf errors.
    public static func decodeBody(
        _ body: [UInt8],
        maxDecodedLength: Int = Snappy.defaultMaxDecodedLength
    ) throws(WireFormatError) -> Prompb.WriteRequest {
        try decodeBody(body, as: Prompb.WriteRequest.self, maxDecodedLength: maxDecodedLength)
    }

    /// Encodes a remote-write 1.0 request body: ``Prompb/WriteRequest``, then one Snappy block.
    public static func encodeBody(_ request: Prompb.WriteRequest) -> [UInt8] {
        encodeBody(message: request)
    }

    /// Decodes any Snappy-compressed protobuf body, such as a ``Prompb/ReadRequest``
    /// or a ``Prompb/ReadResponse``.
    public static func decodeBody<M: ProtobufMessage>(
        _ body: [UInt8],
        as type: M.Type,
        maxDecodedLength: Int = Snappy.defaultMaxDecodedLength
    ) throws(WireFormatError) -> M {
        let message = try Snappy.decompress(body, maxDecodedLength: maxDecodedLength)
        return try M(serializedBytes: message)
    }

    /// Encodes any protobuf message as a Snappy-compressed body.
    public static func encodeBody(message: some ProtobufMessage) -> [UInt8] {
        Snappy.compress(message.serializedBytes())
    }
}
