extension Prompb {
    /// A native histogram sample (`prometheus.Histogram`), integer or float flavour.
    public struct Histogram: ProtobufMessage {
        /// A count that is either an integer (integer histograms) or a float (float histograms):
        /// the `oneof`s `count` and `zero_count`.
        public enum Count: Hashable, Sendable {
            case int(UInt64)
            case float(Double)
        }

        /// Whether a counter reset happened before this histogram (`Histogram.ResetHint`).
        public struct ResetHint: RawRepresentable, Hashable, Sendable {
            public var rawValue: Int32
            public init(rawValue: Int32) { self.rawValue = rawValue }

            /// Needs an explicit check for a counter reset.
            public static let unknown = ResetHint(rawValue: 0)
            /// The first histogram after a counter reset.
            public static let yes = ResetHint(rawValue: 1)
            /// No counter reset since the previous histogram.
            public static let no = ResetHint(rawValue: 2)
            /// A gauge histogram, where counter resets do not apply.
            public static let gauge = ResetHint(rawValue: 3)
        }

        /// Count of observations; nil when neither field of the `oneof` was set.
        public var count: Count?
        /// Sum of observations.
        public var sum: Double
        /// The bucket schema, currently -4 ... 8 (or -53 for custom buckets).
        public var schema: Int32
        /// Breadth of the zero bucket.
        public var zeroThreshold: Double
        /// Count in the zero bucket; nil when neither field of the `oneof` was set.
        public var zeroCount: Count?
        public var negativeSpans: [BucketSpan]
        /// Count deltas between negative buckets (integer histograms).
        public var negativeDeltas: [Int64]
        /// Absolute counts of negative buckets (float histograms).
        public var negativeCounts: [Double]
        public var positiveSpans: [BucketSpan]
        /// Count deltas between positive buckets (integer histograms).
        public var positiveDeltas: [Int64]
        /// Absolute counts of positive buckets (float histograms).
        public var positiveCounts: [Double]
        public var resetHint: ResetHint
        /// Milliseconds since the Unix epoch.
        public var timestamp: Int64
        /// Custom bucket bounds (schema -53); not for remote-write clients.
        public var customValues: [Double]

        public init() {
            count = nil
            sum = 0
            schema = 0
            zeroThreshold = 0
            zeroCount = nil
            negativeSpans = []
            negativeDeltas = []
            negativeCounts = []
            positiveSpans = []
            positiveDeltas = []
            positiveCounts = []
            resetHint = .unknown
            timestamp = 0
            customValues = []
        }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: count = .int(try reader.readUInt64(tag))
                case 2: count = .float(try reader.readDouble(tag))
                case 3: sum = try reader.readDouble(tag)
                case 4: schema = try reader.readSInt32(tag)
                case 5: zeroThreshold = try reader.readDouble(tag)
                case 6: zeroCount = .int(try reader.readUInt64(tag))
                case 7: zeroCount = .float(try reader.readDouble(tag))
                case 8: negativeSpans.append(try reader.readMessage(tag))
                case 9: try reader.readRepeatedVarint(tag) { negativeDeltas.append(ProtobufReader.unzigzag64($0)) }
                case 10: try reader.readRepeatedDouble(tag, into: &negativeCounts)
                case 11: positiveSpans.append(try reader.readMessage(tag))
                case 12: try reader.readRepeatedVarint(tag) { positiveDeltas.append(ProtobufReader.unzigzag64($0)) }
                case 13: try reader.readRepeatedDouble(tag, into: &positiveCounts)
                case 14: resetHint = ResetHint(rawValue: try reader.readInt32(tag))
                case 15: timestamp = try reader.readInt64(tag)
                case 16: try reader.readRepeatedDouble(tag, into: &customValues)
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            switch count {
            case .int(let value): writer.writeVarintField(1, value)
            case .float(let value): writer.writeDouble(2, value)
            case nil: break
            }
            if sum != 0 { writer.writeDouble(3, sum) }
            if schema != 0 { writer.writeSInt32(4, schema) }
            if zeroThreshold != 0 { writer.writeDouble(5, zeroThreshold) }
            switch zeroCount {
            case .int(let value): writer.writeVarintField(6, value)
            case .float(let value): writer.writeDouble(7, value)
            case nil: break
            }
            for span in negativeSpans { writer.writeMessage(8, span) }
            writer.writePacked(9, negativeDeltas, ProtobufWriter.zigzag64)
            writer.writePackedDoubles(10, negativeCounts)
            for span in positiveSpans { writer.writeMessage(11, span) }
            writer.writePacked(12, positiveDeltas, ProtobufWriter.zigzag64)
            writer.writePackedDoubles(13, positiveCounts)
            if resetHint.rawValue != 0 { writer.writeInt32(14, resetHint.rawValue) }
            if timestamp != 0 { writer.writeInt64(15, timestamp) }
            writer.writePackedDoubles(16, customValues)
        }
    }

    /// A run of consecutive buckets in a native histogram (`prometheus.BucketSpan`).
    public struct BucketSpan: ProtobufMessage {
        /// Gap to the previous span, or the index of the first bucket for the first span.
        public var offset: Int32
        /// Number of consecutive buckets.
        public var length: UInt32

        public init() {
            offset = 0
            length = 0
        }

        public init(offset: Int32, length: UInt32) {
            self.offset = offset
            self.length = length
        }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: offset = try reader.readSInt32(tag)
                case 2: length = try reader.readUInt32(tag)
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            if offset != 0 { writer.writeSInt32(1, offset) }
            if length != 0 { writer.writeVarintField(2, UInt64(length)) }
        }
    }
}
