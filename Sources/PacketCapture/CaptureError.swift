/// Why a capture could not be opened or read; `message` says what to do about it.
public struct CaptureError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The file or device could not be opened.
        case open
        /// The link type is not Ethernet.
        case unsupportedLinkType
        /// The file is truncated or corrupt, or reading the device failed.
        case read
        /// A capture option (filter, buffer, snap length) was refused.
        case configuration
        /// Dropping privileges failed.
        case privileges
    }

    /// The kind of failure.
    public var kind: Kind
    /// A message naming the file or device and the cause.
    public var message: String

    /// An error of the given kind.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    /// The message.
    public var description: String { message }
}
