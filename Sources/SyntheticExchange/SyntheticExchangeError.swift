/// Why a scenario could not be generated or written.
public struct SyntheticExchangeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, and what to do about it.
    public var message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
