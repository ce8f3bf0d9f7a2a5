public import ProbeKit
public import IXPCore

/// The ping kind: `ping:` sends ICMP and ICMPv6 echo requests to every member router on the
/// peering LAN (the member list's addresses) and to extra `targets`, like the Smokeping and
/// Nagios checks an exchange's NOC keeps. One `PingProbe` for all targets.
///
/// ```yaml
/// ping: {interval: 30s, count: 5, timeout: 1s}
/// ```
public struct PingProbeKind: ProbeKind {
    /// `ping`.
    public static let kindName = "ping"

    /// Creates the kind.
    public init() {}

    public var name: String { Self.kindName }

    public var configurationKeys: Set<String> { ["ping"] }

    public func settings(from sections: [String: YAMLConfigNode], context: ProbeConfigurationContext)
        throws(ConfigurationError) -> any ProbeSettings
    {
        guard let node = sections["ping"] else {
            throw ConfigurationError(file: context.file, message: "ping: the section is missing")
        }
        return try PingSettings.parse(node, context: context)
    }
}
