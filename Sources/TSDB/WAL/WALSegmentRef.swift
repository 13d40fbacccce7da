import Foundation

/// One segment file: the directory that holds it and its number.
///
/// Segment files are named by their number in eight digits (`00000000`,
/// `00000001` …), as upstream's `SegmentName` does.
public struct WALSegmentRef: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The directory holding the segment: the WAL directory or a checkpoint directory.
    public var directory: String
    /// The segment number.
    public var index: Int

    public init(directory: String, index: Int) {
        self.directory = directory
        self.index = index
    }

    /// The segment's file path.
    public var path: String { Self.path(directory: directory, index: index) }

    /// `directory/0000000N`.
    public static func path(directory: String, index: Int) -> String {
        directory + "/" + name(index)
    }

    /// The eight-digit file name of segment `index`.
    public static func name(_ index: Int) -> String {
        let digits = String(index)
        return digits.count >= 8 ? digits : String(repeating: "0", count: 8 - digits.count) + digits
    }

    public static func < (lhs: WALSegmentRef, rhs: WALSegmentRef) -> Bool {
        (lhs.directory, lhs.index) < (rhs.directory, rhs.index)
    }

    public var description: String { path }

    /// The segments in `directory`, in order. Names that are not all digits
    /// (checkpoints, temporary files) are ignored, as upstream's
    /// `listSegments` does.
    ///
    /// - Throws: ``WALError/Code/segmentsNotSequential`` when the numbers
    ///   have a gap, ``WALError/Code/io`` when the directory cannot be read.
    public static func list(directory: String) throws(WALError) -> [WALSegmentRef] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw WALError(.io, "cannot list WAL directory \(directory): \(error)", path: directory)
        }
        var refs: [WALSegmentRef] = []
        for name in names where !name.isEmpty && name.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            guard let index = Int(name) else { continue }
            refs.append(WALSegmentRef(directory: directory, index: index))
        }
        refs.sort()
        for (previous, next) in zip(refs, refs.dropFirst()) where previous.index + 1 != next.index {
            throw WALError(
                .segmentsNotSequential,
                "WAL segments in \(directory) are not sequential: \(name(previous.index)) is followed by"
                    + " \(name(next.index))",
                path: directory
            )
        }
        return refs
    }
}
