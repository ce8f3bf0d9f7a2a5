public import IXPCore

/// The settings of a probe kind that owns exactly one top-level section of the configuration
/// file (`ping:`, `route_servers:`, `sflow:`, …). Such settings say everything their kind needs:
/// its name, its key and how to parse the section, so the kind itself is the generic
/// `SingleSectionProbeKind<Settings>` and a new kind is its settings, its probe and one line in
/// the agent's registry list.
///
/// ```swift
/// public struct PingSettings: SingleSectionProbeSettings {
///     public static let kindName = "ping"      // the `kind` label of its run metrics
///     public static let sectionKey = "ping"    // the top-level key it owns
///     public static func parse(_ node: YAMLConfigNode, context: ProbeConfigurationContext)
///         throws(ConfigurationError) -> PingSettings { … }
///     public var intervals: [Double] { … }
///     public func makeProbes() throws -> ProbeSet { … }
/// }
/// ```
public protocol SingleSectionProbeSettings: ProbeSettings {
    /// The kind's name, the `kind` label of its probes' run metrics (e.g. `bird`); unique per kind.
    static var kindName: String { get }
    /// The one top-level configuration key the kind owns (e.g. `route_servers`).
    static var sectionKey: String { get }
    /// Parses and validates the section under `sectionKey`. Errors name the file, and the line
    /// and column where there is one (`YAMLConfigNode.error`). Must have no side effects:
    /// `check-config` calls it too, so it opens no device, socket or thread.
    static func parse(_ node: YAMLConfigNode, context: ProbeConfigurationContext) throws(ConfigurationError) -> Self
}

extension SingleSectionProbeSettings {
    /// The kind's name (`kindName`).
    public var kind: String { Self.kindName }
}
