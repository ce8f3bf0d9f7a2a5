import HTTPListener
import Agent
import ArgumentParser
import Detection
import Foundation
import IXPCore
import Members
import Presentation
import ReportSources

struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "The exchange's health report: a verdict per zombie-IXP symptom, findings with evidence, members.",
        discussion: """
            Three ways to get it:
              --agent URL                  fetch it from a running agent (its /api/v1/report);
              --config FILE                from the agent's state directory (the agent stopped), or from the \
            running agent at the configuration's http.listen address when the directory is in use;
              --history FILE --members FILE…   offline, from an OpenMetrics history (as `import` takes \
            it) and one or more IX-F member exports, each at its own timestamp;
              --prometheus URL --members FILE…   from a Prometheus HTTP API (a site's, a federating             one's, Thanos or Mimir), for an exchange polled by several agents (shard: i/N).

            An agent that asks for credentials (http.auth.ui) gets them from IXP_HEALTH_USER and \
            IXP_HEALTH_PASSWORD, or IXP_HEALTH_TOKEN; IXP_HEALTH_CA_FILE names a CA certificate to trust \
            (with --config, the certificate of its http.tls is trusted).

            Exit status: 0 when every verdict is ok or not_enough_data; 1 when any is warning or \
            critical; 2 for bad input (a message names the file).
            """)

    @Option(help: "A running agent's base URL, e.g. http://127.0.0.1:9470.")
    var agent: String?

    @Option(help: "The agent's configuration file.")
    var config: String?

    @Option(help: "An OpenMetrics history file (offline report).")
    var history: String?

    @Option(help: "A Prometheus server's base URL, e.g. http://prometheus:9090: read the history from its HTTP API.")
    var prometheus: String?

    @Option(parsing: .upToNextOption, help: "IX-F member exports (offline report), oldest to newest in any order.")
    var members: [String] = []

    @Option(name: .customLong("route-server-asn"), help: "A route server's ASN, for exports that do not mark them (repeatable).")
    var routeServerASNs: [UInt32] = []

    @Option(help: "The report's time (Unix seconds or YYYY-MM-DD); default: the end of the history, or now.")
    var at: String?

    @Option(help: "Output: text, json or html.")
    var format: Format = .text

    @Option(help: "Language: en or fr (default: the configuration's, else en).")
    var lang: String?

    @Option(name: .shortAndLong, help: "Write the report to this file instead of standard output.")
    var output: String?

    enum Format: String, ExpressibleByArgument { case text, json, html }

    func run() async throws {
        var language: Language? = nil
        if let lang {
            guard let chosen = Language(rawValue: lang) else { exitBadInput("--lang must be en or fr, not '\(lang)'") }
            language = chosen
        }
        let time = try parseTime()
        let modes = [agent != nil, config != nil, history != nil, prometheus != nil].filter { $0 }.count
        guard modes == 1 else {
            exitBadInput("give exactly one of --agent URL, --config FILE, --history FILE or --prometheus URL (these two with --members FILE…)")
        }
        var report: HealthReport
        if let agent {
            report = await fetch(from: agent)
        } else if let config {
            let configuration: AgentConfiguration
            do {
                configuration = try AgentConfiguration.load(path: config)
            } catch {
                exitBadInput(error.description)
            }
            language = language ?? configuration.language
            do {
                var detection = configuration.detection
                detection.language = configuration.language
                report = try HealthReportMaker.fromState(stateDirectory: configuration.stateDirectory,
                                                         storeConfiguration: configuration.storeConfiguration,
                                                         detection: detection, at: time)
            } catch {
                // The state directory is in use: ask the running agent.
                let host = configuration.http.host.contains(":") ? "[\(configuration.http.host)]" : configuration.http.host
                FileHandle.standardError.write(Data("ixp-health: \(error.message); asking the running agent\n".utf8))
                let scheme = configuration.http.tls == nil ? "http" : "https"
                report = await fetch(from: "\(scheme)://\(host):\(configuration.http.port)",
                                     caFile: configuration.http.tls?.certificateFile)
            }
        } else if let prometheus {
            guard prometheus.hasPrefix("http://") || prometheus.hasPrefix("https://") else {
                exitBadInput("--prometheus needs an http:// or https:// URL, not '\(prometheus)'")
            }
            guard !members.isEmpty else { exitBadInput("--prometheus needs --members FILE… (one or more IX-F exports)") }
            var detection = DetectionConfiguration()
            detection.language = language ?? .english
            let end = time ?? Date().timeIntervalSince1970
            do {
                let plan = try await PrometheusHistoryReader(baseURL: prometheus).read(end: end)
                report = try HealthReportMaker.fromPlan(plan, source: prometheus, memberFiles: members, at: time ?? end,
                                                        configuration: detection, routeServerASNs: routeServerASNs)
            } catch {
                exitBadInput(error.message)
            }
        } else {
            guard let history else { exitBadInput("--history needs a file") }
            guard !members.isEmpty else { exitBadInput("--history needs --members FILE… (one or more IX-F exports)") }
            var detection = DetectionConfiguration()
            detection.language = language ?? .english
            do {
                report = try HealthReportMaker.fromHistory(historyFile: history, memberFiles: members, at: time,
                                                           configuration: detection, routeServerASNs: routeServerASNs)
            } catch {
                exitBadInput(error.message)
            }
        }
        let chosen = language ?? report.language
        let text: String
        switch format {
        case .json:
            do {
                report.language = chosen
                text = try HealthReportJSON.string(report)
            } catch {
                FileHandle.standardError.write(Data("ixp-health: \(error)\n".utf8))
                throw ExitCode(1)
            }
        case .text: text = HealthReportText.render(report, language: chosen)
        case .html: text = HealthReportHTML.render(report, language: chosen)
        }
        if let output {
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output))
            } catch {
                exitBadInput("\(output): cannot write: \(error.localizedDescription)")
            }
        } else {
            print(text, terminator: text.hasSuffix("\n") ? "" : "\n")
        }
        if report.worstVerdict == .warning || report.worstVerdict == .critical { throw ExitCode(1) }
    }

    private func parseTime() throws -> Double? {
        guard let at else { return nil }
        if let seconds = Double(at) { return seconds }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        if let date = formatter.date(from: at) { return date.timeIntervalSince1970 }
        if let date = ISO8601DateFormatter().date(from: at) { return date.timeIntervalSince1970 }
        exitBadInput("--at must be Unix seconds, YYYY-MM-DD or an ISO 8601 time, not '\(at)'")
    }

    /// The running agent's report, with the credentials of the environment when it asks for
    /// them (as `silence` does); `caFile` is trusted besides the system's CAs.
    private func fetch(from base: String, caFile: String? = nil) async -> HealthReport {
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        let url = trimmed.hasSuffix("/api/v1/report") ? trimmed : trimmed + "/api/v1/report"
        let (status, data) = await AgentAPI.request(.get, url, caFile: ProcessInfo.processInfo.environment["IXP_HEALTH_CA_FILE"] ?? caFile,
                                                    maximumBytes: 256 << 20, timeout: 30)
        guard status == 200 else {
            if status == 401 {
                exitBadInput("\(url): the agent asks for credentials: set IXP_HEALTH_USER and IXP_HEALTH_PASSWORD, or IXP_HEALTH_TOKEN")
            }
            exitBadInput("\(url): " + (status == 0 ? String(decoding: data, as: UTF8.self) : "the agent answered \(status)"))
        }
        do {
            return try HealthReportJSON.decode(data)
        } catch {
            exitBadInput("\(url): \(error)")
        }
    }
}
