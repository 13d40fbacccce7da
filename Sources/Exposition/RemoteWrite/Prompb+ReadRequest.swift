extension Prompb {
    /// The body of a remote-read request (`prometheus.ReadRequest`), before Snappy.
    public struct ReadRequest: ProtobufMessage {
        /// The response formats a client accepts (`ReadRequest.ResponseType`).
        public struct ResponseType: RawRepresentable, Hashable, Sendable {
            public var rawValue: Int32
            public init(rawValue: Int32) { self.rawValue = rawValue }

            /// One Snappy-compressed ``ReadResponse`` holding raw samples.
            public static let samples = ResponseType(rawValue: 0)
            /// A stream of ``ChunkedReadResponse`` frames holding encoded chunks.
            public static let streamedXORChunks = ResponseType(rawValue: 1)
        }

        public var queries: [Query]
        /// In order of preference; empty means ``ResponseType/samples``.
        public var acceptedResponseTypes: [ResponseType]

        public init() {
            queries = []
            acceptedResponseTypes = []
        }

        public init(queries: [Query], acceptedResponseTypes: [ResponseType] = []) {
            self.queries = queries
            self.acceptedResponseTypes = acceptedResponseTypes
        }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: queries.append(try reader.readMessage(tag))
                case 2:
                    try reader.readRepeatedVarint(tag) {
                        acceptedResponseTypes.append(ResponseType(rawValue: Int32(truncatingIfNeeded: $0)))
                    }
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            for query in queries { writer.writeMessage(1, query) }
            writer.writePacked(2, acceptedResponseTypes) { UInt64(bitPattern: Int64($0.rawValue)) }
        }
    }

    /// One selection of a remote-read request (`prometheus.Query`).
    public struct Query: ProtobufMessage {
        public var startTimestampMs: Int64
        public var endTimestampMs: Int64
        public var matchers: [LabelMatcher]
        public var hints: ReadHints?

        public init() {
            startTimestampMs = 0
            endTimestampMs = 0
            matchers = []
            hints = nil
        }

        public init(startTimestampMs: Int64, endTimestampMs: Int64, matchers: [LabelMatcher], hints: ReadHints? = nil) {
            self.startTimestampMs = startTimestampMs
            self.endTimestampMs = endTimestampMs
            self.matchers = matchers
            self.hints = hints
        }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: startTimestampMs = try reader.readInt64(tag)
                case 2: endTimestampMs = try reader.readInt64(tag)
                case 3: matchers.append(try reader.readMessage(tag))
                case 4:
                    var merged = hints ?? ReadHints()
                    try reader.readMessage(tag, into: &merged)
                    hints = merged
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            if startTimestampMs != 0 { writer.writeInt64(1, startTimestampMs) }
            if endTimestampMs != 0 { writer.writeInt64(2, endTimestampMs) }
            for matcher in matchers { writer.writeMessage(3, matcher) }
            if let hints { writer.writeMessage(4, hints) }
        }
    }

    /// A label matcher of a remote-read query (`prometheus.LabelMatcher`).
    public struct LabelMatcher: ProtobufMessage {
        /// The match operator (`LabelMatcher.Type`).
        public struct MatchType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
            public var rawValue: Int32
            public init(rawValue: Int32) { self.rawValue = rawValue }

            /// `=`
            public static let equal = MatchType(rawValue: 0)
            /// `!=`
            public static let notEqual = MatchType(rawValue: 1)
            /// `=~`
            public static let regexMatch = MatchType(rawValue: 2)
            /// `!~`
            public static let regexNoMatch = MatchType(rawValue: 3)

            /// The upstream enum name (`EQ`, `NEQ`, `RE`, `NRE`), or the number for other values.
            public var description: String {
                let names = ["EQ", "NEQ", "RE", "NRE"]
                return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : String(rawValue)
            }
        }

        public var type: MatchType
        public var name: String
        public var value: String

        public init() {
            type = .equal
            name = ""
            value = ""
        }

        public init(type: MatchType, name: String, value: String) {
            self.type = type
            self.name = name
            self.value = value
        }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: type = MatchType(rawValue: try reader.readInt32(tag))
                case 2: name = try reader.readString(tag)
                case 3: value = try reader.readString(tag)
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            if type.rawValue != 0 { writer.writeInt32(1, type.rawValue) }
            if !name.isEmpty { writer.writeString(2, name) }
            if !value.isEmpty { writer.writeString(3, value) }
        }
    }

    /// What the PromQL engine will do with a selection (`prometheus.ReadHints`).
    public struct ReadHints: ProtobufMessage {
        /// Query step in milliseconds.
        public var stepMs: Int64
        /// The surrounding function or aggregation (`func` in the `.proto`).
        public var function: String
        public var startMs: Int64
        public var endMs: Int64
        /// Label names of the aggregation's `by` or `without` clause.
        public var grouping: [String]
        /// Whether ``grouping`` is a `by` (true) or `without` (false) list.
        public var by: Bool
        /// Range of the range-vector selector in milliseconds.
        public var rangeMs: Int64

        public init() {
            stepMs = 0
            function = ""
            startMs = 0
            endMs = 0
            grouping = []
            by = false
            rangeMs = 0
        }

        public init(
            stepMs: Int64 = 0,
            function: String = "",
            startMs: Int64 = 0,
            endMs: Int64 = 0,
            grouping: [String] = [],
            by: Bool = false,
            rangeMs: Int64 = 0
        ) {
            self.stepMs = stepMs
            self.function = function
            self.startMs = startMs
            self.endMs = endMs
            self.grouping = grouping
            self.by = by
            self.rangeMs = rangeMs
        }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: stepMs = try reader.readInt64(tag)
                case 2: function = try reader.readString(tag)
                case 3: startMs = try reader.readInt64(tag)
                case 4: endMs = try reader.readInt64(tag)
                case 5: grouping.append(try reader.readString(tag))
                case 6: by = try reader.readBool(tag)
                case 7: rangeMs = try reader.readInt64(tag)
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            if stepMs != 0 { writer.writeInt64(1, stepMs) }
            if !function.isEmpty { writer.writeString(2, function) }
            if startMs != 0 { writer.writeInt64(3, startMs) }
            if endMs != 0 { writer.writeInt64(4, endMs) }
            for name in grouping { writer.writeString(5, name) }
            if by { writer.writeBool(6, by) }
            if rangeMs != 0 { writer.writeInt64(7, rangeMs) }
        }
    }
}
