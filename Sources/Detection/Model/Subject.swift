/// What a finding is about.
public enum Subject: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// The exchange as a whole.
    case exchange
    /// One member, by ASN.
    case member(asn: UInt32)
    /// One port of one switch.
    case port(switch: String, interface: String)
    /// One switch.
    case `switch`(String)
    /// A MAC address seen on the peering LAN.
    case mac(String)
    /// One probe, by its `kind/name`.
    case probe(String)

    /// A short stable text: `exchange`, `AS64500`, `sw1 Ethernet7`, `switch sw1`, `MAC aa:bb:…`, `probe snmp/sw1`.
    /// It is the `subject` label of `ixp_finding_active`.
    public var description: String {
        switch self {
        case .exchange: "exchange"
        case .member(let asn): "AS\(asn)"
        case .port(let switchName, let interface): "\(switchName) \(interface)"
        case .switch(let name): "switch \(name)"
        case .mac(let mac): "MAC \(mac)"
        case .probe(let name): "probe \(name)"
        }
    }

    /// Subjects order by their text.
    public static func < (lhs: Subject, rhs: Subject) -> Bool { lhs.description < rhs.description }

    private enum CodingKeys: String, CodingKey { case kind, asn, `switch`, interface, mac, probe, text }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "exchange": self = .exchange
        case "member": self = .member(asn: try container.decode(UInt32.self, forKey: .asn))
        case "port":
            self = .port(switch: try container.decode(String.self, forKey: .switch),
                         interface: try container.decode(String.self, forKey: .interface))
        case "switch": self = .switch(try container.decode(String.self, forKey: .switch))
        case "mac": self = .mac(try container.decode(String.self, forKey: .mac))
        case "probe": self = .probe(try container.decode(String.self, forKey: .probe))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container, debugDescription: "unknown subject kind \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .exchange: try container.encode("exchange", forKey: .kind)
        case .member(let asn):
            try container.encode("member", forKey: .kind)
            try container.encode(asn, forKey: .asn)
        case .port(let switchName, let interface):
            try container.encode("port", forKey: .kind)
            try container.encode(switchName, forKey: .switch)
            try container.encode(interface, forKey: .interface)
        case .switch(let name):
            try container.encode("switch", forKey: .kind)
            try container.encode(name, forKey: .switch)
        case .mac(let mac):
            try container.encode("mac", forKey: .kind)
            try container.encode(mac, forKey: .mac)
        case .probe(let name):
            try container.encode("probe", forKey: .kind)
            try container.encode(name, forKey: .probe)
        }
        try container.encode(description, forKey: .text)
    }
}
