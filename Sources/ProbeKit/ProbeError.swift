/// Why a probe could not run, collect, or be set up, in words an operator can act on. The one
/// error type of the probes whose failures are just a message (ping, BIRD, exec and textfile,
/// sFlow, the peering-LAN capture).
public struct ProbeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// An error saying `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
