public import Members
import PacketCapture

extension SFlowMemberMap {
    /// The map of a member list: each member's listed MACs (the first member listing a MAC keeps it).
    public init(registry: MemberRegistry) {
        var macs: [MACAddress: UInt32] = [:]
        for member in registry.members {
            for text in member.macAddresses {
                guard let mac = MACAddress(text), macs[mac] == nil else { continue }
                macs[mac] = member.asn
            }
        }
        self.init(macs: macs)
    }
}
