import Agent
import Alerting
import ArgumentParser
import Foundation
import InterfaceProbe
import HTTPListener
import IXPCore
import ProbeKit
import SNMPClient
import TimeSeries

/// `ixp-health check-config`: validates a configuration file.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Check a configuration file without running anything.",
        discussion: "Exit status: 0 the file is valid; 2 it is not (the message names file, line and column).")

    @Argument(help: "The configuration file (YAML).")
    var file: String

    @Option(help: "Output: text or json.")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument { case text, json }

    func run() throws {
        let configuration: AgentConfiguration
        do {
            configuration = try AgentConfiguration.load(path: file)
        } catch {
            if format == .json {
                let document: [String: Any] = [
                    "valid": false, "file": error.file, "line": error.line as Any, "column": error.column as Any,
                    "message": error.message,
                ]
                if let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys]) {
                    print(String(decoding: data, as: UTF8.self))
                }
                throw ExitCode(2)
            }
            exitBadInput(error.description)
        }
        let configuredSwitches = configuration.settings(SNMPInterfaceSettings.self)?.switches ?? []
        let switches = configuredSwitches.map { entry -> [String: Any] in
            ["name": entry.name, "target": entry.target.displayName, "snmp": entry.target.credentials.description,
             "interval_seconds": entry.interval, "probes": entry.probes]
        }
        switch format {
        case .json:
            let document: [String: Any] = [
                "valid": true, "file": file, "switches": switches,
                "probes": configuration.probes.map { ["kind": $0.kind, "intervals_seconds": $0.intervals] as [String: Any] },
                "listen": "\(configuration.http.host):\(configuration.http.port)",
                "tls": configuration.http.tls != nil,
                "metrics_auth": Self.describe(configuration.http.metricsAuth), "ui_auth": Self.describe(configuration.http.uiAuth),
                "state_directory": configuration.stateDirectory as Any,
                "bytes_per_series": configuration.storeConfiguration.bytesPerSeries,
                "shard": configuration.shard?.description as Any,
            ]
            let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted])
            print(String(decoding: data, as: UTF8.self))
        case .text:
            print("\(file): valid")
            let http = configuration.http
            print("  listen \(http.host):\(http.port) (\(http.tls == nil ? "http" : "https"); /metrics auth: "
                  + "\(Self.describe(http.metricsAuth)); dashboard and API auth: \(Self.describe(http.uiAuth)))")
            print("  state directory \(configuration.stateDirectory ?? "(none: history in memory only)")")
            let store = configuration.storeConfiguration
            let tiers = store.tiers.map { "\($0.name) \($0.step) s × \($0.rows)" }.joined(separator: ", ")
            print("  history tiers: \(tiers); at most \(store.bytesPerSeries) bytes per series uncompressed (older tiers are compressed), at most \(configuration.maxSeries) series")
            if let alerting = configuration.alerting {
                print("  alert email via \(alerting.smtp.host):\(alerting.smtp.port) (tls: \(alerting.smtp.security.rawValue)), "
                      + "\(alerting.receivers.count) receiver(s), \(alerting.routes.count) route(s), \(alerting.silences.count) silence(s)")
            }
            if let shard = configuration.shard {
                print("  shard \(shard): polls \(configuredSwitches.count) switch(es) of the list"
                      + (shard.count > 1 ? "; zombie symptoms are judged from the federated totals (report --prometheus)" : ""))
            }
            for entry in configuredSwitches {
                print("  switch \(entry.name) at \(entry.target.displayName), \(entry.target.credentials), every \(formatDuration(entry.interval)); probes: \(entry.probes.joined(separator: ", "))")
            }
            for settings in configuration.probes where settings.kind != "snmp_interfaces" {
                let intervals = Set(settings.intervals).sorted().map(formatDuration).joined(separator: ", ")
                print("  probe kind \(settings.kind): \(settings.intervals.count) probe(s), every \(intervals)")
            }
        }
    }

    /// `off`, or what an authentication policy accepts: `basic (2 users), bearer (1 token)`.
    static func describe(_ policy: HTTPAuthPolicy?) -> String {
        guard let policy else { return "off" }
        var parts: [String] = []
        if !policy.users.isEmpty { parts.append("basic (\(policy.users.count) user\(policy.users.count == 1 ? "" : "s"))") }
        if !policy.tokens.isEmpty { parts.append("bearer (\(policy.tokens.count) token\(policy.tokens.count == 1 ? "" : "s"))") }
        return parts.joined(separator: ", ")
    }

    private func formatDuration(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
    }
}
