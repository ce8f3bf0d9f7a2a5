public import PacketCapture

/// A raw packet header record (sFlow flow record 0:1): the first bytes of the sampled packet,
/// decoded by the capture's `FrameDecoder` when the header protocol is Ethernet.
public struct SFlowSampledHeader: Sendable, Equatable {
    /// The header protocol (1 Ethernet ISO 802.3, 11 IPv4, 12 IPv6, …).
    public var headerProtocol: UInt32
    /// The packet's length on the wire, before sampling cut it (including the FCS on Ethernet).
    public var frameLength: UInt32
    /// Bytes the agent removed from the packet before taking the header (the FCS, usually 4).
    public var stripped: UInt32
    /// Bytes of header the record carries.
    public var headerLength: UInt32
    /// The decoded header (Ethernet protocol only; otherwise an empty `malformed` frame).
    public var frame: DecodedFrame

    /// A header record.
    public init(headerProtocol: UInt32, frameLength: UInt32, stripped: UInt32, headerLength: UInt32, frame: DecodedFrame) {
        self.headerProtocol = headerProtocol
        self.frameLength = frameLength
        self.stripped = stripped
        self.headerLength = headerLength
        self.frame = frame
    }

    /// True when the header is an Ethernet frame with its MAC addresses.
    public var isEthernet: Bool { headerProtocol == 1 && frame.hasEthernetHeader }
}
