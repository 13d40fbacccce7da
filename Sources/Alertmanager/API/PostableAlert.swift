import ArgusCore
import Foundation
import GoTemplate

/// An alert as clients post it to `/api/v2/alerts`.
struct PostableAlert {
    var labels: [String: String]
    var annotations: [String: String]
    var startsAt: GoTime
    var endsAt: GoTime
    var generatorURL: String

    /// A body the OpenAPI layer refuses, with go-swagger's status, code and text.
    struct DecodingError: Error {
        var status: Int
        var code: Int
        var message: String
    }

    private static func bodyError(_ reason: String) -> DecodingError {
        DecodingError(status: 400, code: 400, message: "parsing alerts body from \"\" failed, because \(reason)")
    }

    /// Decodes the request body: a JSON array of alert objects.
    static func decodeList(_ body: [UInt8]) throws(DecodingError) -> [PostableAlert] {
        let list: [RequestJSON]
        switch RequestJSON.parse(body) {
        case .failure(.empty): throw DecodingError(status: 422, code: 602, message: "alerts in body is required")
        case .failure(.syntax(let reason)): throw bodyError(reason)
        case .success(.array(let elements)): list = elements
        case .success(.null): list = []
        case .success(let other):
            throw bodyError("json: cannot unmarshal \(other.kind) into Go value of type models.PostableAlerts")
        }
        var alerts: [PostableAlert] = []
        for (index, element) in list.enumerated() {
            let fields: [String: RequestJSON]
            switch element {
            case .object(let object): fields = object
            case .null: throw DecodingError(status: 422, code: 602, message: "\(index) in body is required")
            default:
                throw bodyError("json: cannot unmarshal \(element.kind) into Go value of type models.PostableAlert")
            }
            guard let labels = fields["labels"], labels.kind != "null" else {
                throw DecodingError(status: 422, code: 602, message: "\(index).labels in body is required")
            }
            let alert = PostableAlert(
                labels: try stringMap(labels, field: "labels"),
                annotations: try stringMap(fields["annotations"], field: "annotations"),
                startsAt: try time(fields["startsAt"], field: "startsAt"),
                endsAt: try time(fields["endsAt"], field: "endsAt"),
                generatorURL: try string(fields["generatorURL"], field: "generatorURL"))
            if !alert.generatorURL.isEmpty, URLComponents(string: alert.generatorURL)?.scheme == nil {
                throw DecodingError(
                    status: 422, code: 601,
                    message: "\(index).generatorURL in body must be of type uri: \(GoString.quote(alert.generatorURL))")
            }
            alerts.append(alert)
        }
        return alerts
    }

    private static func string(_ value: RequestJSON?, field: String) throws(DecodingError) -> String {
        switch value {
        case .none, .null: return ""
        case .string(let text): return text
        case .some(let other):
            throw bodyError(
                "json: cannot unmarshal \(other.kind) into Go struct field PostableAlert.\(field) of type strfmt.URI")
        }
    }

    private static func stringMap(_ value: RequestJSON?, field: String) throws(DecodingError) -> [String: String] {
        switch value {
        case .none, .null: return [:]
        case .object(let map):
            var result: [String: String] = [:]
            for (key, element) in map {
                guard case .string(let text) = element else {
                    throw bodyError(
                        "json: cannot unmarshal \(element.kind) into Go struct field PostableAlert.\(field) of type string"
                    )
                }
                result[key] = text
            }
            return result
        case .some(let other):
            throw bodyError(
                "json: cannot unmarshal \(other.kind) into Go struct field PostableAlert.\(field) of type models.LabelSet"
            )
        }
    }

    private static func time(_ value: RequestJSON?, field: String) throws(DecodingError) -> GoTime {
        switch value {
        case .none, .null: return .zero
        case .string(let text):
            switch OpenAPIDateTime.parse(text) {
            case .success(let time): return time
            case .failure(let error): throw bodyError(error.message)
            }
        case .some(let other):
            throw bodyError(
                "json: cannot unmarshal \(other.kind) into Go struct field PostableAlert.\(field) of type string")
        }
    }
}
