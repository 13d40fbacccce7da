extension Prompb {
    /// The `SAMPLES` response to a remote-read request (`prometheus.ReadResponse`), before Snappy.
    public struct ReadResponse: ProtobufMessage {
        /// One result per query, in the order of the request's queries.
        public var results: [QueryResult]

        public init() { results = [] }

        public init(results: [QueryResult]) { self.results = results }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: results.append(try reader.readMessage(tag))
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            for result in results { writer.writeMessage(1, result) }
        }
    }

    /// The series matching one query (`prometheus.QueryResult`).
    public struct QueryResult: ProtobufMessage {
        /// Samples within each series are ordered by time.
        public var timeseries: [TimeSeries]

        public init() { timeseries = [] }

        public init(timeseries: [TimeSeries]) { self.timeseries = timeseries }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: timeseries.append(try reader.readMessage(tag))
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            for series in timeseries { writer.writeMessage(1, series) }
        }
    }

    /// One frame of a `STREAMED_XOR_CHUNKS` remote-read response (`prometheus.ChunkedReadResponse`).
    public struct ChunkedReadResponse: ProtobufMessage {
        public var chunkedSeries: [ChunkedSeries]
        /// Index of the query in ``ReadRequest/queries`` that these series answer.
        public var queryIndex: Int64

        public init() {
            chunkedSeries = []
            queryIndex = 0
        }

        public init(chunkedSeries: [ChunkedSeries], queryIndex: Int64) {
            self.chunkedSeries = chunkedSeries
            self.queryIndex = queryIndex
        }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: chunkedSeries.append(try reader.readMessage(tag))
                case 2: queryIndex = try reader.readInt64(tag)
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            for series in chunkedSeries { writer.writeMessage(1, series) }
            if queryIndex != 0 { writer.writeInt64(2, queryIndex) }
        }
    }

    /// A series with its encoded chunks (`prometheus.ChunkedSeries`).
    public struct ChunkedSeries: ProtobufMessage {
        /// Sorted by name.
        public var labels: [Label]
        /// In start-time order; chunks may overlap.
        public var chunks: [Chunk]

        public init() {
            labels = []
            chunks = []
        }

        public init(labels: [Label], chunks: [Chunk]) {
            self.labels = labels
            self.chunks = chunks
        }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: labels.append(try reader.readMessage(tag))
                case 2: chunks.append(try reader.readMessage(tag))
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            for label in labels { writer.writeMessage(1, label) }
            for chunk in chunks { writer.writeMessage(2, chunk) }
        }
    }

    /// One encoded TSDB chunk (`prometheus.Chunk`).
    public struct Chunk: ProtobufMessage {
        /// The chunk encoding (`Chunk.Encoding`), matching the TSDB's chunk encodings.
        public struct Encoding: RawRepresentable, Hashable, Sendable {
            public var rawValue: Int32
            public init(rawValue: Int32) { self.rawValue = rawValue }

            public static let unknown = Encoding(rawValue: 0)
            public static let xor = Encoding(rawValue: 1)
            public static let histogram = Encoding(rawValue: 2)
            public static let floatHistogram = Encoding(rawValue: 3)
            public static let xor2 = Encoding(rawValue: 4)
            public static let histogramST = Encoding(rawValue: 5)
            public static let floatHistogramST = Encoding(rawValue: 6)
        }

        public var minTimeMs: Int64
        public var maxTimeMs: Int64
        public var type: Encoding
        public var data: [UInt8]

        public init() {
            minTimeMs = 0
            maxTimeMs = 0
            type = .unknown
            data = []
        }

        public init(minTimeMs: Int64, maxTimeMs: Int64, type: Encoding, data: [UInt8]) {
            self.minTimeMs = minTimeMs
            self.maxTimeMs = maxTimeMs
            self.type = type
            self.data = data
        }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: minTimeMs = try reader.readInt64(tag)
                case 2: maxTimeMs = try reader.readInt64(tag)
                case 3: type = Encoding(rawValue: try reader.readInt32(tag))
                case 4: data = try reader.readBytes(tag)
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            if minTimeMs != 0 { writer.writeInt64(1, minTimeMs) }
            if maxTimeMs != 0 { writer.writeInt64(2, maxTimeMs) }
            if type.rawValue != 0 { writer.writeInt32(3, type.rawValue) }
            if !data.isEmpty { writer.writeBytes(4, data) }
        }
    }
}
