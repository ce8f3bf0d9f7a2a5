/// The generic interface counters of a counter sample (record 0:1, 88 bytes): IF-MIB's view
/// of the port, as the switch pushes it.
public struct SFlowInterfaceCounters: Sendable, Equatable {
    /// ifIndex.
    public var index: UInt32
    /// ifType (6 ethernetCsmacd).
    public var type: UInt32
    /// ifSpeed, bits per second.
    public var speed: UInt64
    /// ifDirection: 0 unknown, 1 full duplex, 2 half duplex, 3 in, 4 out.
    public var direction: UInt32
    /// ifStatus: bit 0 admin up, bit 1 operationally up.
    public var status: UInt32
    /// ifInOctets.
    public var inOctets: UInt64
    /// ifInUcastPkts.
    public var inUnicastPackets: UInt32
    /// ifInMulticastPkts.
    public var inMulticastPackets: UInt32
    /// ifInBroadcastPkts.
    public var inBroadcastPackets: UInt32
    /// ifInDiscards.
    public var inDiscards: UInt32
    /// ifInErrors.
    public var inErrors: UInt32
    /// ifInUnknownProtos.
    public var inUnknownProtocols: UInt32
    /// ifOutOctets.
    public var outOctets: UInt64
    /// ifOutUcastPkts.
    public var outUnicastPackets: UInt32
    /// ifOutMulticastPkts.
    public var outMulticastPackets: UInt32
    /// ifOutBroadcastPkts.
    public var outBroadcastPackets: UInt32
    /// ifOutDiscards.
    public var outDiscards: UInt32
    /// ifOutErrors.
    public var outErrors: UInt32
    /// ifPromiscuousMode (1 true, 2 false).
    public var promiscuousMode: UInt32

    /// The size of the record's data.
    static let length = 88

    /// True when the status says the port is operationally up.
    public var isOperationallyUp: Bool { status & 2 != 0 }
}
