/// One flow sample (sFlow format 0:1, or the expanded 0:3): one packet in `samplingRate`,
/// with the record that describes it.
public struct SFlowFlowSample: Sendable, Equatable {
    /// True for an expanded flow sample (format 3, 32-bit source index and interfaces).
    public var expanded: Bool
    /// The sample's sequence number within its data source.
    public var sequenceNumber: UInt32
    /// The data source's type (0 ifIndex, 1 smonVlanDataSource, 2 entPhysicalEntry).
    public var sourceIDType: UInt32
    /// The data source's index (an ifIndex for type 0).
    public var sourceIDIndex: UInt32
    /// One packet sampled in this many.
    public var samplingRate: UInt32
    /// Packets that could have been sampled so far (total packets seen by the data source).
    public var samplePool: UInt32
    /// Samples the agent dropped for lack of resources, so far.
    public var drops: UInt32
    /// The ifIndex the packet arrived on (0 unknown).
    public var inputInterface: UInt32
    /// The ifIndex it left by (0 unknown; for a plain sample, the top two bits give its format).
    public var outputInterface: UInt32
    /// The sampled packet's header, when the sample has a raw packet header record (0:1).
    public var header: SFlowSampledHeader?
    /// An Ethernet frame data record (0:2), when present: the frame's length, its source and
    /// destination MAC (in the low 48 bits) and its ethertype.
    public var ethernet: (length: UInt32, source: UInt64, destination: UInt64, etherType: UInt32)?
    /// The 802.1Q VLANs from an extended switch record (0:1001): incoming and outgoing.
    public var switchVLANs: (source: UInt32, destination: UInt32)?
    /// Records of formats the decoder does not read.
    public var otherRecords: Int = 0

    /// A sample without records.
    public init(expanded: Bool, sequenceNumber: UInt32, sourceIDType: UInt32, sourceIDIndex: UInt32, samplingRate: UInt32,
                samplePool: UInt32, drops: UInt32, inputInterface: UInt32, outputInterface: UInt32) {
        self.expanded = expanded
        self.sequenceNumber = sequenceNumber
        self.sourceIDType = sourceIDType
        self.sourceIDIndex = sourceIDIndex
        self.samplingRate = samplingRate
        self.samplePool = samplePool
        self.drops = drops
        self.inputInterface = inputInterface
        self.outputInterface = outputInterface
    }

    public static func == (lhs: SFlowFlowSample, rhs: SFlowFlowSample) -> Bool {
        lhs.expanded == rhs.expanded && lhs.sequenceNumber == rhs.sequenceNumber && lhs.sourceIDType == rhs.sourceIDType
            && lhs.sourceIDIndex == rhs.sourceIDIndex && lhs.samplingRate == rhs.samplingRate && lhs.samplePool == rhs.samplePool
            && lhs.drops == rhs.drops && lhs.inputInterface == rhs.inputInterface && lhs.outputInterface == rhs.outputInterface
            && lhs.header == rhs.header && lhs.ethernet?.length == rhs.ethernet?.length && lhs.ethernet?.source == rhs.ethernet?.source
            && lhs.ethernet?.destination == rhs.ethernet?.destination && lhs.ethernet?.etherType == rhs.ethernet?.etherType
            && lhs.switchVLANs?.source == rhs.switchVLANs?.source && lhs.switchVLANs?.destination == rhs.switchVLANs?.destination
            && lhs.otherRecords == rhs.otherRecords
    }
}
