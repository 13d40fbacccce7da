import ArgusCore

/// An alert on its way to Alertmanager, as Prometheus' rule manager hands it to the notifier.
public struct OutgoingAlert: Hashable, Sendable {
    public var labels: Labels
    public var annotations: Labels
    /// When the alert started firing (milliseconds).
    public var startsAt: Int64?
    /// When it resolved, or until when it is valid if still firing (milliseconds).
    public var endsAt: Int64?
    /// A link to the rule's expression in the expression browser.
    public var generatorURL: String

    public init(labels: Labels, annotations: Labels, startsAt: Int64?, endsAt: Int64?, generatorURL: String) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.generatorURL = generatorURL
    }

    init(_ alert: ActiveAlert, expression: String, externalURL: String) {
        self.init(
            labels: alert.labels, annotations: alert.annotations, startsAt: alert.firedAt,
            endsAt: alert.resolvedAt ?? alert.validUntil,
            generatorURL: externalURL + TableLink.forExpression(expression))
    }
}

/// Links to the expression browser, as Prometheus builds them.
public enum TableLink {
    /// `/graph?g0.expr=EXPR&g0.tab=1`, with the expression query-escaped.
    public static func forExpression(_ expression: String) -> String {
        "/graph?g0.expr=\(queryEscape(expression))&g0.tab=1"
    }

    /// `/graph?g0.expr=EXPR&g0.tab=0`.
    public static func graphForExpression(_ expression: String) -> String {
        "/graph?g0.expr=\(queryEscape(expression))&g0.tab=0"
    }

    /// Go's `url.QueryEscape`: spaces become `+`, everything but letters, digits and `-_.~`
    /// is percent-encoded.
    public static func queryEscape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: " "):
                out += "+"
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%"
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                out.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0xF)]))
            }
        }
        return out
    }
}
