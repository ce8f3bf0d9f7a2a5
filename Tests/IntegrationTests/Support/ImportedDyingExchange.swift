import Foundation
import ProcessTestSupport
import SyntheticExchange

/// Two years of a slowly dying synthetic exchange, ending at today's midnight (so a running
/// agent's "now" is inside it), written as OpenMetrics and IX-F exports and imported into a
/// fresh state directory: what the tests of a running agent with history start from.
/// `remove()` deletes the scratch folder.
struct ImportedDyingExchange {
    /// The scratch folder (history, exports, state).
    let scratch: URL
    /// The OpenMetrics history.
    let history: URL
    /// The IX-F exports, oldest first.
    let exports: [URL]
    /// The agent's configuration: the state directory, hourly tiers, the newest export as the
    /// member list, detection every 10 s, then `extra`.
    let configuration: String

    /// Writes and imports the history (and, with `importMemberLists`, every export into the
    /// membership history); throws when an import fails.
    init(prefix: String, extra: String = "", importMemberLists: Bool = true) throws {
        scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        let today = (Date().timeIntervalSince1970 / 86_400).rounded(.down) * 86_400
        let scenario = ExchangeScenario.slowlyDying(end: Date(timeIntervalSince1970: today))
        history = scratch.appendingPathComponent("history.om")
        _ = try OpenMetricsWriter(step: 3_600).write(scenario, to: history)
        exports = try IXFExportWriter().write(scenario, toDirectory: scratch.appendingPathComponent("ixf"))
            .sorted { $0.path < $1.path }
        guard let latest = exports.last else { throw HarnessError("the scenario wrote no IX-F export") }
        configuration = """
            state_directory: \(scratch.appendingPathComponent("state").path)
            max_series: 5000
            storage:
              tiers:
                - {name: raw, step: 1h, retention: 400d}
                - {name: 1d, step: 1d, retention: 3650d, functions: [average, maximum]}
              stale_after: 3h
            members:
              source: \(latest.path)
            detection:
              interval: 10s
            \(extra)
            """
        let config = scratch.appendingPathComponent("import.yaml")
        try configuration.write(to: config, atomically: true, encoding: .utf8)
        let imported = try IXPHealthBinary.run(["import", "--openmetrics", history.path, "--config", config.path], timeout: 600)
        guard imported.status == 0 else { throw HarnessError("import --openmetrics: \(imported.stdout)\(imported.stderr)") }
        if importMemberLists {
            let lists = try IXPHealthBinary.run(["import", "--ixf"] + exports.map(\.path) + ["--config", config.path])
            guard lists.status == 0 else { throw HarnessError("import --ixf: \(lists.stdout)\(lists.stderr)") }
        }
    }

    /// Waits (up to `seconds`) until `agent` has a report with its symptoms, and returns its JSON.
    static func waitForReport(_ agent: AgentUnderTest, seconds: Double = 120) async throws -> String {
        var body = ""
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            body = (try? agent.get("/api/v1/report")) ?? ""
            if body.contains("\"symptoms\"") { return body }
            try await Task.sleep(nanoseconds: 500_000_000)
        }
        return body
    }

    /// Deletes the scratch folder.
    func remove() {
        try? FileManager.default.removeItem(at: scratch)
    }
}
