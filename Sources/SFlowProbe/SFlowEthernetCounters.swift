/// The Ethernet interface counters of a counter sample (record 0:2, 52 bytes; EtherLike-MIB).
public struct SFlowEthernetCounters: Sendable, Equatable {
    /// dot3StatsAlignmentErrors.
    public var alignmentErrors: UInt32
    /// dot3StatsFCSErrors.
    public var fcsErrors: UInt32
    /// dot3StatsSingleCollisionFrames.
    public var singleCollisionFrames: UInt32
    /// dot3StatsMultipleCollisionFrames.
    public var multipleCollisionFrames: UInt32
    /// dot3StatsSQETestErrors.
    public var sqeTestErrors: UInt32
    /// dot3StatsDeferredTransmissions.
    public var deferredTransmissions: UInt32
    /// dot3StatsLateCollisions.
    public var lateCollisions: UInt32
    /// dot3StatsExcessiveCollisions.
    public var excessiveCollisions: UInt32
    /// dot3StatsInternalMacTransmitErrors.
    public var internalMacTransmitErrors: UInt32
    /// dot3StatsCarrierSenseErrors.
    public var carrierSenseErrors: UInt32
    /// dot3StatsFrameTooLongs.
    public var frameTooLongs: UInt32
    /// dot3StatsInternalMacReceiveErrors.
    public var internalMacReceiveErrors: UInt32
    /// dot3StatsSymbolErrors.
    public var symbolErrors: UInt32

    /// The size of the record's data.
    static let length = 52
}
