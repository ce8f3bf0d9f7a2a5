import Agent
public import ArgumentParser
import Foundation
import IXPCore
import Logging

/// `ixp-health run`: runs the agent.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the agent: poll the configured switches and serve /metrics.",
        discussion: "Stops cleanly on SIGTERM or SIGINT, writing a last checkpoint. SIGHUP reads the configuration file again and replaces the probes (switches, peering_lan) and the listener's TLS certificate, users and tokens; a file with an error (or a certificate or users file that does not load) is refused, logged, and the running configuration stays. Exit status: 0 after a clean stop; 2 for a bad configuration.")

    @Option(help: "The configuration file (YAML).")
    var config: String

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .info

    func run() async throws {
        ProcessHeap.limitArenas()
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let configuration: AgentConfiguration
        do {
            configuration = try AgentConfiguration.load(path: config)
        } catch {
            exitBadInput(error.description)
        }
        do {
            try await AgentRuntime(configuration: configuration, configurationPath: config).run()
        } catch {
            exitBadInput("cannot run: \(error)")
        }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
