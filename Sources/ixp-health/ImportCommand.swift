import Agent
import ArgumentParser
import Foundation
import IXPCore
import Members
import StateDatabase
import TimeSeries

/// `ixp-health import`: backfills history from OpenMetrics text into a state directory.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Backfill history from OpenMetrics text with timestamps into the agent's state directory.",
        discussion: """
            Reads the format `promtool tsdb create-blocks-from openmetrics` takes (e.g. exported \
            from a Prometheus), with the agent's metric names and labels. Counters (x_total) \
            become rates (x_per_second). The whole file is validated first: on any bad line \
            nothing is written. Stop the agent first (the state directory is locked while it runs).

            Exit status: 0 imported; 1 the import could not be written (e.g. disk full); 2 bad \
            input (the file, the arguments or the configuration; messages name file:line).
            """)

    @Option(name: .customLong("openmetrics"), help: "The OpenMetrics file to import.")
    var openMetrics: String?

    @Option(name: .customLong("ixf"), parsing: .upToNextOption,
            help: "IX-F member exports to add to the membership history, each at its own timestamp (an archive of older lists).")
    var ixf: [String] = []

    @Option(name: .customLong("state-dir"), help: "The store's state directory (default: state_directory of --config).")
    var stateDirectory: String?

    @Option(help: "The agent's configuration file: gives the state directory, max series and poll interval.")
    var config: String?

    @Option(name: .customLong("raw-step"), help: "Seconds of the raw tier (the poll interval) for a new state directory (default 60, or the configuration's shortest switch interval).")
    var rawStep: Int?

    @Flag(name: .customLong("dry-run"), help: "Only validate the file and show what would be imported.")
    var dryRun = false

    @Option(help: "Output: text or json.")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument { case text, json }

    func run() throws {
        guard openMetrics != nil || !ixf.isEmpty else { exitBadInput("give --openmetrics FILE, --ixf FILE…, or both") }
        if !ixf.isEmpty { try importMemberLists() }
        guard let openMetrics else { return }
        var storeConfiguration = StoreConfiguration()
        var directory = stateDirectory
        var tiersFromConfig = false
        if let config {
            let agent: AgentConfiguration
            do {
                agent = try AgentConfiguration.load(path: config)
            } catch {
                exitBadInput(error.description)
            }
            storeConfiguration = agent.storeConfiguration  // the same tiers and cap the agent runs with
            tiersFromConfig = true
            if directory == nil { directory = agent.stateDirectory }
        }
        guard let directory else {
            exitBadInput("import needs --state-dir DIR, or --config FILE with a state_directory")
        }
        if let step = rawStep, step < 1 { exitBadInput("--raw-step must be at least 1 second, not \(step)") }
        let directoryURL = URL(fileURLWithPath: directory, isDirectory: true)
        if let step = rawStep {
            storeConfiguration.tiers = StoreConfiguration.defaultTiers(rawStep: step)
        } else if let stored = try? TimeSeriesStore.storedTiers(in: directoryURL) {
            storeConfiguration.tiers = stored  // an existing directory keeps its tiers
        } else if !tiersFromConfig {
            storeConfiguration.tiers = StoreConfiguration.defaultTiers(rawStep: 60)
        }

        // 1. Validate the whole file before touching the state directory.
        let plan: ImportPlan
        do {
            plan = try OpenMetricsImporter().parse(contentsOf: URL(fileURLWithPath: openMetrics))
        } catch {
            exitBadInput(error.description)
        }
        if dryRun {
            printSummary(plan: plan, summary: nil, directory: directory, file: openMetrics)
            return
        }

        // 2. Commit all or nothing, then write a checkpoint.
        let store: TimeSeriesStore
        do {
            store = try TimeSeriesStore(configuration: storeConfiguration, directory: directoryURL)
        } catch {
            exitBadInput("\(error)")
        }
        let summary: ImportSummary
        do {
            summary = try store.importHistory(plan)
        } catch {
            exitBadInput("\(openMetrics): \(error)")
        }
        do {
            try store.checkpoint()
        } catch {
            FileHandle.standardError.write(Data("ixp-health: the import was not written: \(error)\n".utf8))
            throw ExitCode(1)
        }
        printSummary(plan: plan, summary: summary, directory: directory, file: openMetrics)
    }

    /// `--ixf`: every export is checked before anything is written, then merged into the
    /// membership history of the state directory's `state.sqlite` in time order.
    private func importMemberLists() throws {
        var directory = stateDirectory
        var routeServerASNs: [UInt32] = []
        if let config {
            do {
                let agent = try AgentConfiguration.load(path: config)
                if directory == nil { directory = agent.stateDirectory }
                routeServerASNs = agent.members?.routeServerASNs ?? []
            } catch {
                exitBadInput(error.description)
            }
        }
        guard let directory else { exitBadInput("import --ixf needs --state-dir DIR, or --config FILE with a state_directory") }
        let results: [MembershipImportResult]
        do {
            let database = try StateDatabase.open(directory: URL(fileURLWithPath: directory, isDirectory: true),
                                                  migrations: [MembershipStore.registerMigrations])
            if dryRun {
                print("would import \(ixf.count) member lists into \(directory)")
                return
            }
            results = try MembershipStore(writer: database).importExports(ixf, routeServerASNs: routeServerASNs)
        } catch {
            exitBadInput("\(error)")
        }
        for result in results {
            let joins = result.events.filter { $0.kind == .join }.count
            let leaves = result.events.filter { $0.kind == .leave }.count
            let date = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: result.at))
            print("\(result.source): \(date), \(result.memberCount) members, \(joins) joins, \(leaves) leaves")
        }
    }

    private func printSummary(plan: ImportPlan, summary: ImportSummary?, directory: String, file openMetrics: String) {
        let counters = plan.series.filter(\.fromCounter).count
        switch format {
        case .json:
            var document: [String: Any] = [
                "file": openMetrics, "state_directory": directory, "dry_run": dryRun,
                "lines": plan.lines, "samples_read": plan.samplesRead, "samples_skipped": plan.samplesSkipped,
                "skipped_families": plan.skippedFamilies, "series": plan.series.count, "series_from_counters": counters,
            ]
            if let summary {
                document["samples_imported"] = summary.samples
                document["new_series"] = summary.newSeries
                document["from"] = summary.from
                document["to"] = summary.to
            }
            if let data = try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys, .prettyPrinted]) {
                print(String(decoding: data, as: UTF8.self))
            }
        case .text:
            print("\(openMetrics): \(plan.lines) lines, \(plan.samplesRead) samples, \(plan.series.count) series (\(counters) counters as rates)")
            if !plan.skippedFamilies.isEmpty {
                print("  skipped \(plan.samplesSkipped) samples of \(plan.skippedFamilies.joined(separator: ", "))")
            }
            if let summary {
                let from = Date(timeIntervalSince1970: summary.from), to = Date(timeIntervalSince1970: summary.to)
                print("  imported \(summary.samples) values into \(directory) (\(summary.newSeries) new series), \(from) … \(to)")
            } else {
                print("  dry run: nothing written")
            }
        }
    }
}
