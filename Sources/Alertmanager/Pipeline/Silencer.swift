import ArgusCore

/// Mutes alerts by the active silences and records which silences mute
/// each alert in the ``AlertMarker``.
public struct Silencer: Sendable {
    public let silences: Silences
    public let marker: AlertMarker

    public init(silences: Silences, marker: AlertMarker) {
        self.silences = silences
        self.marker = marker
    }

    /// Whether an alert with these labels is silenced; marks it either way.
    @discardableResult
    public func mutes(_ labels: Labels) -> Bool {
        let ids = silences.mutingIDs(for: labels)
        marker.setSilenced(Fingerprint(labels), by: ids)
        return !ids.isEmpty
    }
}
