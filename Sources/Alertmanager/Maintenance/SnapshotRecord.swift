/// A value stored as one record of a ``SnapshotFile``.
protocol SnapshotRecord {
    /// The first eight bytes of a file of such records: a seven-byte name
    /// and the format version.
    static var snapshotMagic: [UInt8] { get }
    /// What a record is called in error messages ("silence").
    static var recordName: String { get }

    func encode(to encoder: inout SnapshotEncoder)
    static func decode(from decoder: inout SnapshotDecoder) throws(SnapshotDecoder.Failure) -> Self
}
