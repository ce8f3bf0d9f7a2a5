public import IXPCore

/// The probe kind of settings that own one configuration section: its name and key come from
/// `Settings`, and its parsing is `Settings.parse`. The agent's registry lists one per kind,
/// e.g. `SingleSectionProbeKind<PingSettings>()`.
public struct SingleSectionProbeKind<Settings: SingleSectionProbeSettings>: ProbeKind {
    /// The kind of `Settings`.
    public init() {}

    /// `Settings.kindName`.
    public var name: String { Settings.kindName }

    /// `Settings.sectionKey`, alone.
    public var configurationKeys: Set<String> { [Settings.sectionKey] }

    /// Parses the section under `Settings.sectionKey` with `Settings.parse`.
    public func settings(from sections: [String: YAMLConfigNode], context: ProbeConfigurationContext)
        throws(ConfigurationError) -> any ProbeSettings
    {
        guard let node = sections[Settings.sectionKey] else {
            throw ConfigurationError(file: context.file, message: "\(Settings.sectionKey): the section is missing")
        }
        return try Settings.parse(node, context: context)
    }
}
