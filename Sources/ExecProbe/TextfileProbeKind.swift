public import ProbeKit
public import IXPCore

/// The textfile kind: `textfile: {directory:}` exports the metrics in the directory's `*.prom`
/// files, as node_exporter's textfile collector does, for jobs (cron, backups) that write their
/// results to a file. One `TextfileProbe`.
public struct TextfileProbeKind: ProbeKind {
    /// `textfile`.
    public static let kindName = "textfile"

    /// Creates the kind.
    public init() {}

    public var name: String { Self.kindName }

    public var configurationKeys: Set<String> { ["textfile"] }

    public func settings(from sections: [String: YAMLConfigNode], context: ProbeConfigurationContext)
        throws(ConfigurationError) -> any ProbeSettings
    {
        guard let node = sections["textfile"] else {
            throw ConfigurationError(file: context.file, message: "textfile: the section is missing")
        }
        return try TextfileSettings.parse(node)
    }
}
