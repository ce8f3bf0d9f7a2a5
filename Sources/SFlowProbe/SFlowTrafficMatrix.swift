import PacketCapture

/// Running totals of what an sFlow collector has received: datagrams and samples, lost
/// datagrams per agent, and the estimated traffic between members (sampled packets scaled by
/// their sampling rate), by member pair and by the protocol each member sends.
///
/// Its size is bounded: pairs are only counted between members the map knows (at most
/// `maximumPairs`; traffic of further pairs counts in `overflowBytes`), and at most
/// `maximumAgents` agents are tracked for sequence gaps.
public struct SFlowTrafficMatrix: Sendable {
    /// An ordered pair of members, by ASN: traffic from `source` to `destination`.
    public struct Pair: Hashable, Sendable, Comparable {
        /// The sending member.
        public var source: UInt32
        /// The receiving member.
        public var destination: UInt32

        /// A pair.
        public init(source: UInt32, destination: UInt32) {
            self.source = source
            self.destination = destination
        }

        public static func < (lhs: Pair, rhs: Pair) -> Bool {
            (lhs.source, lhs.destination) < (rhs.source, rhs.destination)
        }
    }

    /// Estimated bytes and packets.
    public struct Volume: Sendable, Hashable {
        /// Bytes (frame lengths times the sampling rate).
        public var bytes: Double = 0
        /// Packets (the sampling rate per sample).
        public var packets: Double = 0

        /// A volume.
        public init(bytes: Double = 0, packets: Double = 0) {
            self.bytes = bytes
            self.packets = packets
        }
    }

    /// The protocol mix of a member's traffic.
    public enum TrafficProtocol: Int, Sendable, CaseIterable {
        case ipv4, ipv6, arp, other

        /// The `protocol` label.
        public var name: String {
            switch self {
            case .ipv4: "ipv4"
            case .ipv6: "ipv6"
            case .arp: "arp"
            case .other: "other"
            }
        }

        /// The protocol of an ethertype.
        public init(etherType: UInt16) {
            switch etherType {
            case 0x0800: self = .ipv4
            case 0x86DD: self = .ipv6
            case 0x0806: self = .arp
            default: self = .other
            }
        }
    }

    /// One agent's datagram sequence, for lost datagrams.
    public struct AgentSequence: Sendable, Hashable {
        /// The last sequence number seen.
        public var last: UInt32
        /// Datagrams missing from the sequence so far.
        public var lost: Double
        /// Datagrams received.
        public var received: Double
    }

    /// The most member pairs counted one by one.
    public var maximumPairs: Int
    /// The most agents tracked.
    public var maximumAgents: Int

    /// Datagrams decoded.
    public private(set) var decodedDatagrams: Double = 0
    /// Datagrams rejected, by reason.
    public private(set) var rejectedDatagrams: [SFlowDecodeError.Reason: Double] = [:]
    /// Flow samples read.
    public private(set) var flowSamples: Double = 0
    /// Counter samples read.
    public private(set) var counterSamples: Double = 0
    /// Samples of other formats skipped.
    public private(set) var otherSamples: Double = 0
    /// Flow samples without an Ethernet header or frame record (nothing to attribute).
    public private(set) var unattributableSamples: Double = 0
    /// Traffic between members, by pair.
    public private(set) var pairs: [Pair: Volume] = [:]
    /// Traffic between members whose pair did not fit in `maximumPairs`.
    public private(set) var overflow = Volume()
    /// Traffic not between two members: from or to a MAC no member lists, broadcast, multicast.
    public private(set) var unmatched = Volume()
    /// Bytes each member sent (to anyone, broadcast included), by `TrafficProtocol`.
    public private(set) var memberProtocolBytes: [UInt32: [Double]] = [:]
    /// Bytes each member sent to other members.
    public private(set) var memberSentBytes: [UInt32: Double] = [:]
    /// Bytes each member received from other members.
    public private(set) var memberReceivedBytes: [UInt32: Double] = [:]
    /// Sequences by agent (`address` or `address/sub-agent`).
    public private(set) var agents: [String: AgentSequence] = [:]
    /// Datagrams from agents beyond `maximumAgents`.
    public private(set) var untrackedAgentDatagrams: Double = 0

