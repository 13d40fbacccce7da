/// `bonding`: the configured and active (MII status `up`) slaves of each
/// bonding interface listed in `/sys/class/net/bonding_masters`.
struct BondingCollector: NodeCollector {
    static let name = "bonding"
    static let enabledByDefault = true

    private let paths: NodePaths

    init(environment: NodeEnvironment) {
        paths = environment.paths
    }

    func update(_ metrics: inout NodeMetrics) throws {
        let netPath = paths.sys("class", "net")
        var masters: [String: (slaves: Int, active: Int)] = [:]
        do {
            let names = try HostFiles.readText(netPath + "/bonding_masters")
            for master in GoText.fields(Substring(names)) {
                let masterPath = netPath + "/" + master
                let slaves = try HostFiles.readText(masterPath + "/bonding/slaves")
                var counts = (slaves: 0, active: 0)
                for slave in GoText.fields(Substring(slaves)) {
                    let status = try Self.miiStatus(masterPath, slave: slave)
                    counts.slaves += 1
                    if GoText.trimSpace(Substring(status)) == "up" { counts.active += 1 }
                }
                masters[String(master)] = counts
            }
        } catch {
            if error.isFileNotFound { throw NodeCollectorError.noData("no bonding in \(netPath)") }
            throw error
        }
        for (master, counts) in masters {
            metrics.add(
                "node_bonding_slaves", help: "Number of configured slaves per bonding interface.", type: .gauge,
                labels: ["master": master], value: Double(counts.slaves))
            metrics.add(
                "node_bonding_active", help: "Number of active slaves per bonding interface.", type: .gauge,
                labels: ["master": master], value: Double(counts.active))
        }
    }

    /// The slave's `mii_status`, through its `lower_` link or, on older
    /// kernels, its `slave_` link.
    private static func miiStatus(_ masterPath: String, slave: Substring) throws(NodeCollectorError) -> String {
        do {
            return try HostFiles.readText(masterPath + "/lower_\(slave)/bonding_slave/mii_status")
        } catch {
            guard error.isFileNotFound else { throw error }
            return try HostFiles.readText(masterPath + "/slave_\(slave)/bonding_slave/mii_status")
        }
    }
}
