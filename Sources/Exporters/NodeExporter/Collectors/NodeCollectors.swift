/// The collectors of this build; each collector adds itself here.
enum NodeCollectors {
    static let all: [any NodeCollector.Type] = [
        ARPCollector.self,
        ConntrackCollector.self,
        DiskstatsCollector.self,
        FilesystemCollector.self,
        LoadavgCollector.self,
        NetdevCollector.self,
        NetstatCollector.self,
        SockstatCollector.self,
        UDPQueuesCollector.self,
    ]
}
