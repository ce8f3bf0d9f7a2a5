/// How to reach one SNMP agent: address, protocol version and credentials, and the limits of
/// each request.
public struct SNMPTarget: Hashable, Sendable {
    /// Host name or address (IPv6 addresses without brackets).
    public var host: String
    /// Whether to reach `host` over IPv6 only (a host name given with `udp6:`); an IPv6
    /// address always is.
    public var ipv6: Bool
    /// UDP port, 161 by default.
    public var port: Int
    /// Version and credentials.
    public var credentials: SNMPCredentials
    /// How long to wait for each response before retrying, in seconds.
    public var timeout: Double
    /// How many times to resend an unanswered request.
    public var retries: Int
    /// max-repetitions of each GETBULK request.
    public var maxRepetitions: Int
    /// The longest a whole operation (all the PDUs of a walk) may take, in seconds.
    public var deadline: Double

    /// Creates a target with snmp_exporter-like defaults: 2 s timeout, 2 retries,
    /// max-repetitions 25, 30 s deadline.
    public init(
        host: String, port: Int = 161, credentials: SNMPCredentials,
        timeout: Double = 2, retries: Int = 2, maxRepetitions: Int = 25, deadline: Double = 30, ipv6: Bool = false
    ) {
        self.host = host
        self.ipv6 = ipv6 || host.contains(":")
        self.port = port
        self.credentials = credentials
        self.timeout = timeout
        self.retries = retries
        self.maxRepetitions = maxRepetitions
        self.deadline = deadline
    }

    /// `host:port`, with brackets around IPv6 addresses and `udp6:` before a host name reached
    /// over IPv6 only: how logs and errors name the target.
    public var displayName: String {
        host.contains(":") ? "[\(host)]:\(port)" : (ipv6 ? "udp6:\(host):\(port)" : "\(host):\(port)")
    }

    /// The peer name in net-snmp's transport syntax: `udp6:[addr]:port` for an IPv6 address or
    /// a host name to reach over IPv6 only, else `udp:host:port` (net-snmp looks a name up for
    /// IPv4 and falls back to IPv6).
    var peerName: String {
        ipv6 ? "udp6:[\(host)]:\(port)" : "udp:\(host):\(port)"
    }
}

/// SNMP version and credentials.
public enum SNMPCredentials: Hashable, Sendable {
    /// SNMPv1 with a community string.
    case v1(community: String)
    /// SNMPv2c with a community string.
    case v2c(community: String)
    /// SNMPv3 with the user-based security model.
    case v3(SNMPv3User)

    /// Whether GETBULK is available (v2c and v3).
    public var supportsBulk: Bool {
        if case .v1 = self { return false }
        return true
    }
}

/// An SNMPv3 USM user and its security level.
public struct SNMPv3User: Hashable, Sendable {
    /// Authentication protocols.
    public enum AuthProtocol: String, Sendable, Hashable, CaseIterable, Codable {
        case md5 = "MD5", sha1 = "SHA", sha224 = "SHA-224", sha256 = "SHA-256", sha384 = "SHA-384", sha512 = "SHA-512"
    }

    /// Privacy protocols. AES-192/256 are the Blumenthal draft variants net-snmp offers.
    public enum PrivProtocol: String, Sendable, Hashable, CaseIterable, Codable {
        case des = "DES", aes128 = "AES", aes192 = "AES-192", aes256 = "AES-256"
    }

    /// The security name.
    public var name: String
    /// Authentication protocol and pass phrase; nil means noAuthNoPriv.
    public var authentication: (protocol: AuthProtocol, passphrase: String)? {
        get { authProtocol.map { ($0, authPassphrase) } }
        set {
            authProtocol = newValue?.protocol
            authPassphrase = newValue?.passphrase ?? ""
        }
    }
    /// Privacy protocol and pass phrase; nil means no privacy (requires authentication).
    public var privacy: (protocol: PrivProtocol, passphrase: String)? {
        get { privProtocol.map { ($0, privPassphrase) } }
        set {
            privProtocol = newValue?.protocol
            privPassphrase = newValue?.passphrase ?? ""
        }
    }
    /// The context name, usually empty.
    public var context: String

    var authProtocol: AuthProtocol?
    var authPassphrase: String = ""
    var privProtocol: PrivProtocol?
    var privPassphrase: String = ""

    /// Creates a user. Pass phrases shorter than 8 characters are rejected by net-snmp when
    /// the session opens.
    public init(
        name: String,
        authentication: (protocol: AuthProtocol, passphrase: String)? = nil,
        privacy: (protocol: PrivProtocol, passphrase: String)? = nil,
        context: String = ""
    ) {
        self.name = name
        self.context = context
        self.authentication = authentication
        self.privacy = privacy
    }

    /// The security level this user implies.
    public var securityLevel: String {
        if authProtocol == nil { return "noAuthNoPriv" }
        return privProtocol == nil ? "authNoPriv" : "authPriv"
    }

    public static func == (lhs: SNMPv3User, rhs: SNMPv3User) -> Bool {
        lhs.name == rhs.name && lhs.context == rhs.context
            && lhs.authProtocol == rhs.authProtocol && lhs.authPassphrase == rhs.authPassphrase
            && lhs.privProtocol == rhs.privProtocol && lhs.privPassphrase == rhs.privPassphrase
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(context)
        hasher.combine(authProtocol)
        hasher.combine(authPassphrase)
        hasher.combine(privProtocol)
        hasher.combine(privPassphrase)
    }
}

extension SNMPv3User: CustomStringConvertible {
    /// Names the user and level, never the pass phrases.
    public var description: String { "SNMPv3User(\(name), \(securityLevel))" }
}

extension SNMPCredentials: CustomStringConvertible {
    /// Names the version, never the community or pass phrases.
    public var description: String {
        switch self {
        case .v1: return "v1"
        case .v2c: return "v2c"
        case .v3(let user): return "v3 \(user)"
        }
    }
}

extension SNMPCredentials {
    /// What a silent agent most often means for these credentials.
    var timeoutHint: String {
        switch self {
        case .v1, .v2c: return " (agent down or unreachable, or a wrong community: agents do not answer those)"
        case .v3: return " (agent down or unreachable, or a wrong privacy pass phrase: agents drop what they cannot decrypt)"
        }
    }
}
