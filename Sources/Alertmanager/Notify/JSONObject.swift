import ArgusHTTP

/// Builds one JSON object member by member in the order given, as Go's
/// encoder writes a struct: members marked `omitEmpty` are left out when
/// empty, nested objects and arrays are built separately and appended.
struct JSONObject {
    private var json = JSONWriter(capacity: 256)
    private var count = 0

    init() { json.byte(UInt8(ascii: "{")) }

    /// Starts a member: the separator and `"key":`.
    mutating func member(_ key: String) {
        if count > 0 { json.byte(UInt8(ascii: ",")) }
        count += 1
        json.key(key)
    }

    mutating func string(_ key: String, _ value: String, omitEmpty: Bool = false) {
        if omitEmpty && value.isEmpty { return }
        member(key)
        json.string(value)
    }

    mutating func bool(_ key: String, _ value: Bool, omitEmpty: Bool = false) {
        if omitEmpty && !value { return }
        member(key)
        json.bool(value)
    }

    mutating func int(_ key: String, _ value: Int64) {
        member(key)
        json.int(value)
    }

    /// A member whose value is already-encoded JSON.
    mutating func raw(_ key: String, _ value: [UInt8]) {
        member(key)
        json.raw(value)
    }

    /// A `map[string]string` member, keys sorted; left out when empty and `omitEmpty`.
    mutating func stringMap(_ key: String, _ map: [String: String], omitEmpty: Bool = false) {
        if omitEmpty && map.isEmpty { return }
        member(key)
        JSONWriter.writeStringMap(map, into: &json)
    }

    /// The finished object.
    var bytes: [UInt8] { json.bytes + [UInt8(ascii: "}")] }

    /// A JSON array of already-encoded elements.
    static func array(_ elements: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = [UInt8(ascii: "[")]
        for (i, element) in elements.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            out += element
        }
        out.append(UInt8(ascii: "]"))
        return out
    }

    /// A JSON array of strings.
    static func strings(_ values: [String]) -> [UInt8] {
        var json = JSONWriter()
        json.strings(values)
        return json.bytes
    }
}
