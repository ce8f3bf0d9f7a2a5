public import ProbeKit
public import IXPCore

/// The sFlow kind: `sflow:` names the UDP address the switches send sFlow version 5 to. One
/// `SFlowProbe`.
///
/// ```yaml
/// sflow:
///   listen: "192.0.2.10:6343"
///   top_pairs: 50
/// ```
public struct SFlowProbeKind: ProbeKind {
    /// `sflow`.
    public static let kindName = "sflow"

    /// Creates the kind.
    public init() {}

    public var name: String { Self.kindName }

    public var configurationKeys: Set<String> { ["sflow"] }

    public func settings(from sections: [String: YAMLConfigNode], context: ProbeConfigurationContext)
        throws(ConfigurationError) -> any ProbeSettings
    {
        guard let node = sections["sflow"] else {
            throw ConfigurationError(file: context.file, message: "sflow: the section is missing")
        }
        return try SFlowSettings.parse(node, context: context)
    }
}
