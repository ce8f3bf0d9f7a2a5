public import IXPCore
public import ProbeKit

/// Parses `yaml`, a whole configuration file, with a registry of `kinds`, as the agent does:
/// a top-level key no kind owns is an error, and each kind with a key in the file gives its
/// settings, in the order of `kinds`. An empty document gives none.
public func probeSettings(
    yaml: String, kinds: [any ProbeKind],
    context: ProbeConfigurationContext = ProbeConfigurationContext(file: "agent.yaml")
)
    throws(ConfigurationError) -> [any ProbeSettings]
{
    guard let top = try YAMLConfigNode.parse(yaml, file: context.file) else { return [] }
    let registry = ProbeKindRegistry(kinds)
    let keys = try top.mapping(allowed: registry.configurationKeys)
    return try registry.settings(from: keys, context: context)
}
