import ArgusCore

/// One `inhibit_rules` entry at run time: while an alert matching
/// `sourceMatchers` fires, alerts matching `targetMatchers` with the same
/// values of the `equal` labels are muted.
public struct InhibitRule: Sendable {
    public var sourceMatchers: [Matcher]
    public var targetMatchers: [Matcher]
    public var equal: [String]

    public init(sourceMatchers: [Matcher], targetMatchers: [Matcher], equal: [String]) {
        self.sourceMatchers = sourceMatchers
        self.targetMatchers = targetMatchers
        self.equal = equal
    }
}
