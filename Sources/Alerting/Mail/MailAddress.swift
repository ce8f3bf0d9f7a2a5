/// A mailbox: an address and, optionally, the name shown for it.
public struct MailAddress: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The bare address, `noc@example.net`.
    public var address: String
    /// The name shown, `IXP Health (Dakar)`; UTF-8 allowed (sent as RFC 2047 encoded words).
    public var displayName: String?

    /// A mailbox.
    public init(_ address: String, displayName: String? = nil) {
        self.address = address
        self.displayName = displayName
    }

    /// `Name <address>` or the bare address.
    public var description: String {
        guard let displayName, !displayName.isEmpty else { return address }
        return "\(displayName) <\(address)>"
    }
}
