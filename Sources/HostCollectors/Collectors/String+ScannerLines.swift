extension String {
    /// The lines of the text as Go's `bufio.Scanner` reads them: split at
    /// `\n`, each without a trailing `\r`, and no empty line after a final
    /// newline.
    func scannerLines() -> [Substring] {
        var lines = utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines.map { line in
            line.last == UInt8(ascii: "\r") ? Substring(line.dropLast()) : Substring(line)
        }
    }
}
