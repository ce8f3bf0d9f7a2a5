public import ProbeKit
public import IXPCore

/// The route-server kind: `route_servers:` lists BIRD 2 route servers by their control socket.
/// One `BIRDProbe` per route server.
///
/// ```yaml
/// route_servers:
///   - {name: rs1, control_socket: /run/bird/rs1.ctl}
/// ```
public struct BIRDProbeKind: ProbeKind {
    /// `bird`.
    public static let kindName = "bird"

    /// Creates the kind.
    public init() {}

    public var name: String { Self.kindName }

    public var configurationKeys: Set<String> { ["route_servers"] }

    public func settings(from sections: [String: YAMLConfigNode], context: ProbeConfigurationContext)
        throws(ConfigurationError) -> any ProbeSettings
    {
        guard let node = sections["route_servers"] else {
            throw ConfigurationError(file: context.file, message: "route_servers: the section is missing")
        }
        return try BIRDSettings.parse(node, context: context)
    }
}
