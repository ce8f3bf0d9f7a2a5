/// The members of an exchange, with lookups by MAC and IP address.
public struct MemberRegistry: Sendable, Equatable {
    /// The members, in list order. A member that appears in several entries of the list (one
    /// per connection, say) is merged into one.
    public private(set) var members: [Member]
    /// The list's own timestamp, when it has one.
    public var timestamp: String?
    /// The IX-F schema version, when given.
    public var version: String?
    /// Entries of the list that were skipped, with the reason (e.g. no `asnum`).
    public var skippedEntries: [String] = []

    private var byMAC: [String: Int] = [:]
    private var byAddress: [String: Int] = [:]

    /// A registry of `members`; members with the same ASN are merged.
    public init(members: [Member], timestamp: String? = nil, version: String? = nil) {
        self.members = []
        self.timestamp = timestamp
        self.version = version
        var byASN: [UInt32: Int] = [:]
        for member in members {
            if let index = byASN[member.asn] {
                var merged = self.members[index]
                merged.name = merged.name ?? member.name
                merged.memberType = merged.memberType ?? member.memberType
                merged.macAddresses = unique(merged.macAddresses + member.macAddresses)
                merged.ipv4Addresses = unique(merged.ipv4Addresses + member.ipv4Addresses)
                merged.ipv6Addresses = unique(merged.ipv6Addresses + member.ipv6Addresses)
                merged.isRouteServer = merged.isRouteServer || member.isRouteServer
                if let flag = member.peersWithRouteServer {
                    merged.peersWithRouteServer = (merged.peersWithRouteServer ?? false) || flag
                }
                self.members[index] = merged
            } else {
                byASN[member.asn] = self.members.count
                self.members.append(member)
            }
        }
        for (index, member) in self.members.enumerated() {
            for mac in member.macAddresses where byMAC[mac] == nil { byMAC[mac] = index }
            for address in member.ipv4Addresses + member.ipv6Addresses where byAddress[address] == nil {
                byAddress[address] = index
            }
        }
    }

    /// The member with this router MAC (any common notation), if any.
    public func member(mac: String) -> Member? {
        guard let normal = MemberAddressText.mac(mac), let index = byMAC[normal] else { return nil }
        return members[index]
    }

    /// The member with this peering-LAN address, if any.
    public func member(address: String) -> Member? {
        guard let normal = MemberAddressText.ip(address), let index = byAddress[normal] else { return nil }
        return members[index]
    }

    /// The member with this ASN, if any.
    public func member(asn: UInt32) -> Member? {
        members.first { $0.asn == asn }
    }

    /// The route servers' addresses (IPv4 and IPv6).
    public var routeServerAddresses: [String] {
        members.filter(\.isRouteServer).flatMap { $0.ipv4Addresses + $0.ipv6Addresses }
    }

    /// Marks the members with these ASNs as route servers (for lists that do not say so).
    public mutating func markRouteServers(asns: [UInt32]) {
        for index in members.indices where asns.contains(members[index].asn) {
            members[index].isRouteServer = true
        }
    }
}

private func unique(_ values: [String]) -> [String] {
    var seen = Set<String>()
    return values.filter { seen.insert($0).inserted }
}
