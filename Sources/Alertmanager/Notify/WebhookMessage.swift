/// The body Alertmanager 0.25 posts to webhooks (message version 4).
struct WebhookMessage: Sendable {
    var data: NotificationData
    var groupKey: String
    /// How many alerts `max_alerts` left out.
    var truncatedAlerts: UInt64

    /// The JSON, as Go's encoder writes it (with its trailing newline).
    var json: [UInt8] {
        var object = JSONObject()
        data.addJSONMembers(to: &object)
        object.string("version", "4")
        object.string("groupKey", groupKey)
        object.raw("truncatedAlerts", Array(String(truncatedAlerts).utf8))
        return object.bytes + [UInt8(ascii: "\n")]
    }
}
