/// Why a member list (or PeeringDB data) could not be read.
public struct MemberListError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What kind of failure it was, for callers that react differently (retry, alert).
    public enum Reason: Sendable, Equatable {
        /// The content is not a member list (not JSON, wrong shape).
        case invalid
        /// The file could not be read.
        case unreadable
        /// The server could not be reached, or the connection failed.
        case unreachable
        /// The server answered with this HTTP status (not 2xx).
        case httpStatus(Int)
        /// The server did not answer in time.
        case timeout
        /// The body is larger than the limit.
        case tooLarge
        /// The location is neither a path nor an `http(s)://` URL.
        case badLocation
    }

    /// What to tell a person: the source, and where and why it is wrong.
    public var message: String
    /// What kind of failure it was.
    public var reason: Reason

    /// An error with `message`.
    public init(_ message: String, reason: Reason = .invalid) {
        self.message = message
        self.reason = reason
    }

    /// The message.
    public var description: String { message }
}
