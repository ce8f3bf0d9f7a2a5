public import PacketCapture

/// One decoded sFlow version 5 datagram: who sent it and the samples it carries.
public struct SFlowDatagram: Sendable, Equatable {
    /// The sFlow agent's address (IPv4 addresses are IPv4-mapped).
    public var agentAddress: IPAddress
    /// The sub-agent within the agent (a line card, a process).
    public var subAgentID: UInt32
    /// The agent's datagram sequence number, per agent and sub-agent; a jump means datagrams lost.
    public var sequenceNumber: UInt32
    /// Milliseconds since the agent started.
    public var uptimeMilliseconds: UInt32
    /// The flow samples (plain and expanded).
    public var flowSamples: [SFlowFlowSample] = []
    /// The counter samples (plain and expanded).
    public var counterSamples: [SFlowCounterSample] = []
    /// Samples of formats the decoder does not read (skipped by their length).
    public var otherSamples: Int = 0

    /// A datagram without samples.
    public init(agentAddress: IPAddress, subAgentID: UInt32, sequenceNumber: UInt32, uptimeMilliseconds: UInt32) {
        self.agentAddress = agentAddress
        self.subAgentID = subAgentID
        self.sequenceNumber = sequenceNumber
        self.uptimeMilliseconds = uptimeMilliseconds
    }
}
