import Alerting
import Dashboard
import Detection
public import Foundation
import ProbeKit
public import IXPCore
import HTTPListener
import Members
import TimeSeries

extension AgentConfiguration {
    /// Reads and validates a configuration file. Every error names the file, and the line and
    /// column where there is one. Secrets named by `*_env` or `*_file` keys are resolved here.
    public static func load(path: String, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(ConfigurationError) -> AgentConfiguration
    {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigurationError(file: path, message: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(text, file: path, environment: environment)
    }

    /// Parses configuration text; `file` is the name errors use.
    public static func parse(_ text: String, file: String, environment: [String: String] = [:])
        throws(ConfigurationError) -> AgentConfiguration
    {
        var configuration = AgentConfiguration()
        guard let root = try YAMLConfigNode.parse(text, file: file) else { return configuration }
        let kinds = ProbeKindRegistry.builtIn
        let top = try root.mapping(allowed: agentKeys.union(kinds.configurationKeys))
        if let http = top["http"] { configuration.http = try HTTPConfiguration(node: http, environment: environment) }
        if let node = top["state_directory"] { configuration.stateDirectory = try node.string() }
        if let node = top["checkpoint_interval"] { configuration.checkpointInterval = try node.duration(atLeast: 1) }
        if let node = top["shutdown_timeout"] { configuration.shutdownTimeout = try node.duration(atLeast: 1) }
        if let node = top["max_series"] { configuration.maxSeries = try node.integer(in: 1...100_000_000) }
        if let node = top["raw_retention"] { configuration.rawRetention = try node.duration(atLeast: 60) }
        if let node = top["members"] { configuration.members = try MembersSettings(node: node) }
        var probeContext = ProbeConfigurationContext(file: file, environment: environment)
        if let node = top["shard"] {
            let text = try node.string()
            guard let shard = ShardSelection(parsing: text) else {
                throw node.error("must be i/N with 1 ≤ i ≤ N, like 1/2, not '\(text)'")
            }
            configuration.shard = shard
            probeContext.shard = shard
        }
        if let members = configuration.members {
            let source = members.source.lowercased()
            if !source.hasPrefix("http://") && !source.hasPrefix("https://") {
                probeContext.memberListFile = source.hasPrefix("file://") ? String(members.source.dropFirst(7)) : members.source
            }
            probeContext.routeServerASNs = members.routeServerASNs
        }
        configuration.probes = try kinds.settings(from: top, context: probeContext)
        if let node = top["language"] {
            configuration.language = Language(rawValue: try node.choice(Language.allCases.map(\.rawValue))) ?? .english
        }
        configuration.detection.language = configuration.language
        if let node = top["detection"] { try configuration.detection.load(from: node) }
        if let shard = configuration.shard, shard.count > 1 {
            // One shard sees only part of the exchange: its traffic, ports and members would give
            // false exchange-wide verdicts (a "ghost" member whose ports another shard polls).
            // The zombie symptoms are judged from the federated totals instead (`report
            // --prometheus`); a rule configured explicitly stays as configured.
            for rule in RuleID.zombieSymptoms where configuration.detection.rules[rule] == nil {
                configuration.detection.rules[rule] = RuleSettings(enabled: false)
            }
        }
        if let node = top["alerting"] {
            configuration.alerting = try AlertingConfiguration.parse(node, language: configuration.language, environment: environment)
        }
        if let node = top["web"] {
            let keys = try node.mapping(allowed: ["public_page"])
            if let flag = keys["public_page"] { configuration.web.publicPage = try flag.bool() }
        }
        if let node = top["storage"] {
            configuration.storage = try parseStorage(node)
            do {
                try configuration.storeConfiguration.validate()
            } catch {
                throw node.error("\(error)")
            }
        }
        return configuration
    }

    /// The top-level keys the agent itself reads; every other key belongs to a probe kind.
    public static let agentKeys: Set<String> = [
        "http", "state_directory", "checkpoint_interval", "shutdown_timeout", "max_series", "raw_retention", "storage",
        "members", "detection", "language", "alerting", "shard", "web",
    ]
}
