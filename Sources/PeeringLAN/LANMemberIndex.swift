import Members
import PacketCapture

/// The member list turned into integer-keyed lookups for the analyser.
struct LANMemberIndex {
    /// ASN of each member, by member index.
    let asns: [UInt32]
    /// Whether each member (by index) has any MAC listed.
    let hasMACs: [Bool]
    /// Whether each member (by index) is a route server.
    let isRouteServer: [Bool]
    /// Each member's addresses, by index.
    let addresses: [[IPAddress]]
    let byMAC: LANHashTable<MACAddress, Int>
    let byAddress: LANHashTable<IPAddress, Int>
    /// Route-server addresses: those of route-server members plus configured ones.
    let routeServerAddresses: Set<IPAddress>

    init(registry: MemberRegistry, configuration: PeeringLANConfiguration) {
        var asns: [UInt32] = []
        var hasMACs: [Bool] = []
        var isRouteServer: [Bool] = []
        var addresses: [[IPAddress]] = []
        var byMAC = LANHashTable<MACAddress, Int>(limit: Int.max, placeholderKey: MACAddress(rawValue: 0), placeholderValue: -1)
        var byAddress = LANHashTable<IPAddress, Int>(limit: Int.max, placeholderKey: .zero, placeholderValue: -1)
        var routeServers = Set(configuration.routeServerAddresses.compactMap { IPAddress($0) })
        for (index, member) in registry.members.enumerated() {
            let macs = member.macAddresses.compactMap { MACAddress($0) }
            let ips = (member.ipv4Addresses + member.ipv6Addresses).compactMap { IPAddress($0) }
            let routeServer = member.isRouteServer || configuration.routeServerASNs.contains(member.asn)
            asns.append(member.asn)
            hasMACs.append(!macs.isEmpty)
            isRouteServer.append(routeServer)
            addresses.append(ips)
            for mac in macs where !byMAC.contains(mac) { _ = byMAC.insert(mac, index) }
            for ip in ips where !byAddress.contains(ip) { _ = byAddress.insert(ip, index) }
            if routeServer { routeServers.formUnion(ips) }
        }
        self.asns = asns
        self.hasMACs = hasMACs
        self.isRouteServer = isRouteServer
        self.addresses = addresses
        self.byMAC = byMAC
        self.byAddress = byAddress
        self.routeServerAddresses = routeServers
    }

    /// True when any member lists a MAC (so `unknown_mac` makes sense).
    var knowsMACs: Bool { !byMAC.isEmpty }

    /// The member index owning `mac`, or nil.
    @inline(__always)
    func member(mac: MACAddress) -> Int? { byMAC.value(for: mac) }

    /// The member index owning `ip`, or nil.
    @inline(__always)
    func member(ip: IPAddress) -> Int? { byAddress.value(for: ip) }
}
