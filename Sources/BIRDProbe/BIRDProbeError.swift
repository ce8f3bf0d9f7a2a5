/// Why reading a BIRD control socket failed, in words an operator can act on.
public struct BIRDProbeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// An error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