    /// An empty matrix.
    public init(maximumPairs: Int = 100_000, maximumAgents: Int = 1_024) {
        self.maximumPairs = maximumPairs
        self.maximumAgents = maximumAgents
    }

    private static let noProtocolBytes = [Double](repeating: 0, count: TrafficProtocol.allCases.count)

    /// Every member-to-member byte counted (pairs and overflow).
    public var memberBytes: Double { pairs.values.reduce(overflow.bytes) { $0 + $1.bytes } }

    /// Counts a datagram that did not decode.
    public mutating func reject(_ reason: SFlowDecodeError.Reason) {
        rejectedDatagrams[reason, default: 0] += 1
    }

    /// Adds a decoded datagram, attributing its flow samples through `members`.
    public mutating func add(_ datagram: SFlowDatagram, members: SFlowMemberMap) {
        decodedDatagrams += 1
        trackSequence(datagram)
        counterSamples += Double(datagram.counterSamples.count)
        otherSamples += Double(datagram.otherSamples)
        for sample in datagram.flowSamples {
            flowSamples += 1
            add(sample, members: members)
        }
    }

    private mutating func trackSequence(_ datagram: SFlowDatagram) {
        let key = datagram.subAgentID == 0 ? datagram.agentAddress.description : "\(datagram.agentAddress)/\(datagram.subAgentID)"
        guard var state = agents[key] else {
            if agents.count < maximumAgents {
                agents[key] = AgentSequence(last: datagram.sequenceNumber, lost: 0, received: 1)
            } else {
                untrackedAgentDatagrams += 1
            }
            return
        }
        let gap = datagram.sequenceNumber &- state.last
        // A forward jump is loss; a step back (an agent restart, a reordered datagram) restarts the count.
        if gap > 1, gap < 1 << 31 { state.lost += Double(gap - 1) }
        state.last = datagram.sequenceNumber
        state.received += 1
        agents[key] = state
    }

    private mutating func add(_ sample: SFlowFlowSample, members: SFlowMemberMap) {
        let source: UInt64
        let destination: UInt64
        let etherType: UInt16
        let length: UInt32
        if let header = sample.header, header.isEthernet {
            source = header.frame.source.rawValue
            destination = header.frame.destination.rawValue
            etherType = header.frame.etherType
            length = header.frameLength
        } else if let ethernet = sample.ethernet {
            source = ethernet.source
            destination = ethernet.destination
            etherType = UInt16(truncatingIfNeeded: ethernet.etherType)
            length = ethernet.length
        } else {
            unattributableSamples += 1
            return
        }
        let rate = Double(max(sample.samplingRate, 1))
        let volume = Volume(bytes: Double(length) * rate, packets: rate)
        let sender = members.asn(source)
        if let sender {
            let index = TrafficProtocol(etherType: etherType).rawValue
            memberProtocolBytes[sender, default: Self.noProtocolBytes][index] += volume.bytes
        }
        guard let sender, let receiver = members.asn(destination) else {
            unmatched.bytes += volume.bytes
            unmatched.packets += volume.packets
            return
        }
        memberSentBytes[sender, default: 0] += volume.bytes
        memberReceivedBytes[receiver, default: 0] += volume.bytes
        let pair = Pair(source: sender, destination: receiver)
        if pairs[pair] != nil || pairs.count < maximumPairs {
            pairs[pair, default: Volume()].bytes += volume.bytes
            pairs[pair, default: Volume()].packets += volume.packets
        } else {
            overflow.bytes += volume.bytes
            overflow.packets += volume.packets
        }
    }
}
