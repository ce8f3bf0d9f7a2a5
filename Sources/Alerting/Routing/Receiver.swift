/// A named set of addresses that routes send to (`receivers: [{name: noc, to: [noc@…]}]`).
public struct Receiver: Sendable, Hashable, Codable {
    /// The name routes use.
    public var name: String
    /// The addresses.
    public var to: [MailAddress]

    /// A receiver.
    public init(name: String, to: [MailAddress]) {
        self.name = name
        self.to = to
    }
}
