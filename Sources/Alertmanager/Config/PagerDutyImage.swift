import ArgusConfig

/// An image attached to a PagerDuty event.
public struct PagerDutyImage: Hashable, Sendable, ConfigSection {
    public static let configTypeName = "pagerduty_image"

    public var src = ""
    public var alt = ""
    public var href = ""

    public init(src: String = "", alt: String = "", href: String = "") {
        self.src = src
        self.alt = alt
        self.href = href
    }

    enum CodingKeys: String, CodingKey { case src, alt, href }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        src = try container.decode(.src, default: "")
        alt = try container.decode(.alt, default: "")
        href = try container.decode(.href, default: "")
    }
}
