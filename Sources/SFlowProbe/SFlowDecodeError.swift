/// Why an sFlow datagram could not be decoded. The decoder throws it instead of trapping; the
/// listener counts it under `ixp_sflow_datagrams_total{result}`.
public struct SFlowDecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem, as the `result` label.
    public enum Reason: String, Sendable, Hashable, CaseIterable {
        /// A length or count points past the end of the datagram or of its enclosing structure.
        case truncated
        /// The datagram is not sFlow version 5.
        case unsupportedVersion = "unsupported_version"
        /// A field holds a value the format does not allow (an unknown agent address type).
        case malformed
    }

    /// The kind of problem.
    public var reason: Reason
    /// What was wrong, with the offset where the decoder found it.
    public var message: String

    /// An error.
    public init(_ reason: Reason, _ message: String) {
        self.reason = reason
        self.message = message
    }

    public var description: String { "sFlow datagram \(reason.rawValue): \(message)" }
}
