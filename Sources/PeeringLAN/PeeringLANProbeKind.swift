public import ProbeKit
public import IXPCore

/// The peering-LAN probe kind: `peering_lan:` names the monitor port to capture on, the member
/// list and the rule definition. One live `PeeringLANProbe`.
public struct PeeringLANProbeKind: ProbeKind {
    /// `peering_lan`.
    public static let kindName = "peering_lan"

    /// Creates the kind.
    public init() {}

    public var name: String { Self.kindName }

    public var configurationKeys: Set<String> { ["peering_lan"] }

    public func settings(from sections: [String: YAMLConfigNode], context: ProbeConfigurationContext)
        throws(ConfigurationError) -> any ProbeSettings
    {
        guard let node = sections["peering_lan"] else {
            throw ConfigurationError(file: context.file, message: "peering_lan: the section is missing")
        }
        return try PeeringLANSettings.parse(node, context: context)
    }
}
