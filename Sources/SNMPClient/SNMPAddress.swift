/// An SNMP agent's address as a person writes it: `host`, `host:port`, `[IPv6]:port` or a bare
/// IPv6 address, optionally with net-snmp's transport prefix (`udp:`, `udp6:`, `udpv6:`,
/// `udpipv6:`), as snmpwalk users paste it: `udp:192.0.2.1:161`, `udp6:[2001:db8::1]:161`.
///
/// A host name with an IPv6 prefix (`udp6:switch.example:161`) is looked up for IPv6 only
/// (`ipv6`), as net-snmp does; a host name without one is looked up as net-snmp's default
/// transport does (IPv4, then IPv6).
///
/// The agent speaks SNMP over UDP only: `tcp:` and `tcp6:` are refused with a message that
/// shows the accepted forms.
public struct SNMPAddress: Hashable, Sendable {
    /// Host name or address (IPv6 without brackets).
    public var host: String
    /// The port, when the text gave one.
    public var port: Int?
    /// Whether the text asked for IPv6: a `udp6:`-style prefix, or an IPv6 address.
    public var ipv6: Bool

    /// An address; `ipv6` defaults to whether `host` is an IPv6 address.
    public init(host: String, port: Int? = nil, ipv6: Bool? = nil) {
        self.host = host
        self.port = port
        self.ipv6 = ipv6 ?? host.contains(":")
    }

    /// The accepted forms, for error messages.
    public static let acceptedForms = "HOST, HOST:PORT, [IPv6]:PORT or the same with net-snmp's udp: or udp6: prefix"

    /// Transport prefixes that mean UDP (net-snmp's names for UDP over IPv4 and IPv6).
    static let udpPrefixes = ["udp6:", "udpv6:", "udpipv6:", "udp:"]
    /// The ones of them that mean IPv6.
    static let ipv6Prefixes: Set = ["udp6:", "udpv6:", "udpipv6:"]
    /// Transport prefixes net-snmp knows that the agent does not speak.
    static let refusedPrefixes = ["tcp6:", "tcpv6:", "tcpipv6:", "tcp:", "unix:", "dtlsudp:", "tls:", "tlstcp:", "ssh:"]

    /// Parses `text`. Throws with a message naming the text and the accepted forms.
    public static func parse(_ text: String) throws(SNMPAddressError) -> SNMPAddress {
        var address = try parseAddress(text)
        let lower = text.trimmingSpaces.lowercased()
        if ipv6Prefixes.contains(where: { lower.hasPrefix($0) }), address.host.lowercased() != lower.prefix(while: { $0 != ":" }) {
            address.ipv6 = true
        }
        return address
    }

    private static func parseAddress(_ text: String) throws(SNMPAddressError) -> SNMPAddress {
        let trimmed = text.trimmingSpaces
        var rest = Substring(trimmed)
        let lower = trimmed.lowercased()
        if let prefix = refusedPrefixes.first(where: { lower.hasPrefix($0) }), trimmed.count > prefix.count {
            let transport = prefix.dropLast()
            throw SNMPAddressError(text, "the \(transport) transport is not supported: the agent polls over UDP; "
                + "write udp:HOST:PORT, HOST:PORT or [IPv6]:PORT")
        }
        if let prefix = udpPrefixes.first(where: { lower.hasPrefix($0) }) {
            let remainder = trimmed.dropFirst(prefix.count)
            // "udp:161" is a host named udp on port 161, as net-snmp's own parser would not take it.
            if !remainder.isEmpty, !remainder.allSatisfy(\.isASCIIDigit) { rest = remainder }
        }
        guard !rest.isEmpty else { throw SNMPAddressError(text, "the address has no host; write \(acceptedForms)") }
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw SNMPAddressError(text, "the '[' has no closing ']'; write [IPv6]:PORT")
            }
            let host = String(rest[rest.index(after: rest.startIndex)..<close])
            guard !host.isEmpty else { throw SNMPAddressError(text, "the brackets hold no address") }
            let after = rest[rest.index(after: close)...]
            if after.isEmpty { return SNMPAddress(host: host) }
            guard after.hasPrefix(":") else {
                throw SNMPAddressError(text, "expected ':PORT' after ']'; write [IPv6]:PORT")
            }
            return SNMPAddress(host: host, port: try port(after.dropFirst(), in: text))
        }
        let colons = rest.count(where: { $0 == ":" })
        // No colon: a host alone; more than one: a bare IPv6 address.
        guard colons == 1, let colon = rest.firstIndex(of: ":") else { return SNMPAddress(host: String(rest)) }
        let host = String(rest[..<colon])
        guard !host.isEmpty else { throw SNMPAddressError(text, "the address has no host; write \(acceptedForms)") }
        return SNMPAddress(host: host, port: try port(rest[rest.index(after: colon)...], in: text))
    }

    private static func port(_ digits: Substring, in text: String) throws(SNMPAddressError) -> Int {
        guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit), digits.count <= 5, let port = Int(digits),
              (1...65535).contains(port) else {
            throw SNMPAddressError(text, "'\(digits)' is not a port (1…65535); write \(acceptedForms)")
        }
        return port
    }
}

/// An address that `SNMPAddress.parse` cannot use, with what to write instead.
public struct SNMPAddressError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text as given.
    public var text: String
    /// What is wrong and the accepted form.
    public var message: String

    /// An error about `text`.
    public init(_ text: String, _ message: String) {
        self.text = text
        self.message = message
    }

    public var description: String { "'\(text)': \(message)" }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}
