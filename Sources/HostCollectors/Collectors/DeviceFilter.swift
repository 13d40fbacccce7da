import ArgusCore

/// node-exporter's device filter: a device is skipped when the exclude
/// pattern matches its name, or when an include pattern is given and does
/// not match it. Patterns are unanchored, as Go's `MatchString`.
struct DeviceFilter: Sendable {
    private let exclude: MemoizedRegex?
    private let include: MemoizedRegex?

    /// Compiles the `--<flagPrefix>-exclude` and `-include` patterns; an
    /// empty or missing pattern filters nothing. With `exclusive`, giving
    /// both is an error, as it is for node-exporter's diskstats and netdev.
    init(exclude: String?, include: String?, flagPrefix: String, exclusive: Bool) throws(NodeCollectorError) {
        let exclude = exclude?.isEmpty == false ? exclude : nil
        let include = include?.isEmpty == false ? include : nil
        if exclusive, exclude != nil, include != nil {
            throw .invalidOption(
                flag: "\(flagPrefix)-include", reason: "device-exclude & device-include are mutually exclusive")
        }
        self.exclude = try exclude.map { pattern throws(NodeCollectorError) in
            MemoizedRegex(try RE2(option: pattern, flag: "\(flagPrefix)-exclude"))
        }
        self.include = try include.map { pattern throws(NodeCollectorError) in
            MemoizedRegex(try RE2(option: pattern, flag: "\(flagPrefix)-include"))
        }
    }

    /// Whether `device` is left out.
    func ignores(_ device: String) -> Bool {
        if let exclude, exclude.contains(device) { return true }
        if let include, !include.contains(device) { return true }
        return false
    }
}
