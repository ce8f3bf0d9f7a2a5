public import ProbeKit
public import IXPCore

/// The exec plugin kind: `exec:` lists commands the agent runs at an interval, each printing
/// Prometheus text or OpenMetrics on standard output. One `ExecProbe` per command.
///
/// ```yaml
/// exec:
///   - {name: ups, command: [/usr/local/bin/ups-status, --prom], interval: 60s, timeout: 10s}
/// ```
public struct ExecProbeKind: ProbeKind {
    /// `exec`.
    public static let kindName = "exec"

    /// Creates the kind.
    public init() {}

    public var name: String { Self.kindName }

    public var configurationKeys: Set<String> { ["exec"] }

    public func settings(from sections: [String: YAMLConfigNode], context: ProbeConfigurationContext)
        throws(ConfigurationError) -> any ProbeSettings
    {
        guard let node = sections["exec"] else {
            throw ConfigurationError(file: context.file, message: "exec: the section is missing")
        }
        return try ExecSettings.parse(node)
    }
}
