/// Why the sFlow probe could not be configured or could not listen, in words an operator can act on.
public struct SFlowProbeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// An error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
