/// A store that ``SilenceMaintenance`` garbage-collects and snapshots:
/// ``Silences`` and ``NotificationLog``.
public protocol SnapshotMaintainable: Sendable {
    /// Drops what is past its retention; returns how many items went.
    func gc() -> Int
    /// Writes the store to `path` atomically; returns the file's size.
    func snapshot(to path: String) throws(SnapshotError) -> Int
    /// Changes with every modification.
    var version: UInt64 { get }
}

extension Silences: SnapshotMaintainable {}
extension NotificationLog: SnapshotMaintainable {}

/// A store that can be read back from its snapshot.
public protocol SnapshotRestorable: Sendable {
    /// Reads the snapshot at `path`; returns how many records it held.
    func restore(from path: String) throws(SnapshotError) -> Int
    /// How many items are stored.
    var count: Int { get }
}

extension Silences: SnapshotRestorable {}
extension NotificationLog: SnapshotRestorable {}
