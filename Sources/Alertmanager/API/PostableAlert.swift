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

    /// A body that is not a list of alerts; the text follows go-swagger's.
    struct DecodingError: Error {
        var status: Int
        var code: Int
        var message: String
    }

    /// Decodes the request body: a JSON array of alert objects.
    static func decodeList(_ body: [UInt8]) throws(DecodingError) -> [PostableAlert] {
        let prefix = "parsing alerts body from \"\" failed, because "
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(body), options: [.fragmentsAllowed])
        } catch {
            throw DecodingError(status: 400, code: 400, message: prefix + "invalid JSON: \(Self.reason(error))")
        }
        guard let list = object as? [Any] else {
            throw DecodingError(
                status: 400, code: 400,
                message: prefix
                    + "json: cannot unmarshal \(jsonKind(object)) into Go value of type models.PostableAlerts")
        }
        var alerts: [PostableAlert] = []
        for (index, element) in list.enumerated() {
            guard let fields = element as? [String: Any] else {
                throw DecodingError(
                    status: 400, code: 400,
                    message: prefix
                        + "json: cannot unmarshal \(jsonKind(element)) into Go value of type models.PostableAlert")
            }
            guard let labels = fields["labels"] else {
                throw DecodingError(status: 422, code: 602, message: "\(index).labels in body is required")
            }
            let alert = PostableAlert(
                labels: try stringMap(labels, field: "labels", prefix: prefix),
                annotations: try stringMap(fields["annotations"], field: "annotations", prefix: prefix),
                startsAt: try time(fields["startsAt"], prefix: prefix),
                endsAt: try time(fields["endsAt"], prefix: prefix),
                generatorURL: try string(fields["generatorURL"], field: "generatorURL", prefix: prefix))
            if !alert.generatorURL.isEmpty, URLComponents(string: alert.generatorURL)?.scheme == nil {
                throw DecodingError(
                    status: 422, code: 601,
                    message: "\(index).generatorURL in body must be of type uri: \(GoString.quote(alert.generatorURL))")
            }
            alerts.append(alert)
        }
        return alerts
    }

    private static func reason(_ error: any Error) -> String {
        (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? "\(error)"
    }

    private static func jsonKind(_ value: Any?) -> String {
        switch value {
        case is [Any]: return "array"
        case is [String: Any]: return "object"
        case is String: return "string"
        case is NSNumber: return "number"
        default: return "null"
        }
    }

    private static func string(_ value: Any?, field: String, prefix: String) throws(DecodingError) -> String {
        switch value {
        case nil, is NSNull: return ""
        case let text as String: return text
        default:
            throw DecodingError(
                status: 400, code: 400,
                message: prefix
                    + "json: cannot unmarshal \(jsonKind(value)) into Go struct field PostableAlert.\(field) of type strfmt.URI"
            )
        }
    }

    private static func stringMap(_ value: Any?, field: String, prefix: String) throws(DecodingError) -> [String:
        String]
    {
        switch value {
        case nil, is NSNull: return [:]
        case let map as [String: Any]:
            var result: [String: String] = [:]
            for (key, element) in map {
                guard let text = element as? String else {
                    throw DecodingError(
                        status: 400, code: 400,
                        message: prefix + "json: cannot unmarshal \(jsonKind(element)) into Go value of type string")
                }
                result[key] = text
            }
            return result
        default:
            throw DecodingError(
                status: 400, code: 400,
                message: prefix
                    + "json: cannot unmarshal \(jsonKind(value)) into Go struct field PostableAlert.\(field) of type models.LabelSet"
            )
        }
    }

    private static func time(_ value: Any?, prefix: String) throws(DecodingError) -> GoTime {
        switch value {
        case nil, is NSNull: return .zero
        case let text as String:
            guard let time = GoTime.parseRFC3339(text) else {
                throw DecodingError(
                    status: 400, code: 400,
                    message: prefix + "parsing time \(GoString.quote(text)): not an RFC 3339 time")
            }
            return time
        default:
            throw DecodingError(
                status: 400, code: 400,
                message: prefix + "json: cannot unmarshal \(jsonKind(value)) into Go value of type strfmt.DateTime")
        }
    }
}
