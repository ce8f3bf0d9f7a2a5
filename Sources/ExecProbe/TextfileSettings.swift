public import ProbeKit
public import IXPCore

/// The parsed `textfile:` section: kind `textfile`, `textfile: {directory:}` exports the metrics
/// in the directory's `*.prom` files, as node_exporter's textfile collector does, for jobs (cron,
/// backups) that write their results to a file. One `TextfileProbe`.
public struct TextfileSettings: SingleSectionProbeSettings {
    /// The directory whose `*.prom` files are read.
    public var directory: String
    /// Seconds between reads.
    public var interval: Double = 30
    /// The largest file read; a larger one is an error for that file.
    public var maxBytes: Int = 1 << 20

    /// Settings for `directory`, with the default interval (30 s) and file limit (1 MiB).
    public init(directory: String) {
        self.directory = directory
    }

    /// `textfile`.
    public static let kindName = "textfile"

    /// `textfile`.
    public static let sectionKey = "textfile"

    public var intervals: [Double] { [interval] }

    public func makeProbes() throws -> ProbeSet {
        ProbeSet(probes: [TextfileProbe(settings: self)])
    }

    /// Parses `textfile: {directory, interval, max_bytes}`.
    public static func parse(_ node: YAMLConfigNode, context: ProbeConfigurationContext) throws(ConfigurationError) -> TextfileSettings {
        let keys = try node.mapping(allowed: ["directory", "interval", "max_bytes"])
        guard let directoryNode = keys["directory"] else {
            throw node.error("textfile needs the 'directory' whose *.prom files it reads")
        }
        let directory = try directoryNode.string()
        guard !directory.isEmpty else { throw directoryNode.error("the directory must not be empty") }
        var settings = TextfileSettings(directory: directory)
        if let interval = keys["interval"] { settings.interval = try interval.duration(atLeast: 1) }
        if let maxBytes = keys["max_bytes"] { settings.maxBytes = try maxBytes.integer(in: 1...(64 << 20)) }
        return settings
    }
}
