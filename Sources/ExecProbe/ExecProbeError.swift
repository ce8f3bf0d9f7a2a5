/// Why a plugin run (exec) or a textfile read failed, in words an operator can act on.
public struct ExecProbeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    /// An error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
