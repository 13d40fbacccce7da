/// The body Alertmanager 0.25 posts to a Slack incoming webhook or
/// `chat.postMessage`: one attachment, every field already rendered.
struct SlackMessage: Sendable, Hashable {
    struct Field: Sendable, Hashable {
        var title: String
        var value: String
        var short: Bool
    }

    struct Confirmation: Sendable, Hashable {
        var text: String
        var title: String
        var okText: String
        var dismissText: String
    }

    struct Action: Sendable, Hashable {
        var type: String
        var text: String
        var url: String
        var style: String
        var name: String
        var value: String
        var confirm: Confirmation?
    }

    var channel = ""
    var username = ""
    var iconEmoji = ""
    var iconURL = ""
    var linkNames = false
    var title = ""
    var titleLink = ""
    var pretext = ""
    var text = ""
    var fallback = ""
    var callbackID = ""
    var fields: [Field] = []
    var actions: [Action] = []
    var imageURL = ""
    var thumbURL = ""
    var footer = ""
    var color = ""
    var mrkdwnIn: [String] = []

    /// The JSON with Go's field order and `omitempty` rules, and its
    /// encoder's trailing newline.
    var json: [UInt8] {
        var request = JSONObject()
        request.string("channel", channel, omitEmpty: true)
        request.string("username", username, omitEmpty: true)
        request.string("icon_emoji", iconEmoji, omitEmpty: true)
        request.string("icon_url", iconURL, omitEmpty: true)
        request.bool("link_names", linkNames, omitEmpty: true)
        request.raw("attachments", JSONObject.array([attachment]))
        return request.bytes + [UInt8(ascii: "\n")]
    }

    private var attachment: [UInt8] {
        var object = JSONObject()
        object.string("title", title, omitEmpty: true)
        object.string("title_link", titleLink, omitEmpty: true)
        object.string("pretext", pretext, omitEmpty: true)
        object.string("text", text)
        object.string("fallback", fallback)
        object.string("callback_id", callbackID)
        if !fields.isEmpty {
            object.raw(
                "fields",
                JSONObject.array(
                    fields.map { field in
                        var member = JSONObject()
                        member.string("title", field.title, omitEmpty: true)
                        member.string("value", field.value, omitEmpty: true)
                        member.bool("short", field.short)
                        return member.bytes
                    }))
        }
        if !actions.isEmpty {
            object.raw("actions", JSONObject.array(actions.map(Self.encode)))
        }
        object.string("image_url", imageURL, omitEmpty: true)
        object.string("thumb_url", thumbURL, omitEmpty: true)
        object.string("footer", footer)
        object.string("color", color, omitEmpty: true)
        if !mrkdwnIn.isEmpty { object.raw("mrkdwn_in", JSONObject.strings(mrkdwnIn)) }
        return object.bytes
    }

    private static func encode(_ action: Action) -> [UInt8] {
        var object = JSONObject()
        object.string("type", action.type, omitEmpty: true)
        object.string("text", action.text, omitEmpty: true)
        object.string("url", action.url, omitEmpty: true)
        object.string("style", action.style, omitEmpty: true)
        object.string("name", action.name, omitEmpty: true)
        object.string("value", action.value, omitEmpty: true)
        if let confirm = action.confirm {
            var nested = JSONObject()
            nested.string("text", confirm.text, omitEmpty: true)
            nested.string("title", confirm.title, omitEmpty: true)
            nested.string("ok_text", confirm.okText, omitEmpty: true)
            nested.string("dismiss_text", confirm.dismissText, omitEmpty: true)
            object.raw("confirm", nested.bytes)
        }
        return object.bytes
    }
}
