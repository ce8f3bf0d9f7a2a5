public import IXPCore

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

extension MembersSettings {
    /// `members: {source, refresh, route_server_asns, peeringdb, timeout, max_bytes, ca_file}`.
    public init(node: YAMLConfigNode) throws(ConfigurationError) {
        let keys = try node.mapping(allowed: ["source", "refresh", "route_server_asns", "peeringdb", "timeout", "max_bytes", "ca_file"])
        guard let source = keys["source"] else { throw node.error("members: needs a source (a file or an https:// URL of an IX-F export)") }
        var settings = MembersSettings(source: try source.string())
        if let value = keys["refresh"] { settings.refresh = try value.duration(atLeast: 60) }
        if let value = keys["timeout"] { settings.timeout = try value.duration(atLeast: 1) }
        if let value = keys["max_bytes"] { settings.maxBytes = try value.integer(in: 1_024...1 << 30) }
        if let value = keys["peeringdb"] { settings.peeringDB = try value.string() }
        if let value = keys["ca_file"] { settings.caFile = try value.string() }
        if let value = keys["route_server_asns"] {
            settings.routeServerASNs = try value.sequence().map { item throws(ConfigurationError) in
                let text = try item.string()
                let digits = text.uppercased().hasPrefix("AS") ? String(text.dropFirst(2)) : text
                guard let asn = UInt32(digits), asn > 0 else { throw item.error("expected an AS number like 64500 or AS64500, got '\(text)'") }
                return asn
            }
        }
        self = settings
    }
}
