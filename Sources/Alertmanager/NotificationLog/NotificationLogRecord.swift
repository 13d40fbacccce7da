/// One entry of the notification log snapshot (see ``SnapshotFile``):
///
/// ```
/// payload = groupKey:string groupName:string integration:string index:u32
///           timestamp:time expiresAt:time
///           firingCount:u32 firing:u64* resolvedCount:u32 resolved:u64*
/// ```
struct NotificationLogRecord: SnapshotRecord {
    static let snapshotMagic: [UInt8] = Array("ARGUSNL".utf8) + [1]
    static let recordName = "notification log"

    var key: NotificationLogKey
    var entry: NotificationEntry

    func encode(to encoder: inout SnapshotEncoder) {
        encoder.string(key.groupKey)
        encoder.string(key.receiver.groupName)
        encoder.string(key.receiver.integration)
        encoder.uint32(key.receiver.index)
        encoder.time(entry.timestamp)
        encoder.time(entry.expiresAt)
        encoder.uint64Set(entry.firingAlerts)
        encoder.uint64Set(entry.resolvedAlerts)
    }

    static func decode(from decoder: inout SnapshotDecoder) throws(SnapshotDecoder.Failure) -> Self {
        let groupKey = try decoder.string("group key")
        let receiver = NotificationReceiver(
            groupName: try decoder.string("receiver name"),
            integration: try decoder.string("integration"),
            index: try decoder.uint32("integration index"))
        let timestamp = try decoder.time("timestamp")
        let expiresAt = try decoder.time("expiry")
        let entry = NotificationEntry(
            firingAlerts: try decoder.uint64Set("firing alerts"),
            resolvedAlerts: try decoder.uint64Set("resolved alerts"),
            timestamp: timestamp,
            expiresAt: expiresAt)
        return NotificationLogRecord(key: NotificationLogKey(groupKey: groupKey, receiver: receiver), entry: entry)
    }
}
