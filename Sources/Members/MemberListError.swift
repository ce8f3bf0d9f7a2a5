/// Why a member list could not be read.
public struct MemberListError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What to tell a person: the source, and where and why it is wrong.
    public var message: String

    /// An error with `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
