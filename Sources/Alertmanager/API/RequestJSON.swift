import Foundation

/// A JSON request body with just enough detail for go-openapi's messages
/// (`cannot unmarshal <kind> into …`), shared by the alert and silence
/// endpoints.
enum RequestJSON: Decodable {
    case null
    case bool(Bool)
    case number
    case string(String)
    case array([RequestJSON])
    case object([String: RequestJSON])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if (try? container.decode(Double.self)) != nil {
            self = .number
        } else if let elements = try? container.decode([RequestJSON].self) {
            self = .array(elements)
        } else {
            self = .object(try container.decode([String: RequestJSON].self))
        }
    }

    /// Go's name for the JSON type in `cannot unmarshal <kind>`.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}

/// Why a request body is not JSON.
enum RequestJSONError: Error {
    /// Nothing but whitespace: the OpenAPI layer says the parameter is required.
    case empty
    /// The reason in Go's words (`invalid character 'x' looking for beginning of value`).
    case syntax(String)
}

extension RequestJSON {
    /// The first JSON value in `body`; like Go's decoder it ignores what
    /// follows a complete object or array.
    static func parse(_ body: [UInt8]) -> Result<RequestJSON, RequestJSONError> {
        let isSpace = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        guard let start = body.firstIndex(where: { !isSpace($0) }) else { return .failure(.empty) }
        var end = body.count
        let first = body[start]
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") {
            guard let close = endOfContainer(body, from: start) else { return .failure(.syntax("unexpected EOF")) }
            end = close
        } else if !(first == UInt8(ascii: "\"") || first == UInt8(ascii: "-") || (0x30...0x39).contains(first)
            || first == UInt8(ascii: "t") || first == UInt8(ascii: "f") || first == UInt8(ascii: "n"))
        {
            let character = String(decoding: body[start...].prefix(1), as: UTF8.self)
            return .failure(.syntax("invalid character '\(character)' looking for beginning of value"))
        }
        do {
            return .success(try JSONDecoder().decode(RequestJSON.self, from: Data(body[start..<end])))
        } catch {
            return .failure(.syntax("invalid JSON"))
        }
    }

    /// The index after the bracket closing the object or array at `start`.
    private static func endOfContainer(_ body: [UInt8], from start: Int) -> Int? {
        var depth = 0
        var inString = false
        var escaped = false
        for index in start..<body.count {
            let byte = body[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return index + 1 }
            default: break
            }
        }
        return nil
    }
}
