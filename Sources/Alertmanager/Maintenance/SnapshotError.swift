/// A snapshot file (silences or notification log) that cannot be read or
/// written.
public struct SnapshotError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// The byte offset of the problem within the file, when it is about the content.
    public var offset: Int?
    /// What is wrong.
    public var reason: String

    /// An error about the file at `path`, at byte `offset` when it concerns the content.
    public init(path: String, offset: Int? = nil, reason: String) {
        self.path = path
        self.offset = offset
        self.reason = reason
    }

    /// `snapshot file /data/silences: bad checksum in record 3 at byte offset 1234`.
    public var description: String {
        let location = offset.map { " at byte offset \($0)" } ?? ""
        return "snapshot file \(path): \(reason)\(location)"
    }
}
