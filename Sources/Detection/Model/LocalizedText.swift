/// A sentence to be put into words in the reader's language: a key of the wording tables and
/// the values for its `{placeholders}`. Rules produce these; the report, the dashboard and
/// the mail render them in English or French.
public struct LocalizedText: Sendable, Hashable, Codable {
    /// The key in `Wording`'s tables, e.g. `idle_member_ports.warning`.
    public var key: String
    /// Values for the placeholders, already formatted (numbers with their units).
    public var arguments: [String: String]

    /// A text.
    public init(_ key: String, _ arguments: [String: String] = [:]) {
        self.key = key
        self.arguments = arguments
    }
}
