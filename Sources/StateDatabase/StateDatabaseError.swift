/// Why the state database could not be opened or migrated.
public struct StateDatabaseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database file (`:memory:` for an in-memory database).
    public var path: String
    /// What went wrong, for a person.
    public var message: String

    /// An error about the database at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// `path: message`.
    public var description: String { "\(path): \(message)" }
}
