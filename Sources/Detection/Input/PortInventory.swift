public import TimeSeries
import IXPCore

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
        var receiveKeys: [SeriesKey] = []
        ports.reserveCapacity(keys.count)
        receiveKeys.reserveCapacity(keys.count)
        for key in keys {
            guard let switchName = key[label: "switch"], let interface = key[label: "interface"] else { continue }
            let asn = key[label: "member_asn"].flatMap { UInt32($0) }
            ports.append(MonitoredPort(switchName: switchName, interface: interface, memberASN: asn))
            receiveKeys.append(key)
        }
        // The newest sample of each port's series, a few hundred ports per lock round trip: the
        // received bytes as stored (when it was last polled), its speed and status.
        let names = [StoreSeries.speed, StoreSeries.up, StoreSeries.adminUp]
        var first = 0
        while first < ports.count {
            let last = min(ports.count, first + 256)
            let latest = store.latest((first..<last).flatMap { index in [receiveKeys[index]] + names.map(ports[index].key(StoreSeries.receiveBytes).renamed) })
            for index in first..<last {
                let base = (index - first) * (names.count + 1)
                func fresh(_ offset: Int) -> Double? {
                    guard let latest = latest[base + offset], !latest.value.isNaN, latest.timestamp >= now - staleAfter else { return nil }
                    return latest.value
                }
                ports[index].lastSample = latest[base]?.timestamp
                if let speed = latest[base + 1], speed.value.isFinite, speed.value > 0 {
                    ports[index].speedBytesPerSecond = speed.value  // speed stays known from the last poll
                }
                ports[index].up = fresh(2).map { $0 >= 0.5 }
                ports[index].adminUp = fresh(3).map { $0 >= 0.5 }
            }
            first = last
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
