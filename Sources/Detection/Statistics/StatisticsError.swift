/// A statistics routine was configured with parameters it cannot work with; the message names the
/// parameter and the accepted range.
public struct StatisticsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong, naming the parameter.
    public let message: String

    /// An error with `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
