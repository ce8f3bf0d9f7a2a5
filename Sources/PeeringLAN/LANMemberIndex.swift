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
    /// Every distinct MAC of the list, in list order: the analyser keeps one frame counter per
    /// entry (by the entry's position, see `macSlot(_:)`), so per-MAC counting is bounded by
    /// the list, whatever junk MACs the LAN carries.
    let macs: [MACAddress]
    /// The member index owning each entry of `macs`.
    let macOwners: [Int]
    /// The position of each listed MAC in `macs`.
    let macSlots: LANHashTable<MACAddress, Int>
    let byAddress: LANHashTable<IPAddress, Int>
    /// Route-server addresses: those of route-server members plus configured ones.
    let routeServerAddresses: Set<IPAddress>

    init(registry: MemberRegistry, configuration: PeeringLANConfiguration) {
        var asns: [UInt32] = []
        var hasMACs: [Bool] = []
        var isRouteServer: [Bool] = []
        var addresses: [[IPAddress]] = []
        var byAddress = LANHashTable<IPAddress, Int>(limit: Int.max, placeholderKey: .zero, placeholderValue: -1)
        var macSlots = LANHashTable<MACAddress, Int>(limit: Int.max, placeholderKey: MACAddress(rawValue: 0), placeholderValue: -1)
        var listedMACs: [MACAddress] = []
        var macOwners: [Int] = []
        var routeServers = Set(configuration.routeServerAddresses.compactMap { IPAddress($0) })
        for (index, member) in registry.members.enumerated() {
            let macs = member.macAddresses.compactMap { MACAddress($0) }
            let ips = (member.ipv4Addresses + member.ipv6Addresses).compactMap { IPAddress($0) }
            let routeServer = member.isRouteServer || configuration.routeServerASNs.contains(member.asn)
            asns.append(member.asn)
            hasMACs.append(!macs.isEmpty)
            isRouteServer.append(routeServer)
            addresses.append(ips)
            for mac in macs where !macSlots.contains(mac) {
                _ = macSlots.insert(mac, listedMACs.count)
                listedMACs.append(mac)
                macOwners.append(index)
            }
            for ip in ips where !byAddress.contains(ip) { _ = byAddress.insert(ip, index) }
            if routeServer { routeServers.formUnion(ips) }
        }
        self.asns = asns
        self.hasMACs = hasMACs
        self.isRouteServer = isRouteServer
        self.addresses = addresses
        self.byAddress = byAddress
        self.macs = listedMACs
        self.macOwners = macOwners
        self.macSlots = macSlots
        self.routeServerAddresses = routeServers
    }

    /// True when any member lists a MAC (so `unknown_mac` makes sense).
    var knowsMACs: Bool { !macs.isEmpty }

    /// The member index owning `mac`, or nil.
    @inline(__always)
    func member(mac: MACAddress) -> Int? { macSlot(mac).map { macOwners[$0] } }

    /// The position of `mac` in `macs` (its frame counter), or nil when the list does not have it.
    @inline(__always)
    func macSlot(_ mac: MACAddress) -> Int? { macSlots.value(for: mac) }

    /// The member index owning `ip`, or nil.
    @inline(__always)
    func member(ip: IPAddress) -> Int? { byAddress.value(for: ip) }
}
