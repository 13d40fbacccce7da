/// MIME encodings for e-mail: quoted-printable bodies (RFC 2045, as Go's
/// `mime/quotedprintable` writes them) and Q-encoded header words
/// (RFC 2047, as Go's `mime.QEncoding` writes them).
enum QuotedPrintable {
    private static let hex = Array("0123456789ABCDEF".utf8)
    /// The longest line, CRLF excluded.
    private static let lineLimit = 76

    /// `text` as a quoted-printable body: line breaks become CRLF, lines are
    /// cut with soft breaks (`=`) before 76 characters, `=`, non-ASCII and
    /// control bytes are escaped, and spaces or tabs ending a line too.
    static func encode(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        var line: [UInt8] = []
        var afterCR = false

        func flushLine() {
            out += line
            line.removeAll(keepingCapacity: true)
        }
        func breakLine(soft: Bool) {
            if soft { line.append(UInt8(ascii: "=")) }
            line += [0x0D, 0x0A]
            flushLine()
        }
        func escape(_ byte: UInt8) {
            if lineLimit - 1 - line.count < 3 { breakLine(soft: true) }
            line += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
        }
        func escapeTrailingSpace() {
            if let last = line.last, last == 0x20 || last == 0x09 {
                line.removeLast()
                escape(last)
            }
        }

        for byte in text.utf8 {
            switch byte {
            case 0x0A, 0x0D:
                if afterCR && byte == 0x0A {
                    afterCR = false
                    continue
                }
                afterCR = byte == 0x0D
                escapeTrailingSpace()
                breakLine(soft: false)
            case UInt8(ascii: "!")...UInt8(ascii: "~") where byte != UInt8(ascii: "="), 0x20, 0x09:
                if line.count == lineLimit - 1 { breakLine(soft: true) }
                line.append(byte)
                afterCR = false
            default:
                escape(byte)
                afterCR = false
            }
        }
        escapeTrailingSpace()
        flushLine()
        return out
    }

    /// A header value as Q-encoded UTF-8 words when it has bytes outside
    /// printable ASCII (tab allowed), else unchanged. Words hold at most 63
    /// encoded characters and never split a character.
    static func encodeHeaderWord(_ value: String) -> String {
        let needsEncoding = value.utf8.contains { ($0 < 0x20 || $0 > 0x7E) && $0 != 0x09 }
        guard needsEncoding else { return value }
        let maxContent = 63
        var words: [[UInt8]] = [[]]
        var length = 0
        for scalar in value.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            var encoded: [UInt8] = []
            for byte in bytes {
                if byte == 0x20 {
                    encoded.append(UInt8(ascii: "_"))
                } else if byte >= 0x21 && byte <= 0x7E && byte != UInt8(ascii: "=") && byte != UInt8(ascii: "?")
                    && byte != UInt8(ascii: "_")
                {
                    encoded.append(byte)
                } else {
                    encoded += [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
                }
            }
            if length + encoded.count > maxContent {
                words.append([])
                length = 0
            }
            words[words.count - 1] += encoded
            length += encoded.count
        }
        return words.map { "=?utf-8?q?" + String(decoding: $0, as: UTF8.self) + "?=" }.joined(separator: " ")
    }
}
