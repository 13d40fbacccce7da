extension Prompb {
    /// The body of a remote-write 1.0 request (`prometheus.WriteRequest`), before Snappy.
    public struct WriteRequest: ProtobufMessage {
        public var timeseries: [TimeSeries]
        public var metadata: [MetricMetadata]

        public init() {
            timeseries = []
            metadata = []
        }

        public init(timeseries: [TimeSeries], metadata: [MetricMetadata] = []) {
            self.timeseries = timeseries
            self.metadata = metadata
        }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: timeseries.append(try reader.readMessage(tag))
                case 3: metadata.append(try reader.readMessage(tag))
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            for series in timeseries { writer.writeMessage(1, series) }
            for entry in metadata { writer.writeMessage(3, entry) }
        }
    }

    /// Type, help and unit of a metric family (`prometheus.MetricMetadata`).
    public struct MetricMetadata: ProtobufMessage {
        /// The metric type (`MetricMetadata.MetricType`).
        public struct MetricType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
            public var rawValue: Int32
            public init(rawValue: Int32) { self.rawValue = rawValue }

            public static let unknown = MetricType(rawValue: 0)
            public static let counter = MetricType(rawValue: 1)
            public static let gauge = MetricType(rawValue: 2)
            public static let histogram = MetricType(rawValue: 3)
            public static let gaugeHistogram = MetricType(rawValue: 4)
            public static let summary = MetricType(rawValue: 5)
            public static let info = MetricType(rawValue: 6)
            public static let stateSet = MetricType(rawValue: 7)

            /// The upstream enum name (`COUNTER`, …), or the number for values without one.
            public var description: String {
                let names = [
                    "UNKNOWN", "COUNTER", "GAUGE", "HISTOGRAM", "GAUGEHISTOGRAM", "SUMMARY", "INFO", "STATESET",
                ]
                return names.indices.contains(Int(rawValue)) ? names[Int(rawValue)] : String(rawValue)
            }
        }

        public var type: MetricType
        public var metricFamilyName: String
        public var help: String
        public var unit: String

        public init() {
            type = .unknown
            metricFamilyName = ""
            help = ""
            unit = ""
        }

        public init(type: MetricType, metricFamilyName: String, help: String = "", unit: String = "") {
            self.type = type
            self.metricFamilyName = metricFamilyName
            self.help = help
            self.unit = unit
        }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: type = MetricType(rawValue: try reader.readInt32(tag))
                case 2: metricFamilyName = try reader.readString(tag)
                case 4: help = try reader.readString(tag)
                case 5: unit = try reader.readString(tag)
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            if type.rawValue != 0 { writer.writeInt32(1, type.rawValue) }
            if !metricFamilyName.isEmpty { writer.writeString(2, metricFamilyName) }
            if !help.isEmpty { writer.writeString(4, help) }
            if !unit.isEmpty { writer.writeString(5, unit) }
        }
    }
}
