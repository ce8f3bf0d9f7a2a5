public import ProbeKit
#if canImport(Glibc)
import Glibc
#endif

/// Where the collector listens: an IPv4 or IPv6 address and a UDP port, written
/// `192.0.2.1:6343`, `0.0.0.0:6343` or `[::]:6343`.
public struct SFlowListenAddress: Sendable, Hashable, CustomStringConvertible {
    /// The address, as written (without brackets).
    public var host: String
    /// The UDP port (0: any free port, for tests).
    public var port: UInt16
    /// True for an IPv6 address.
    public var isIPv6: Bool

    /// Parses `host:port` or `[v6]:port`; throws, saying what is wrong, when it is not one
    /// (host names are not resolved).
    public init(parsing text: String) throws(ProbeError) {
        let host: Substring
        let port: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                throw ProbeError("'\(text)' is not [IPv6 address]:port, e.g. [::]:6343")
            }
            host = text[text.index(after: text.startIndex)..<close]
            port = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":") else {
                throw ProbeError("'\(text)' has no port; write address:port, e.g. 0.0.0.0:6343")
            }
            host = text[..<colon]
            port = text[text.index(after: colon)...]
        }
        guard let number = UInt16(port) else { throw ProbeError("'\(port)' in '\(text)' is not a UDP port (0-65535)") }
        var v4 = in_addr()
        var v6 = in6_addr()
        if inet_pton(AF_INET, String(host), &v4) == 1 {
            isIPv6 = false
        } else if inet_pton(AF_INET6, String(host), &v6) == 1 {
            isIPv6 = true
        } else {
            throw ProbeError("'\(host)' in '\(text)' is not an IPv4 or IPv6 address (names are not resolved)")
        }
        self.host = String(host)
        self.port = number
    }

    public var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }
}
