import TimeSeries

/// Every port the store has traffic for, with its newest speed and status.
public struct PortInventory: Sendable {
    /// All ports, sorted by switch and interface.
    public var ports: [MonitoredPort]

    /// An inventory of `ports`.
    public init(ports: [MonitoredPort]) {
        self.ports = ports
    }

    /// Reads the ports from `store`: every series of received bytes is a port. A status older
    /// than `staleAfter` seconds before `now` is unknown (its probe has stopped).
    public static func load(from store: TimeSeriesStore, now: Double, staleAfter: Double) -> PortInventory {
        let keys = store.keys(matching: SeriesSelector(name: StoreSeries.receiveBytes))
        var ports: [MonitoredPort] = []
        ports.reserveCapacity(keys.count)
        for key in keys {
            guard let switchName = key[label: "switch"], let interface = key[label: "interface"] else { continue }
            let asn = key[label: "member_asn"].flatMap { UInt32($0) }
            var port = MonitoredPort(switchName: switchName, interface: interface, memberASN: asn)
            port.lastSample = store.lastTimestamp(of: key)
            func fresh(_ name: String) -> Double? {
                guard let latest = store.latest(port.key(name)), !latest.value.isNaN,
                      latest.timestamp >= now - staleAfter else { return nil }
                return latest.value
            }
            if let latest = store.latest(port.key(StoreSeries.speed)), latest.value.isFinite, latest.value > 0 {
                port.speedBytesPerSecond = latest.value  // speed stays known from the last poll
            }
            port.up = fresh(StoreSeries.up).map { $0 >= 0.5 }
            port.adminUp = fresh(StoreSeries.adminUp).map { $0 >= 0.5 }
            ports.append(port)
        }
        return PortInventory(ports: ports)
    }

    /// Ports that belong to a member.
    public var memberPorts: [MonitoredPort] { ports.filter { $0.memberASN != nil } }

    /// Member ports grouped by member ASN.
    public var portsByMember: [UInt32: [MonitoredPort]] {
        Dictionary(grouping: memberPorts) { $0.memberASN ?? 0 }
    }
}
