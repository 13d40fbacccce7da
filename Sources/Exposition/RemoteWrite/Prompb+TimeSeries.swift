extension Prompb {
    /// A label name and value (`prometheus.Label`).
    public struct Label: ProtobufMessage {
        public var name: String
        public var value: String

        public init() {
            name = ""
            value = ""
        }

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: name = try reader.readString(tag)
                case 2: value = try reader.readString(tag)
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            if !name.isEmpty { writer.writeString(1, name) }
            if !value.isEmpty { writer.writeString(2, value) }
        }
    }

    /// One float sample (`prometheus.Sample`).
    public struct Sample: ProtobufMessage {
        public var value: Double
        /// Milliseconds since the Unix epoch.
        public var timestamp: Int64

        public init() {
            value = 0
            timestamp = 0
        }

        public init(value: Double, timestamp: Int64) {
            self.value = value
            self.timestamp = timestamp
        }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: value = try reader.readDouble(tag)
                case 2: timestamp = try reader.readInt64(tag)
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            if value != 0 { writer.writeDouble(1, value) }
            if timestamp != 0 { writer.writeInt64(2, timestamp) }
        }
    }

    /// An exemplar attached to a series (`prometheus.Exemplar`).
    public struct Exemplar: ProtobufMessage {
        /// Optional, may be empty.
        public var labels: [Label]
        public var value: Double
        /// Milliseconds since the Unix epoch.
        public var timestamp: Int64

        public init() {
            labels = []
            value = 0
            timestamp = 0
        }

        public init(labels: [Label], value: Double, timestamp: Int64) {
            self.labels = labels
            self.value = value
            self.timestamp = timestamp
        }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: labels.append(try reader.readMessage(tag))
                case 2: value = try reader.readDouble(tag)
                case 3: timestamp = try reader.readInt64(tag)
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            for label in labels { writer.writeMessage(1, label) }
            if value != 0 { writer.writeDouble(2, value) }
            if timestamp != 0 { writer.writeInt64(3, timestamp) }
        }
    }

    /// One series with its samples (`prometheus.TimeSeries`).
    public struct TimeSeries: ProtobufMessage {
        /// Required for the series to be valid; should be sorted by name.
        public var labels: [Label]
        /// Ordered by timestamp.
        public var samples: [Sample]
        public var exemplars: [Exemplar]
        /// Native histogram samples.
        public var histograms: [Histogram]

        public init() {
            labels = []
            samples = []
            exemplars = []
            histograms = []
        }

        public init(
            labels: [Label],
            samples: [Sample] = [],
            exemplars: [Exemplar] = [],
            histograms: [Histogram] = []
        ) {
            self.labels = labels
            self.samples = samples
            self.exemplars = exemplars
            self.histograms = histograms
        }

        public mutating func merge(from reader: inout ProtobufReader) throws(WireFormatError) {
            while !reader.isAtEnd {
                let tag = try reader.readTag()
                switch tag.fieldNumber {
                case 1: labels.append(try reader.readMessage(tag))
                case 2: samples.append(try reader.readMessage(tag))
                case 3: exemplars.append(try reader.readMessage(tag))
                case 4: histograms.append(try reader.readMessage(tag))
                default: try reader.skip(tag)
                }
            }
        }

        public func encode(to writer: inout ProtobufWriter) {
            for label in labels { writer.writeMessage(1, label) }
            for sample in samples { writer.writeMessage(2, sample) }
            for exemplar in exemplars { writer.writeMessage(3, exemplar) }
            for histogram in histograms { writer.writeMessage(4, histogram) }
        }
    }
}
