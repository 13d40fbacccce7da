import GoTemplate

/// The message Alertmanager 0.25 sends by SMTP `DATA`: its headers
/// (Q-encoded when not plain ASCII), `Message-Id` unless configured,
/// `Date`, and a `multipart/alternative` body with a quoted-printable text
/// part and then an HTML part, each only when its template is set.
struct EmailMessage: Sendable {
    /// Rendered headers; written in name order (upstream's order is random).
    var headers: [String: String]
    var text: String?
    var html: String?
    /// The host named in the generated `Message-Id`.
    var hostname: String
    var date: GoTime
    /// The multipart boundary: 60 random hex digits, as Go's multipart writer makes.
    var boundary: String = Self.randomBoundary()

    static func randomBoundary() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<30).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return String(byte >> 4, radix: 16) + String(byte & 0xF, radix: 16)
        }.joined()
    }

    /// The message, lines ending in CRLF, before dot-stuffing.
    var bytes: [UInt8] {
        var head = ""
        for name in headers.keys.sorted() {
            head += "\(name): \(QuotedPrintable.encodeHeaderWord(headers[name] ?? ""))\r\n"
        }
        if headers["Message-Id"] == nil {
            head += "Message-Id: <\(date.unixNanoseconds).\(UInt64.random(in: 0...UInt64.max))@\(hostname)>\r\n"
        }
        head += "Date: \(date.format("Mon, 02 Jan 2006 15:04:05 -0700"))\r\n"
        head += "Content-Type: multipart/alternative;  boundary=\(boundary)\r\n"
        head += "MIME-Version: 1.0\r\n\r\n"
        var out = Array(head.utf8)
        var parts = 0
        for (body, type) in [(text, "text/plain"), (html, "text/html")] {
            guard let body else { continue }
            out += Array(((parts == 0 ? "" : "\r\n") + "--\(boundary)\r\n").utf8)
            out += Array("Content-Transfer-Encoding: quoted-printable\r\n".utf8)
            out += Array("Content-Type: \(type); charset=UTF-8\r\n\r\n".utf8)
            out += QuotedPrintable.encode(body)
            parts += 1
        }
        out += Array("\r\n--\(boundary)--\r\n".utf8)
        return out
    }

    /// `message` as SMTP `DATA` sends it (Go's `textproto` dot writer): bare
    /// LF becomes CRLF, lines starting with `.` get another, and `.` on a line
    /// of its own ends it.
    static func dotStuffed(_ message: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(message.count + 16)
        var atLineStart = true
        var previous: UInt8 = 0
        for byte in message {
            if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            if byte == 0x0A && previous != 0x0D { out.append(0x0D) }
            out.append(byte)
            atLineStart = byte == 0x0A
            previous = byte
        }
        if !atLineStart { out += [0x0D, 0x0A] }
        out += Array(".\r\n".utf8)
        return out
    }
}
