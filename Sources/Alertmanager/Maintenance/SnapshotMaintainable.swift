/// A store that ``SilenceMaintenance`` garbage-collects and snapshots:
/// ``Silences`` and ``NotificationLog``.
public protocol SnapshotMaintainable: Sendable {
    /// Drops what is past its retention; returns how many items went.
    func gc() -> Int
    /// Writes the store to `path` atomically; returns the file's size.
    func snapshot(to path: String) throws(SnapshotError) -> Int
}

extension Silences: SnapshotMaintainable {}
extension NotificationLog: SnapshotMaintainable {}
