/// The event Alertmanager 0.25 posts to PagerDuty: Events API v2 (with a
/// routing key) or v1 (with a service key), every field already rendered.
struct PagerDutyMessage: Sendable, Hashable {
    struct Image: Sendable, Hashable {
        var src: String
        var alt: String
        var href: String
    }

    struct Link: Sendable, Hashable {
        var href: String
        var text: String
    }

    struct Payload: Sendable, Hashable {
        var summary: String
        var source: String
        var severity: String
        var timestamp = ""
        var `class` = ""
        var component = ""
        var group = ""
        var customDetails: [String: String] = [:]
    }

    var routingKey = ""
    var serviceKey = ""
    var dedupKey = ""
    var incidentKey = ""
    var eventType = ""
    var description = ""
    var eventAction = ""
    var payload: Payload?
    var client = ""
    var clientURL = ""
    var details: [String: String] = [:]
    var images: [Image] = []
    var links: [Link] = []

    /// The JSON with Go's field order, `omitempty` rules and trailing newline.
    var json: [UInt8] {
        var object = JSONObject()
        object.string("routing_key", routingKey, omitEmpty: true)
        object.string("service_key", serviceKey, omitEmpty: true)
        object.string("dedup_key", dedupKey, omitEmpty: true)
        object.string("incident_key", incidentKey, omitEmpty: true)
        object.string("event_type", eventType, omitEmpty: true)
        object.string("description", description, omitEmpty: true)
        object.string("event_action", eventAction)
        if let payload {
            var nested = JSONObject()
            nested.string("summary", payload.summary)
            nested.string("source", payload.source)
            nested.string("severity", payload.severity)
            nested.string("timestamp", payload.timestamp, omitEmpty: true)
            nested.string("class", payload.class, omitEmpty: true)
            nested.string("component", payload.component, omitEmpty: true)
            nested.string("group", payload.group, omitEmpty: true)
            nested.stringMap("custom_details", payload.customDetails, omitEmpty: true)
            object.raw("payload", nested.bytes)
        } else {
            object.raw("payload", Array("null".utf8))
        }
        object.string("client", client, omitEmpty: true)
        object.string("client_url", clientURL, omitEmpty: true)
        object.stringMap("details", details, omitEmpty: true)
        if !images.isEmpty {
            object.raw(
                "images",
                JSONObject.array(
                    images.map { image in
                        var member = JSONObject()
                        member.string("src", image.src)
                        member.string("alt", image.alt)
                        member.string("href", image.href)
                        return member.bytes
                    }))
        }
        if !links.isEmpty {
            object.raw(
                "links",
                JSONObject.array(
                    links.map { link in
                        var member = JSONObject()
                        member.string("href", link.href)
                        member.string("text", link.text)
                        return member.bytes
                    }))
        }
        return object.bytes + [UInt8(ascii: "\n")]
    }
}
