import ArgusConfig

/// A link attached to a PagerDuty event.
public struct PagerDutyLink: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "pagerduty_link"

    public var href = ""
    public var text = ""

    public init(href: String = "", text: String = "") {
        self.href = href
        self.text = text
    }

    enum CodingKeys: String, CodingKey { case href, text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        href = try container.decode(.href, default: "")
        text = try container.decode(.text, default: "")
    }
}
