import ArgusHTTP

extension NotificationData {
    /// Adds the members Go's `encoding/json` writes for `template.Data`, in
    /// its declaration order.
    func addJSONMembers(to object: inout JSONObject) {
        object.string("receiver", receiver)
        object.string("status", status)
        object.raw("alerts", JSONObject.array(alerts.map(\.json)))
        object.stringMap("groupLabels", groupLabels.entries)
        object.stringMap("commonLabels", commonLabels.entries)
        object.stringMap("commonAnnotations", commonAnnotations.entries)
        object.string("externalURL", externalURL)
    }
}

extension TemplateAlert {
    /// The alert as Go writes `template.Alert`; times in RFC 3339 with
    /// nanoseconds, an unset end as `0001-01-01T00:00:00Z`.
    var json: [UInt8] {
        var object = JSONObject()
        object.string("status", status)
        object.stringMap("labels", labels.entries)
        object.stringMap("annotations", annotations.entries)
        object.string("startsAt", startsAt.rfc3339Nano)
        object.string("endsAt", endsAt.rfc3339Nano)
        object.string("generatorURL", generatorURL)
        object.string("fingerprint", fingerprint)
        return object.bytes
    }
}

extension JSONWriter {
    /// `map[string]string` as Go writes it: keys sorted byte-wise.
    static func writeStringMap(_ map: [String: String], into json: inout JSONWriter) {
        json.byte(UInt8(ascii: "{"))
        for (i, key) in map.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
            if i > 0 { json.byte(UInt8(ascii: ",")) }
            json.key(key)
            json.string(map[key] ?? "")
        }
        json.byte(UInt8(ascii: "}"))
    }
}
