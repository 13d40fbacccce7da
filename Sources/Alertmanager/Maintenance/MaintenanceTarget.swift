/// One store for ``SilenceMaintenance``: what to maintain, its name in log
/// lines, and where to snapshot it (`nil`: garbage collection only).
public struct MaintenanceTarget: Sendable {
    public var name: String
    public var store: any SnapshotMaintainable
    public var snapshotPath: String?

    public init(name: String, store: any SnapshotMaintainable, snapshotPath: String?) {
        self.name = name
        self.store = store
        self.snapshotPath = snapshotPath
    }
}
