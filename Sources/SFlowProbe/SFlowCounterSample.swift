/// One counter sample (sFlow format 0:2, or the expanded 0:4): a data source's interface
/// counters as the agent read them.
public struct SFlowCounterSample: Sendable, Equatable {
    /// True for an expanded counter sample (format 4).
    public var expanded: Bool
    /// The sample's sequence number within its data source.
    public var sequenceNumber: UInt32
    /// The data source's type (0 ifIndex).
    public var sourceIDType: UInt32
    /// The data source's index.
    public var sourceIDIndex: UInt32
    /// The generic interface counters (record 0:1), when present.
    public var interface: SFlowInterfaceCounters?
    /// The Ethernet interface counters (record 0:2), when present.
    public var ethernet: SFlowEthernetCounters?
    /// Records of formats the decoder does not read.
    public var otherRecords: Int = 0

    /// A sample without records.
    public init(expanded: Bool, sequenceNumber: UInt32, sourceIDType: UInt32, sourceIDIndex: UInt32) {
        self.expanded = expanded
        self.sequenceNumber = sequenceNumber
        self.sourceIDType = sourceIDType
        self.sourceIDIndex = sourceIDIndex
    }
}
