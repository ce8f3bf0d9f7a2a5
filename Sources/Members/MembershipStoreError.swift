/// Why the membership store could not read or write its tables.
public struct MembershipStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, for a person.
    public var message: String

    /// An error with `message`.
    public init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
