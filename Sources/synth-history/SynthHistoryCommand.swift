import ArgumentParser
import Foundation
import SyntheticExchange

/// `synth-history`: writes a synthetic exchange history (OpenMetrics + monthly IX-F exports)
/// and prints its ground truth.
@main
struct SynthHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth-history",
        abstract: "Write a synthetic two-year exchange history: OpenMetrics counters and gauges, and monthly IX-F member exports.",
        discussion: """
            Writes DIR/history.om (for `ixp-health import --openmetrics`) and DIR/ixf/ixf-YYYY-MM-DD.json \
            (one IX-F 1.0 export per month), and prints the scenario's ground truth: the verdict a \
            zombie-IXP detector must reach, from when, and the date each symptom becomes true. The same \
            scenario, end, seed and step always give the same bytes.

            Exit status: 0 written; 1 the files could not be written; 2 bad arguments.
            """)

    @Option(help: "The scenario: \(ExchangeScenario.scenarioNames.joined(separator: ", ")), lab (the exchange of Lab/lab.sh).")
    var scenario: String

    @Option(help: "End of history (exclusive), YYYY-MM-DD, 00:00 UTC; or `now` (for --scenario lab: the current hour).")
    var end: String = "2026-11-01"

    @Option(help: "Seconds between samples (must divide a day).")
    var step: Int = 3_600

    @Option(help: "Output directory (created if needed).")
    var out: String

    @Option(help: "Seed of the random draws (default: the scenario's own).")
    var seed: UInt64?

    @Option(help: "For --scenario scale: number of members (default 1000); for --scenario lab: members present (default 20).")
    var members: Int?

    @Option(help: "For --scenario scale: number of member ports.")
    var ports: Int = 2_000

    @Flag(name: .customLong("no-openmetrics"), help: "Write only the IX-F exports.")
    var noOpenMetrics = false

    @Option(help: "Output: text or json (the ground truth).")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument { case text, json }

    func run() throws {
        guard let endDate = end == "now" ? Date() : Self.parseDay(end) else {
            throw badInput("--end must be a date YYYY-MM-DD or `now`, not '\(end)'")
        }
        guard step >= 1, 86_400 % step == 0 else { throw badInput("--step must be a whole number of seconds that divides a day, not \(step)") }
        let chosen: ExchangeScenario?
        if scenario == "scale" {
            let members = members ?? 1_000
            guard members >= 1, ports >= members else { throw badInput("--members must be at least 1 and --ports at least --members") }
            chosen = ExchangeScenario.scale(members: members, ports: ports, end: endDate, seed: seed ?? 6)
        } else if scenario == "lab" {
            let members = members ?? 20
            guard (1...200).contains(members) else { throw badInput("--members for the lab must be from 1 to 200, not \(members)") }
            chosen = ExchangeScenario.lab(members: members, end: endDate.timeIntervalSince1970, seed: seed ?? 7)
        } else {
            chosen = ExchangeScenario.named(scenario, end: endDate, seed: seed)
        }
        guard let chosen else {
            throw badInput("unknown scenario '\(scenario)'; one of \(ExchangeScenario.scenarioNames.joined(separator: ", "))")
        }
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        var written: OpenMetricsWriteSummary?
        var seconds = 0.0
        var files: [URL] = []
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            FileHandle.standardError.write(Data("synth-history: \(directory.path): cannot create the output directory: \(error.localizedDescription)\n".utf8))
            throw ExitCode(1)
        }
        do {
            if !noOpenMetrics {
                let started = Date()
                written = try OpenMetricsWriter(step: step).write(chosen, to: directory.appendingPathComponent("history.om"))
                seconds = Date().timeIntervalSince(started)
            }
            files = try IXFExportWriter().write(chosen, toDirectory: directory.appendingPathComponent("ixf"))
            if chosen.name == "lab" { try writeLabFiles(chosen, members: members ?? 20, to: directory) }
        } catch {
            FileHandle.standardError.write(Data("synth-history: \(error)\n".utf8))
            throw ExitCode(1)
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            let data = try encoder.encode(chosen.groundTruth)
            print(String(decoding: data, as: UTF8.self))
        case .text:
            printText(chosen, written: written, seconds: seconds, exports: files.count, directory: directory)
        }
    }

    private func printText(_ scenario: ExchangeScenario, written: OpenMetricsWriteSummary?, seconds: Double, exports: Int, directory: URL) {
        let truth = scenario.groundTruth
        print("scenario \(scenario.name) (seed \(scenario.seed)): \(day(scenario.start)) … \(day(scenario.end)), "
              + "\(scenario.members.count) members, \(scenario.portCount) ports")
        if let written {
            let megabytes = Double(written.bytes) / 1_048_576
            print("  \(directory.path)/history.om: \(written.series) series, \(written.samples) samples, "
                  + String(format: "%.1f MiB in %.2f s", megabytes, seconds))
        }
        print("  \(directory.path)/ixf: \(exports) monthly IX-F exports")
        print("verdict: \(truth.verdict.rawValue) from \(day(truth.verdictFrom))")
        print("  \(truth.conclusion)")
        print(String(format: "  growth %+.1f %%/year, largest member share %.1f %%", truth.trafficGrowthPerYear * 100, truth.maximumMemberShare * 100)
              + (truth.dominantMember.map { " (at the end: AS\($0), \(String(format: "%.1f", (truth.dominantShare ?? 0) * 100)) %)" } ?? ""))
        print("ground truth:")
        for event in truth.events where event.tag != "join" || truth.joins.count <= 12 {
            print("  \(day(event.time))  \(event.tag.padding(toLength: 18, withPad: " ", startingAt: 0)) \(event.detail)")
        }
        if truth.joins.count > 12 { print("  (\(truth.joins.count) joins; --format json lists them)") }
    }

    private func day(_ time: Double) -> String {
        let text = IXFExportWriter.isoDate(time)
        return text.hasSuffix("T00:00:00Z") ? String(text.prefix(10)) : text.replacingOccurrences(of: "T", with: " ")
    }

    /// For the lab: `lab-members.tsv` (the member table `Lab/lab.sh` builds from) and
    /// `members.json` (the IX-F export of the history's last moment, which the lab serves).
    private func writeLabFiles(_ scenario: ExchangeScenario, members: Int, to directory: URL) throws {
        let table = scenario.labMemberTable(roles: ExchangeScenario.labRoles(members: members))
        let export = try IXFExportWriter().export(for: scenario, at: scenario.end - 1)
        do {
            try Data(table.utf8).write(to: directory.appendingPathComponent("lab-members.tsv"), options: .atomic)
            try export.write(to: directory.appendingPathComponent("members.json"), options: .atomic)
        } catch {
            throw SyntheticExchangeError("\(directory.path): cannot write the lab's member files: \(error.localizedDescription)")
        }
    }

    private func badInput(_ message: String) -> ExitCode {
        FileHandle.standardError.write(Data("synth-history: \(message)\n".utf8))
        return ExitCode(2)
    }

    static func parseDay(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.date(from: text)
    }
}
