/// Why an SNMP operation against one target failed. Each case carries what a person needs
/// to act on it; `description` is the sentence for the log.
public struct SNMPError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The broad kind of failure, for metrics and tests.
    public enum Kind: String, Sendable, Hashable {
        /// No answer within timeout × (retries + 1).
        case timeout
        /// The whole operation ran past the target's deadline.
        case deadlineExceeded
        /// The session could not be opened (bad address, unresolvable host, bad v3 settings).
        case sessionOpen
        /// SNMPv3 authentication or privacy failed (wrong user, password or protocol).
        case authentication
        /// The agent answered with an error status (noSuchName, tooBig, genErr, …).
        case agentError
        /// The answer broke the protocol: OIDs not increasing, no progress, a truncated table.
        case protocolViolation
        /// Sending failed locally.
        case send
        /// The poll engine is shutting down.
        case shutdown
        /// The calling task was cancelled (the agent is stopping); the operation was abandoned.
        case cancelled
    }

    /// The kind of failure.
    public var kind: Kind
    /// The target it concerns (`host:port`).
    public var target: String
    /// What happened, in words.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, target: String, _ message: String) {
        self.kind = kind
        self.target = target
        self.message = message
    }

    public var description: String { "SNMP \(target): \(message)" }
}
