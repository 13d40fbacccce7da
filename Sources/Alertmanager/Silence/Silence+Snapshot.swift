import ArgusCore
import GoTemplate

/// A silence's record in the silence snapshot (see ``SnapshotFile``):
///
/// ```
/// payload = id:string matcherCount:u32 matcher* startsAt:time endsAt:time
///           updatedAt:time createdBy:string comment:string
/// matcher = type:u8 (0 =, 1 !=, 2 =~, 3 !~) name:string value:string
/// ```
extension Silence: SnapshotRecord {
    static let snapshotMagic: [UInt8] = Array("ARGUSSL".utf8) + [1]
    static let recordName = "silence"

    private static let matchTypes: [Matcher.MatchType] = [.equal, .notEqual, .regexMatch, .regexNoMatch]

    func encode(to encoder: inout SnapshotEncoder) {
        encoder.string(id)
        encoder.uint32(UInt32(matchers.count))
        for matcher in matchers {
            encoder.uint8(UInt8(Self.matchTypes.firstIndex(of: matcher.type) ?? 0))
            encoder.string(matcher.name)
            encoder.string(matcher.value)
        }
        encoder.time(startsAt)
        encoder.time(endsAt)
        encoder.time(updatedAt)
        encoder.string(createdBy)
        encoder.string(comment)
    }

    static func decode(from decoder: inout SnapshotDecoder) throws(SnapshotDecoder.Failure) -> Silence {
        let id = try decoder.string("id")
        let count = Int(try decoder.uint32("matcher count"))
        var matchers: [Matcher] = []
        for _ in 0..<count {
            let typeOffset = decoder.offset
            let rawType = Int(try decoder.uint8("matcher type"))
            guard rawType < matchTypes.count else {
                throw SnapshotDecoder.Failure(offset: typeOffset, reason: "unknown matcher type \(rawType)")
            }
            let name = try decoder.string("matcher name")
            let valueOffset = decoder.offset
            let value = try decoder.string("matcher value")
            do {
                matchers.append(try Matcher(matchTypes[rawType], name, value))
            } catch {
                throw SnapshotDecoder.Failure(offset: valueOffset, reason: error.message)
            }
        }
        return Silence(
            id: id,
            matchers: matchers,
            startsAt: try decoder.time("start time"),
            endsAt: try decoder.time("end time"),
            updatedAt: try decoder.time("update time"),
            createdBy: try decoder.string("creator"),
            comment: try decoder.string("comment"))
    }
}
