/// A template file that could not be loaded.
public struct NotificationTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The file, or the name of a default template.
    public var path: String
    /// What was wrong, such as Go's parse error.
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "failed to load template \(path): \(message)" }
}
