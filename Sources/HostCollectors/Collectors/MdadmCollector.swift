import ArgusCore

/// `mdadm`: the software RAID arrays of `/proc/mdstat`: state, disk counts
/// and (re)sync progress in blocks.
struct MdadmCollector: NodeCollector {
    static let name = "mdadm"
    static let enabledByDefault = true

    private let paths: NodePaths
    private let parser: MDStatParser

    init(environment: NodeEnvironment) throws {
        paths = environment.paths
        parser = try MDStatParser()
    }

    func update(_ metrics: inout NodeMetrics) throws {
        guard HostFiles.isDirectory(paths.procfs) else {
            throw NodeCollectorError.unreadable(path: paths.procfs, reason: "not a directory")
        }
        let path = paths.proc("mdstat")
        let text: String
        do {
            text = try HostFiles.readText(path)
        } catch {
            if error.isFileNotFound { throw NodeCollectorError.noData("no \(path)") }
            throw error
        }
        for array in try parser.parse(text, path: path) {
            let device = String(array.name)
            metrics.add(
                "node_md_disks_required", help: "Total number of disks of device.", type: .gauge,
                labels: ["device": device], value: Double(array.disksTotal))
            for (state, count) in [
                ("active", array.disksActive), ("failed", array.disksFailed), ("spare", array.disksSpare),
            ] {
                metrics.add(
                    "node_md_disks", help: "Number of active/failed/spare disks of device.", type: .gauge,
                    labels: ["device": device, "state": state], value: Double(count))
            }
            for (state, activity) in [
                ("active", "active"), ("inactive", "inactive"), ("recovering", "recovering"), ("resync", "resyncing"),
                ("check", "checking"),
            ] {
                metrics.add(
                    "node_md_state", help: "Indicates the state of md-device.", type: .gauge,
                    labels: ["device": device, "state": state], value: array.activityState == activity ? 1 : 0)
            }
            metrics.add(
                "node_md_blocks", help: "Total number of blocks on device.", type: .gauge, labels: ["device": device],
                value: Double(array.blocksTotal))
            metrics.add(
                "node_md_blocks_synced", help: "Number of blocks synced on device.", type: .gauge,
                labels: ["device": device], value: Double(array.blocksSynced))
        }
    }
}

/// One array of `/proc/mdstat`.
private struct MDStat {
    var name: Substring
    /// `active`, `inactive`, or while syncing `recovering`, `resyncing`, `checking`.
    var activityState: Substring
    var disksActive: Int64
    var disksTotal: Int64
    var disksFailed: Int64
    var disksSpare: Int64
    var blocksTotal: Int64
    var blocksSynced: Int64
}

/// `/proc/mdstat` read the way procfs v0.8.0 reads it: a line per array,
/// then its status line, an optional bitmap line and a sync progress line.
private struct MDStatParser {
    private let statusLine: RE2
    private let recoveryBlocks: RE2
    private let recoveryPercent: RE2
    private let recoveryFinish: RE2
    private let recoverySpeed: RE2

