public import ProbeKit
import TimeSeries
public import IXPCore

/// Runs one configured command and exports the metrics it prints. A run fails (and its metrics
/// are withdrawn, `ixp_probe_success{kind="exec"}` 0) when the command cannot start, exits
/// other than 0, times out, prints more than its limit, prints something that is not
/// Prometheus text, or exports a family another plugin already exports or an `ixp_` name.
public struct ExecProbe: Probe {
    /// The command and its limits.
    public let command: ExecSettings.Command
    private let claims: PluginFamilyClaims

    /// A probe for `command`; `claims` is shared by every plugin of the agent.
    public init(command: ExecSettings.Command, claims: PluginFamilyClaims = .shared) {
        self.command = command
        self.claims = claims
    }

    public var identity: ProbeIdentity { ProbeIdentity(kind: ExecSettings.kindName, name: command.name) }

    public var interval: Double { command.interval }

    public func collect(at time: Double) async throws -> ProbeOutput {
        let owner = identity.description
        let program = command.command.first ?? ""
        do {
            let output: PluginProcess.Output
            do {
                output = try await PluginProcess.run(command.command, timeout: command.timeout, maxBytes: command.maxBytes)
            } catch {
                throw ProbeError("\(program) \(error.message)")
            }
            let source = "the output of \(program)"
            let scrape: [ExpositionTextParser.Family]
            do {
                scrape = try ExpositionTextParser.parse(output.stdout, source: source)
            } catch {
                throw ProbeError("\(source): line \(error.line), column \(error.column): \(error.message)")
            }
            let families = try PluginMetrics.families(scrape, source: source, defaultHelp: "Exported by the exec plugin \(command.name).")
            let taken = claims.claim(Set(families.map(\.name)), for: owner)
            if let first = taken.first {
                throw ProbeError("\(source): \(first.name) is already exported by \(first.owner); two plugins must not export the same family")
            }
            return ProbeOutput(metrics: families)
        } catch {
            claims.release(owner)
            throw error
        }
    }
}
