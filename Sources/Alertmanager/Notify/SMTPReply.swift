/// One reply of an SMTP server: its code and its text lines.
struct SMTPReply: Sendable, Hashable {
    var code: Int
    var lines: [String]

    /// The text, lines joined by newlines, as Go's `textproto` reports it.
    var message: String { lines.joined(separator: "\n") }

    /// `code message`, as errors show a reply.
    var description: String { "\(code) \(message)" }
}
