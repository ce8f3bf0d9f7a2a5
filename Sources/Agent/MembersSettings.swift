/// The `members:` section: where the exchange's member list comes from and how often it is
/// read again.
public struct MembersSettings: Sendable, Hashable {
    /// A file path, or an `https://` (or `http://`) URL of an IX-F member export.
    public var source: String
    /// Seconds between reloads (1 hour by default).
    public var refresh: Double = 3_600
    /// ASNs of the exchange's route servers, for lists that do not mark them.
    public var routeServerASNs: [UInt32] = []
    /// PeeringDB data for the exchange (file or URL), optional: used by `stale_member_data`.
    public var peeringDB: String?
    /// Seconds a download may take.
    public var timeout: Double = 30
    /// The largest list accepted, bytes.
    public var maxBytes: Int = 32 << 20
    /// A CA file for HTTPS sources with a private certificate authority.
    public var caFile: String?

    /// Settings for `source`.
    public init(source: String) {
        self.source = source
    }
}
