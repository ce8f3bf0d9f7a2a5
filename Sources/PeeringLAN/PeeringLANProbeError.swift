/// The live capture of the peering-LAN probe failed.
public struct PeeringLANProbeError: Error, Sendable, CustomStringConvertible {
    /// What failed, naming the interface.
    public var message: String
    /// The message.
    public var description: String { message }
}
