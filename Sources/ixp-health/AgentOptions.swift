import Agent
import ArgumentParser
import Foundation
import HTTPListener
import IXPCore

/// Where a running agent is, for the commands that talk to it (`silence`, `ack`): `--agent URL`,
/// or `--config FILE` whose `http.listen` (and `http.tls`) it uses.
struct AgentOptions: ParsableArguments {
    @Option(help: "A running agent's base URL, e.g. http://127.0.0.1:9470.")
    var agent: String?

    @Option(help: "The agent's configuration file (its http.listen address is used).")
    var config: String?

    /// The base URL, without a trailing slash.
    func baseURL() -> String {
        if let agent { return agent.hasSuffix("/") ? String(agent.dropLast()) : agent }
        guard let config else { exitBadInput("give --agent URL or --config FILE") }
        let configuration: AgentConfiguration
        do {
            configuration = try AgentConfiguration.load(path: config)
        } catch {
            exitBadInput(error.description)
        }
        var host = configuration.http.host
        if host == "0.0.0.0" { host = "127.0.0.1" } else if host == "::" { host = "::1" }
        if host.contains(":") { host = "[\(host)]" }
        return "\(configuration.http.tls == nil ? "http" : "https")://\(host):\(configuration.http.port)"
    }

    /// A CA certificate to trust: IXP_HEALTH_CA_FILE, else the certificate of --config's http.tls.
    func caFile() -> String? {
        if let file = ProcessInfo.processInfo.environment["IXP_HEALTH_CA_FILE"] { return file }
        guard agent == nil, let config else { return nil }
        return (try? AgentConfiguration.load(path: config))?.http.tls?.certificateFile
    }
}
