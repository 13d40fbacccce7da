import ArgusCore
import ArgusHTTP

extension JSONWriter {
    /// An API v2 `gettableAlert`, with go-swagger's key order.
    mutating func gettableAlert(_ alert: Alert, status: AlertStatus, receivers: [String]) {
        raw("{\"annotations\":")
        labels(alert.annotations)
        raw(",\"endsAt\":")
        string(alert.endsAt.rfc3339Milli)
        raw(",\"fingerprint\":")
        string(alert.fingerprint.description)
        raw(",\"receivers\":[")
        for (index, receiver) in receivers.enumerated() {
            if index > 0 { byte(UInt8(ascii: ",")) }
            raw("{\"name\":")
            string(receiver)
            byte(UInt8(ascii: "}"))
        }
        raw("],\"startsAt\":")
        string(alert.startsAt.rfc3339Milli)
        raw(",\"status\":{\"inhibitedBy\":")
        strings(status.inhibitedBy)
        raw(",\"silencedBy\":")
        strings(status.silencedBy)
        raw(",\"state\":")
        string(status.state.rawValue)
        raw("},\"updatedAt\":")
        string(alert.updatedAt.rfc3339Milli)
        if !alert.generatorURL.isEmpty {
            raw(",\"generatorURL\":")
            string(alert.generatorURL)
        }
        raw(",\"labels\":")
        labels(alert.labels)
        byte(UInt8(ascii: "}"))
    }
}