    init() throws {
        statusLine = try RE2(#"(\d+) blocks .*\[(\d+)/(\d+)\] \[([U_]+)\]"#)
        recoveryBlocks = try RE2(#"\((\d+)/\d+\)"#)
        recoveryPercent = try RE2("= (.+)%")
        recoveryFinish = try RE2("finish=(.+)min")
        recoverySpeed = try RE2("speed=(.+)[A-Z]")
    }

    func parse(_ text: String, path: String) throws(NodeCollectorError) -> [MDStat] {
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map(Substring.init)
        var arrays: [MDStat] = []
        for (index, line) in lines.enumerated() {
            if GoText.trimSpace(line).isEmpty || line.utf8.first == UInt8(ascii: " ")
                || line.utf8.starts(with: "Personalities".utf8)
                || line.utf8.starts(with: "unused".utf8)
            {
                continue
            }
            func fail(_ offset: Int, _ reason: String) -> NodeCollectorError {
                .malformed(path: path, line: index + offset + 1, reason: reason)
            }
            let fields = GoText.fields(line)
            guard fields.count >= 3 else { throw fail(0, "not enough fields in mdline (expected at least 3): \(line)") }
            let name = fields[0]
            var state = fields[2]
            guard lines.count > index + 3 else { throw fail(0, "too few lines for md device \(name)") }

            let failed = Int64(Self.count("(F)", in: line))
            let spare = Int64(Self.count("(S)", in: line))
            guard let status = evalStatusLine(device: line, status: lines[index + 1]) else {
                throw fail(1, "unexpected status line: \(lines[index + 1])")
            }

            var syncIndex = index + 2
            if Self.count("bitmap", in: lines[syncIndex]) > 0 { syncIndex += 1 }
            let syncLine = lines[syncIndex]
            var synced = status.size
            let recovering = Self.count("recovery", in: syncLine) > 0
            let resyncing = Self.count("resync", in: syncLine) > 0
            let checking = Self.count("check", in: syncLine) > 0
            if recovering || resyncing || checking {
                state = recovering ? "recovering" : checking ? "checking" : "resyncing"
                if Self.count("PENDING", in: syncLine) > 0 || Self.count("DELAYED", in: syncLine) > 0 {
                    synced = 0
                } else {
                    guard let blocks = evalRecoveryLine(syncLine) else {
                        throw .malformed(
                            path: path, line: syncIndex + 1, reason: "unexpected sync line in md device \(name)")
                    }
                    synced = blocks
                }
            }
            arrays.append(
                MDStat(
                    name: name, activityState: state, disksActive: status.active, disksTotal: status.total,
                    disksFailed: failed, disksSpare: spare, blocksTotal: status.size, blocksSynced: synced))
        }
        return arrays
    }

    /// Disks and size from an array's line and status line; nil when they don't parse.
    private func evalStatusLine(device: Substring, status: Substring) -> (active: Int64, total: Int64, size: Int64)? {
        guard let sizeField = GoText.fields(status).first, let size = GoText.parseInt(sizeField) else { return nil }
        if Self.count("raid0", in: device) > 0 || Self.count("linear", in: device) > 0 {
            // Only member disks carry a `[n]` on these lines.
            let disks = Int64(Self.count("[", in: device))
            return (disks, disks, size)
        }
        if Self.count("inactive", in: device) > 0 { return (0, 0, size) }
        guard let groups = statusLine.firstMatchGroups(in: String(status)), groups.count == 5,
            let totalText = groups[2], let total = GoText.parseInt(totalText), let activeText = groups[3],
            let active = GoText.parseInt(activeText)
        else { return nil }
        return (active, total, size)
    }

    /// The blocks synced so far from a progress line; nil when the line
    /// lacks any of blocks, percentage, finish time or speed.
    private func evalRecoveryLine(_ line: Substring) -> Int64? {
        let text = String(line)
        guard let blocks = recoveryBlocks.firstMatchGroups(in: text)?[1], let synced = GoText.parseInt(blocks),
            let percent = recoveryPercent.firstMatchGroups(in: text)?[1],
            GoText.parseFloat(GoText.trimSpace(percent)) != nil,
            let finish = recoveryFinish.firstMatchGroups(in: text)?[1], GoText.parseFloat(finish) != nil,
            let speed = recoverySpeed.firstMatchGroups(in: text)?[1], GoText.parseFloat(speed) != nil
        else { return nil }
        return synced
    }

    /// Go's `strings.Count` for a non-empty `needle`: non-overlapping occurrences, byte-wise.
    private static func count(_ needle: String, in line: Substring) -> Int {
        let haystack = Array(line.utf8)
        let pattern = Array(needle.utf8)
        var found = 0
        var index = 0
        while index + pattern.count <= haystack.count {
            if haystack[index..<(index + pattern.count)].elementsEqual(pattern) {
                found += 1
                index += pattern.count
            } else {
                index += 1
            }
        }
        return found
    }
}
