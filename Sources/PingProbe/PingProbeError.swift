/// Why a ping round could not run, in words an operator can act on.
public struct PingProbeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// An error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
