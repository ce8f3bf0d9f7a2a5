public import ProbeKit
public import IXPCore

import Yams
/// The parsed `exec:` section, one entry per command: kind `exec`, commands the agent runs at an
/// interval, each printing Prometheus text or OpenMetrics on standard output. One `ExecProbe`
/// per command.
///
/// ```yaml
/// exec:
///   - {name: ups, command: [/usr/local/bin/ups-status, --prom], interval: 60s, timeout: 10s}
/// ```
public struct ExecSettings: SingleSectionProbeSettings {
    /// One configured command.
    public struct Command: Sendable, Hashable {
        /// Its name: the `name` label of its run metrics.
        public var name: String
        /// The program and its arguments, run without a shell.
        public var command: [String]
        /// Seconds between runs.
        public var interval: Double = 60
        /// Seconds after which the command (its process group) is killed.
        public var timeout: Double = 10
        /// The most standard output read; more is a failure.
        public var maxBytes: Int = 1 << 20

        /// A command with the default interval (60 s), timeout (10 s) and limit (1 MiB).
        public init(name: String, command: [String]) {
            self.name = name
            self.command = command
        }
    }

    /// The commands, in the order of the file.
    public var commands: [Command]

    /// `exec`.
    public static let kindName = "exec"

    /// `exec`.
    public static let sectionKey = "exec"

    public var intervals: [Double] { commands.map(\.interval) }

    public func makeProbes() throws -> ProbeSet {
        ProbeSet(probes: commands.map { ExecProbe(command: $0) })
    }

    /// Parses the `exec:` list.
    public static func parse(_ node: YAMLConfigNode, context: ProbeConfigurationContext) throws(ConfigurationError) -> ExecSettings {
        var commands: [Command] = []
        var names = Set<String>()
        for item in try node.sequence() {
            let keys = try item.mapping(allowed: ["name", "command", "interval", "timeout", "max_bytes"])
            guard let nameNode = keys["name"] else { throw item.error("each exec entry needs a 'name'") }
            let name = try nameNode.string()
            guard !name.isEmpty else { throw nameNode.error("the name must not be empty") }
            guard names.insert(name).inserted else { throw nameNode.error("another exec entry is already named '\(name)'") }
            guard let commandNode = keys["command"] else {
                throw item.error("exec entry '\(name)' needs a 'command': a list, the program then its arguments (no shell)")
            }
            guard commandNode.node.sequence != nil else {
                throw commandNode.error("expected a list, the program then its arguments, e.g. [/usr/local/bin/ups-status, --prom]; the command runs without a shell")
            }
            let argv = try commandNode.sequence().map { part throws(ConfigurationError) in try part.string() }
            guard let program = argv.first, !program.isEmpty else { throw commandNode.error("the command is empty") }
            var command = Command(name: name, command: argv)
            if let interval = keys["interval"] { command.interval = try interval.duration(atLeast: 1) }
            command.timeout = min(command.timeout, command.interval)
            if let timeout = keys["timeout"] {
                command.timeout = try timeout.duration(atLeast: 0.01)
                guard command.timeout <= command.interval else {
                    throw timeout.error("the timeout must not be longer than the interval (\(command.interval) s)")
                }
            }
            if let maxBytes = keys["max_bytes"] { command.maxBytes = try maxBytes.integer(in: 1...(64 << 20)) }
            commands.append(command)
        }
        return ExecSettings(commands: commands)
    }
}
