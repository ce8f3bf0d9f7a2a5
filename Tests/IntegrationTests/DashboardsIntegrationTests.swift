import ProcessTestSupport
import Foundation
import Testing

/// The Grafana dashboards and the Prometheus rules in `Dashboards/`: promtool accepts the rules
/// and passes their unit tests, every alert is unit-tested both ways and documented, every board
/// is well-formed Grafana JSON naming only metrics the agent exports, and a real Prometheus
/// holding two hours of synthetic ixp-health metrics answers every query of every board (with
/// data) and evaluates every rule without error.
@Suite("dashboards and rules")
struct DashboardsIntegrationTests {
    /// The repository root, found from this file (Tests/IntegrationTests/…).
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let dashboards = repository.appendingPathComponent("Dashboards")
    static let dashboardFile = dashboards.appendingPathComponent("ixp-health-overview.json")
    /// Every board: the overview and the drill-downs.
    static let boardNames = ["ixp-health-overview.json", "ixp-health-member.json", "ixp-health-lan.json", "ixp-health-zombie.json",
                             "ixp-health-agent.json"]
    static let rulesFile = dashboards.appendingPathComponent("ixp-health-rules.yml")
    static let ruleTestFiles = ["tests/rules_test.yml", "tests/trends_test.yml"].map { dashboards.appendingPathComponent($0) }

    // MARK: promtool

    @Test("promtool check rules accepts the rules file")
    func promtoolChecksRules() throws {
        let result = try Subprocess.run("promtool", ["check", "rules", Self.rulesFile.path])
        #expect(result.status == 0, "promtool check rules: \(result.stdout) \(result.stderr)")
        #expect(result.stdout.contains("SUCCESS"), "\(result.stdout)")
    }

    @Test("promtool test rules passes the unit tests of every alert")
    func promtoolUnitTests() throws {
        let result = try Subprocess.run("promtool", ["test", "rules"] + Self.ruleTestFiles.map(\.path), timeout: 120)
        #expect(result.status == 0, "promtool test rules: \(result.stdout) \(result.stderr)")
    }

    @Test("every alert has a unit test where it fires and one where it does not")
    func everyAlertIsTestedBothWays() throws {
        let alerts = try Self.ruleNames(kind: "alert")
        #expect(alerts.count >= 15, "alerts found: \(alerts)")
        var firing: Set<String> = []
        var quiet: Set<String> = []
        for file in Self.ruleTestFiles {
            let lines = try String(contentsOf: file, encoding: .utf8).components(separatedBy: "\n")
            for (index, line) in lines.enumerated() {
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                guard trimmed.hasPrefix("alertname:") else { continue }
                let name = trimmed.dropFirst("alertname:".count).trimmingCharacters(in: .whitespaces)
                let next = lines[(index + 1)...].map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty } ?? ""
                if next == "exp_alerts: []" {
                    quiet.insert(name)
                } else if next == "exp_alerts:" {
                    firing.insert(name)
                }
            }
        }
        for alert in alerts {
            #expect(firing.contains(alert), "\(alert) has no unit test where it fires")
            #expect(quiet.contains(alert), "\(alert) has no unit test where it stays quiet")
        }
        #expect(firing.subtracting(alerts).isEmpty, "tests of unknown alerts: \(firing.subtracting(alerts))")
    }

    @Test("Dashboards/README.md lists every alert and recording rule")
    func readmeListsEveryRule() throws {
        let readme = try String(contentsOf: Self.dashboards.appendingPathComponent("README.md"), encoding: .utf8)
        for name in try Self.ruleNames(kind: "alert") + Self.ruleNames(kind: "record") {
            #expect(readme.contains("`\(name)`"), "README.md does not mention \(name)")
        }
    }

    // MARK: the dashboard

    @Test("the dashboard is Grafana JSON whose panels all query the datasource variable")
    func dashboardIsWellFormed() throws {
        let dashboard = try Self.loadDashboard()
        #expect((dashboard["schemaVersion"] as? Int ?? 0) >= 36)
        #expect((dashboard["uid"] as? String ?? "").isEmpty == false)
        #expect((dashboard["title"] as? String ?? "").isEmpty == false)

        let variables = Self.variables(dashboard)
        let datasource = variables.first { $0["name"] as? String == "datasource" }
        #expect(datasource?["type"] as? String == "datasource")
        #expect(datasource?["query"] as? String == "prometheus")
        for name in ["switch", "member_asn"] {
            let variable = variables.first { $0["name"] as? String == name }
            #expect(variable?["type"] as? String == "query", "\(name) is not a query variable")
            let definition = (variable?["definition"] as? String) ?? ""
            #expect(definition.hasPrefix("label_values("), "\(name) is defined by '\(definition)'")
            #expect(Self.refersToDatasourceVariable(variable?["datasource"]), "\(name) does not query $datasource")
            #expect(variable?["multi"] as? Bool == true && variable?["includeAll"] as? Bool == true, "\(name) is not multi-value with All")
        }

        let panels = Self.allPanels(dashboard)
        var ids: Set<Int> = []
        var queryPanels = 0
        for panel in panels {
            let title = panel["title"] as? String ?? "?"
            if let id = panel["id"] as? Int {
                #expect(ids.insert(id).inserted, "panel id \(id) used twice")
            } else {
                Issue.record("panel \(title) has no id")
            }
            let grid = panel["gridPos"] as? [String: Any] ?? [:]
            let x = grid["x"] as? Int ?? -1, w = grid["w"] as? Int ?? 0, h = grid["h"] as? Int ?? 0
            #expect(x >= 0 && w > 0 && h > 0 && x + w <= 24, "panel \(title) has gridPos \(grid)")
            guard panel["type"] as? String != "row" else { continue }
            queryPanels += 1
            #expect(Self.refersToDatasourceVariable(panel["datasource"]), "panel \(title) does not use ${datasource}")
            let targets = panel["targets"] as? [[String: Any]] ?? []
            #expect(!targets.isEmpty, "panel \(title) has no query")
            var refIds: Set<String> = []
            for target in targets {
                #expect(Self.refersToDatasourceVariable(target["datasource"]), "a query of \(title) does not use ${datasource}")
                #expect(!(target["expr"] as? String ?? "").isEmpty, "a query of \(title) has no expr")
                #expect(refIds.insert(target["refId"] as? String ?? "").inserted, "refIds repeat in \(title)")
            }
        }
        #expect(queryPanels >= 30, "only \(queryPanels) panels")

        // The NOC's questions are all on it.
        let expressions = Self.expressions(dashboard).map(\.expr).joined(separator: "\n")
        for metric in ["ixp_interface_receive_bytes_total", "ixp_interface_transmit_bytes_total", "ixp_interface_speed_bytes",
                       "ixp_interface_up", "ixp_interface_admin_up", "ixp_interface_receive_errors_total",
                       "ixp_interface_transmit_discards_total", "ixp_interface_receive_packets_total", "ixp_interface_hc_counters",
                       "ixp_snmp_poll_success", "ixp_snmp_poll_duration_seconds", "ixp_snmp_last_success_timestamp_seconds",
                       "ixp_snmp_counter_discontinuities_total", "ixp_store_series", "ixp_store_series_limit", "ixp_store_disk_full",
                       "ixp_store_samples_dropped_total", "ixp_lan_frames_total", "ixp_lan_violations_total",
                       "ixp_lan_capture_dropped_frames_total", "ixp:exchange_traffic_bits:rate5m"] {
            #expect(expressions.contains(metric), "no panel shows \(metric)")
        }
    }

    @Test("every board is Grafana JSON: unique uid, datasource variable, query variables, unique panel ids, laid out, every query on ${datasource}")
    func everyBoardIsWellFormed() throws {
        let boards = try Self.loadBoards()
        #expect(boards.count == Self.boardNames.count)
        var uids: Set<String> = []
        for (name, board) in boards {
            let uid = board["uid"] as? String ?? ""
            #expect(!uid.isEmpty && uids.insert(uid).inserted, "\(name): uid '\(uid)' missing or repeated")
            #expect((board["schemaVersion"] as? Int ?? 0) >= 36, "\(name)")
            #expect(!(board["title"] as? String ?? "").isEmpty, "\(name) has no title")
            #expect((board["tags"] as? [String] ?? []).contains("ixp-health"), "\(name) is not tagged ixp-health (the boards link by tag)")
            let variables = Self.variables(board)
            let datasource = variables.first { $0["name"] as? String == "datasource" }
            #expect(datasource?["type"] as? String == "datasource" && datasource?["query"] as? String == "prometheus", "\(name)")
            for variable in variables where variable["type"] as? String == "query" {
                let definition = variable["definition"] as? String ?? ""
                #expect(definition.hasPrefix("label_values("), "\(name): \(variable["name"] ?? "?") is defined by '\(definition)'")
                #expect(Self.refersToDatasourceVariable(variable["datasource"]), "\(name): \(variable["name"] ?? "?") does not query $datasource")
            }
            var ids: Set<Int> = []
            var occupied: [(Int, Int, Int, Int, String)] = []
            var queryPanels = 0
            for panel in Self.allPanels(board) {
                let title = panel["title"] as? String ?? "?"
                if let id = panel["id"] as? Int {
                    #expect(ids.insert(id).inserted, "\(name): panel id \(id) used twice")
                } else {
                    Issue.record("\(name): panel \(title) has no id")
                }
                let grid = panel["gridPos"] as? [String: Any] ?? [:]
                let x = grid["x"] as? Int ?? -1, y = grid["y"] as? Int ?? -1, w = grid["w"] as? Int ?? 0, h = grid["h"] as? Int ?? 0
                #expect(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24, "\(name): panel \(title) has gridPos \(grid)")
                for (ox, oy, ow, oh, other) in occupied where x < ox + ow && ox < x + w && y < oy + oh && oy < y + h {
                    Issue.record("\(name): panels \(title) and \(other) overlap")
                }
                occupied.append((x, y, w, h, title))
                guard panel["type"] as? String != "row" else { continue }
                queryPanels += 1
                #expect(!(panel["description"] as? String ?? "").isEmpty, "\(name): panel \(title) has no description")
                #expect(Self.refersToDatasourceVariable(panel["datasource"]), "\(name): panel \(title) does not use ${datasource}")
                let targets = panel["targets"] as? [[String: Any]] ?? []
                #expect(!targets.isEmpty, "\(name): panel \(title) has no query")
                var refIds: Set<String> = []
                for target in targets {
                    #expect(Self.refersToDatasourceVariable(target["datasource"]), "\(name): a query of \(title) does not use ${datasource}")
                    #expect(!(target["expr"] as? String ?? "").isEmpty, "\(name): a query of \(title) has no expr")
                    #expect(refIds.insert(target["refId"] as? String ?? "").inserted, "\(name): refIds repeat in \(title)")
                }
            }
            #expect(queryPanels >= 12, "\(name): only \(queryPanels) panels")
        }

        // What each drill-down is for.
        let byName = Dictionary(uniqueKeysWithValues: boards)
        func text(_ name: String) -> String {
            byName[name].map { Self.expressions($0).map(\.expr).joined(separator: "\n") } ?? ""
        }
        if let member = byName["ixp-health-member.json"] {
            let variable = Self.variables(member).first { $0["name"] as? String == "member_asn" }
            #expect(variable?["type"] as? String == "query" && variable?["multi"] as? Bool == false, "$member_asn is one member")
            for (title, expr, _) in Self.expressions(member) {
                #expect(expr.contains("member_asn=\"$member_asn\""), "member board: \(title) is not about $member_asn: \(expr)")
            }
        }
        let expectations: [String: [String]] = [
            "ixp-health-member.json": ["ixp_interface_up", "ixp_interface_receive_bytes_total", "ixp_interface_speed_bytes",
                                       "ixp_interface_receive_errors_total", "ixp_interface_transmit_discards_total",
                                       "ixp_finding_active{rule=\"lan_violation\"", "ixp_route_server_session_up",
                                       "ixp:member_traffic_bits:rate5m"],
            "ixp-health-lan.json": ["ixp_lan_frames_total", "ixp_lan_violations_total", "ixp_lan_arp_frames_per_minute",
                                    "ixp_lan_nd_flooders", "ixp_lan_capture_dropped_frames_total", "ixp_lan_bgp_sessions",
                                    "ixp_finding_active{rule=\"lan_violation\"}"],
            "ixp-health-zombie.json": ["ixp_zombie_symptom", "ixp_findings", "ixp_finding_active", "ixp:exchange_traffic_bits:rate5m",
                                       "ixp_interface_up", "ixp_detection_last_evaluation_timestamp_seconds"],
            "ixp-health-agent.json": ["ixp_probe_success", "ixp_probe_duration_seconds", "ixp_probe_last_success_timestamp_seconds",
                                      "ixp_store_series", "ixp_store_samples_dropped_total", "ixp_store_checkpoint_failures_total",
                                      "ixp_alert_outbox_messages", "ixp_alert_emails_failed_total", "scrape_duration_seconds",
                                      "ixp_detection_duration_seconds"],
        ]
        for (name, needles) in expectations {
            let expressions = text(name)
            #expect(!expressions.isEmpty, "\(name) is missing")
            for needle in needles { #expect(expressions.contains(needle), "\(name): no panel shows \(needle)") }
        }
        // The zombie board shows every symptom's verdict over time.
        let zombie = byName["ixp-health-zombie.json"].map(Self.allPanels) ?? []
        #expect(zombie.contains { $0["type"] as? String == "state-timeline"
            && (($0["targets"] as? [[String: Any]])?.first?["expr"] as? String) == "ixp_zombie_symptom" })
    }

    @Test("every metric the dashboard and the rules name is one the agent exports")
    func metricNamesExist() throws {
        let readme = try String(contentsOf: Self.repository.appendingPathComponent("docs/metrics.md"), encoding: .utf8)
        var sources = ""
        let enumerator = FileManager.default.enumerator(at: Self.repository.appendingPathComponent("Sources"), includingPropertiesForKeys: nil)
        while let file = enumerator?.nextObject() as? URL {
            if file.pathExtension == "swift" { sources += (try? String(contentsOf: file, encoding: .utf8)) ?? "" }
        }
        // The rules file without its comments (which speak of families like ixp_lan_*).
        let rules = try String(contentsOf: Self.rulesFile, encoding: .utf8).components(separatedBy: "\n")
            .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
        var text = rules.joined(separator: "\n")
        for (_, board) in try Self.loadBoards() {
            text += "\n" + Self.expressions(board).map(\.expr).joined(separator: "\n")
            text += "\n" + Self.variables(board).compactMap { $0["definition"] as? String }.joined(separator: "\n")
        }
        let names = Set(Self.metricNames(in: text))
        #expect(names.count > 30, "\(names)")
        for name in names.sorted() {
            #expect(readme.contains("`\(name)`") || sources.contains("\"\(name)\""),
                    "\(name) is neither in docs/metrics.md's metric tables nor a metric name in Sources/")
        }
        // The synthetic data of the Prometheus test uses real names too.
        for name in Set(Self.metricNames(in: Self.syntheticMetrics(end: 1_000_000).text)).sorted() {
            #expect(readme.contains("`\(name)`") || sources.contains("\"\(name)\""), "synthetic series \(name) is not a metric the agent exports")
        }
    }

    // MARK: a real Prometheus

    @Test("a real Prometheus answers every dashboard query with data and evaluates every rule")
    func everyQueryRunsInPrometheus() async throws {
        let scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-dash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (prometheus, base) = try await Self.startPrometheus(in: scratch)
        defer { prometheus.stop() }

        // The recording rules have run once the trend panels have something to show.
        var recorded = 0
        for _ in 0..<100 {
            recorded = (try? Self.query(base, "ixp:member_traffic_bits:rate5m").results) ?? 0
            if recorded > 0 { break }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        #expect(recorded > 0, "the recording rules never produced ixp:member_traffic_bits:rate5m")

        let dashboard = try Self.loadDashboard()
        let expressions = Self.expressions(dashboard)
        #expect(expressions.count >= 50)
        // "All" selected, as Grafana sends it: the variables' allValue .*.
        let all = Self.substitutions(dashboard, selecting: [:])
        // A second ahead, so that the recording rules' first samples fall inside the range.
        let end = Int(Date().timeIntervalSince1970) + 1
        // Every query of every board, with its variables at their defaults ("All", or the
        // member board's example member, AS64500).
        for (name, board) in try Self.loadBoards() {
            let defaults = Self.substitutions(board, selecting: [:])
            for (title, expr, isInstant) in Self.expressions(board) {
                let promql = Self.substitute(expr, defaults)
                #expect(!promql.contains("$"), "\(name) \(title): unreplaced variable in \(promql)")
                let answer = try Self.query(base, promql)
                #expect(answer.status == "success", "\(name) \(title): \(promql) → \(answer.error)")
                #expect(answer.results > 0, "\(name) \(title): \(promql) returned no data")
                if !isInstant {
                    let range = try Self.query(base, promql, range: (end - 3600, end, 60))
                    #expect(range.status == "success" && range.results > 0,
                            "\(name) \(title) over the last hour: \(promql) → \(range.error)")
                }
            }
            // Every variable's own query finds values.
            for variable in Self.variables(board) {
                guard let definition = variable["definition"] as? String, definition.hasPrefix("label_values(") else { continue }
                let inner = Self.substitute(String(definition.dropFirst("label_values(".count).dropLast()), defaults)
                guard let comma = inner.lastIndex(of: ",") else { continue }
                let selector = String(inner[..<comma])
                let label = inner[inner.index(after: comma)...].trimmingCharacters(in: .whitespaces)
                let answer = try Self.query(base, "count by (\(label)) (\(selector))")
                #expect(answer.status == "success" && answer.results > 0, "\(name): variable \(definition) has no values")
            }
        }
        // The numbers a NOC reads off the top of the dashboard, from the synthetic exchange:
        // members send 6e10 + 3e9 + 2e10 bytes a minute (the uplink does not count); sw1 Et3 is
        // down with admin up (sw2 Et2 is admin down); AS64500 and AS64501 have a port up; sw2
        // fails its polls; the busiest port is sw1 Et1 receiving 1e9 of 1.25e9 bytes/s; the store
        // holds 900 of 1000 series.
        let expectedValues: [(String, Double)] = [
            ("Exchange traffic (in from members) A", (6e10 + 3e9 + 2e10) / 60 * 8),
            ("Ports down (admin up) A", 1), ("Members with a port up A", 2), ("Switches failing SNMP polls A", 1),
            ("Busiest ports now (max of in and out) A", 0.8), ("Store series used A", 0.9),
        ]
        for (title, expected) in expectedValues {
            guard let expr = expressions.first(where: { $0.title == title })?.expr else {
                Issue.record("no panel query \(title)")
                continue
            }
            let values = try Self.query(base, Self.substitute(expr, all)).values
            let shown = values.max() ?? .nan
            #expect(abs(shown - expected) <= abs(expected) * 0.01, "\(title) shows \(values), expected \(expected)")
        }

        // Several values selected: Grafana's regex form (a|b).
        for (name, board) in try Self.loadBoards() {
            let multi = Set(Self.variables(board).filter { $0["multi"] as? Bool == true }.compactMap { $0["name"] as? String })
            guard !multi.isEmpty else { continue }
            let choices = ["switch": "(sw1|sw2)", "member_asn": "(64500|64501)", "interface": "(eth1|eth2)",
                           "instance": "(127.0.0.1:9464|127.0.0.1:9465)"].filter { multi.contains($0.key) }
            let some = Self.substitutions(board, selecting: choices)
            for (title, expr, _) in Self.expressions(board) {
                let promql = Self.substitute(expr, some)
                let answer = try Self.query(base, promql)
                #expect(answer.status == "success", "\(name) \(title) with a selection: \(promql) → \(answer.error)")
            }
        }

        // Every rule: no evaluation error, its expression valid over the data, labels and
        // annotations a receiver can use.
        let rules = try Self.getJSON(base + "/api/v1/rules")
        let groups = (rules["data"] as? [String: Any])?["groups"] as? [[String: Any]] ?? []
        var seen = 0
        for group in groups {
            for rule in group["rules"] as? [[String: Any]] ?? [] {
                seen += 1
                let name = rule["name"] as? String ?? "?"
                #expect(rule["health"] as? String != "err", "\(name): \(rule["lastError"] as? String ?? "")")
                let answer = try Self.query(base, rule["query"] as? String ?? "")
                #expect(answer.status == "success", "\(name): \(answer.error)")
                guard rule["type"] as? String == "alerting" else { continue }
                let labels = rule["labels"] as? [String: String] ?? [:]
                #expect(["critical", "warning"].contains(labels["severity"] ?? ""), "\(name) has severity \(labels["severity"] ?? "none")")
                let annotations = rule["annotations"] as? [String: String] ?? [:]
                #expect(!(annotations["summary"] ?? "").isEmpty && !(annotations["description"] ?? "").isEmpty,
                        "\(name) lacks a summary or description")
            }
        }
        let expected = try Self.ruleNames(kind: "alert").count + Self.ruleNames(kind: "record").count
        #expect(seen == expected, "Prometheus loaded \(seen) rules, the file has \(expected) (record names repeat)")

        // The synthetic exchange has an STP leak (fires at once), a member port down and a
        // failing switch (pending: their `for` runs from Prometheus's start).
        var states: [String: String] = [:]
        for _ in 0..<50 {
            let alerts = ((try? Self.getJSON(base + "/api/v1/alerts"))?["data"] as? [String: Any])?["alerts"] as? [[String: Any]] ?? []
            states = [:]
            for alert in alerts {
                let name = (alert["labels"] as? [String: String])?["alertname"] ?? "?"
                states[name] = alert["state"] as? String ?? "?"
            }
            if states["IXPLANSpanningTree"] == "firing", states["IXPPortDown"] != nil, states["IXPHealthSNMPPollFailing"] != nil { break }
            try await Task.sleep(nanoseconds: 200_000_000)
        }
        #expect(states["IXPLANSpanningTree"] == "firing", "\(states)")
        #expect(states["IXPPortDown"] != nil, "\(states)")
        #expect(states["IXPHealthSNMPPollFailing"] != nil, "\(states)")
        #expect(states["IXPHealthAgentAbsent"] == nil, "\(states)")
        #expect(states["IXPInfrastructurePortDown"] == nil, "the admin-down port and the up uplink are no alarm: \(states)")
    }

    // MARK: helpers

    /// Backfills two hours of synthetic metrics into a fresh TSDB with promtool, then starts
    /// Prometheus on it with the rules loaded and no scrape targets. Returns it and its base URL.
    static func startPrometheus(in scratch: URL) async throws -> (ServerProcess, String) {
        let data = scratch.appendingPathComponent("synthetic.om")
        let tsdb = scratch.appendingPathComponent("tsdb")
        try syntheticMetrics(end: Int(Date().timeIntervalSince1970) - 5).text.write(to: data, atomically: true, encoding: .utf8)
        let backfill = try await Subprocess.run("promtool", ["tsdb", "create-blocks-from", "openmetrics", data.path, tsdb.path], timeout: 120)
        guard backfill.succeeded else {
            throw HarnessError("promtool tsdb create-blocks-from openmetrics: \(backfill.stdout) \(backfill.stderr)")
        }
        let config = scratch.appendingPathComponent("prometheus.yml")
        try """
            global:
              evaluation_interval: 1s
            rule_files:
              - \(rulesFile.path)
            scrape_configs: []
            """.write(to: config, atomically: true, encoding: .utf8)
        let port = try FreePort.tcp()
        let log = scratch.appendingPathComponent("prometheus.log")
        let prometheus = try Subprocess.start(
            "prometheus",
            ["--config.file=\(config.path)", "--storage.tsdb.path=\(tsdb.path)", "--web.listen-address=127.0.0.1:\(port)"],
            logFile: log)
        let base = "http://127.0.0.1:\(port)"
        for _ in 0..<150 {
            if (try? HTTPGet.text(base + "/-/ready")) != nil { return (prometheus, base) }
            guard prometheus.isRunning else { break }
            try await Task.sleep(nanoseconds: 100_000_000)
        }
        prometheus.stop()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw HarnessError("prometheus did not become ready: \(text.suffix(2000))")
    }

    /// What /api/v1/query or /api/v1/query_range answered.
    struct QueryAnswer {
        var status: String
        var results: Int
        var error: String
        /// The sample values of an instant query's vector.
        var values: [Double] = []
    }

    /// Runs a PromQL query, instant or over `range` (start, end, step in seconds), and returns
    /// the answer whatever the HTTP status (a parse error is a 400 with a JSON body).
    static func query(_ base: String, _ promql: String, range: (Int, Int, Int)? = nil) throws -> QueryAnswer {
        var arguments = ["-sS", "--max-time", "20", "-G", "--data-urlencode", "query=\(promql)"]
        if let (start, end, step) = range {
            arguments += ["--data-urlencode", "start=\(start)", "--data-urlencode", "end=\(end)", "--data-urlencode", "step=\(step)",
                          base + "/api/v1/query_range"]
        } else {
            arguments.append(base + "/api/v1/query")
        }
        let result = try Subprocess.run("curl", arguments, timeout: 25)
        guard result.succeeded else { throw HarnessError("curl \(promql): \(result.stderr)") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            return QueryAnswer(status: "unparseable", results: 0, error: String(result.stdout.prefix(300)))
        }
        let data = object["data"] as? [String: Any]
        let results = (data?["result"] as? [Any])?.count ?? 0
        let error = [object["errorType"] as? String, object["error"] as? String].compactMap { $0 }.joined(separator: ": ")
        let values = (data?["result"] as? [[String: Any]] ?? []).compactMap { sample in
            ((sample["value"] as? [Any])?.last as? String).flatMap(Double.init)
        }
        return QueryAnswer(status: object["status"] as? String ?? "?", results: results, error: error, values: values)
    }

    static func getJSON(_ url: String) throws -> [String: Any] {
        let text = try HTTPGet.text(url)
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw HarnessError("\(url) did not answer a JSON object: \(text.prefix(300))")
        }
        return object
    }

    /// Every board of `boardNames`, with its file name.
    static func loadBoards() throws -> [(String, [String: Any])] {
        try boardNames.map { name in
            let file = dashboards.appendingPathComponent(name)
            guard let object = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] else {
                throw HarnessError("\(file.path) is not a JSON object")
            }
            return (name, object)
        }
    }

    static func loadDashboard() throws -> [String: Any] {
        let data = try Data(contentsOf: dashboardFile)
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw HarnessError("\(dashboardFile.path) is not a JSON object")
        }
        return object
    }

    static func variables(_ dashboard: [String: Any]) -> [[String: Any]] {
        (dashboard["templating"] as? [String: Any])?["list"] as? [[String: Any]] ?? []
    }

    /// Every panel, rows and the panels inside collapsed rows included.
    static func allPanels(_ dashboard: [String: Any]) -> [[String: Any]] {
        func flatten(_ panels: [[String: Any]]) -> [[String: Any]] {
            panels.flatMap { [$0] + flatten($0["panels"] as? [[String: Any]] ?? []) }
        }
        return flatten(dashboard["panels"] as? [[String: Any]] ?? [])
    }

    /// (panel title, expr, instant?) of every query of every panel.
    static func expressions(_ dashboard: [String: Any]) -> [(title: String, expr: String, instant: Bool)] {
        allPanels(dashboard).flatMap { panel in
            (panel["targets"] as? [[String: Any]] ?? []).map { target in
                ((panel["title"] as? String ?? "?") + " " + (target["refId"] as? String ?? ""),
                 target["expr"] as? String ?? "", target["instant"] as? Bool ?? false)
            }
        }
    }

    /// Whether a panel's, query's or variable's datasource is the `datasource` variable.
    static func refersToDatasourceVariable(_ value: Any?) -> Bool {
        if let text = value as? String { return text == "$datasource" || text == "${datasource}" }
        guard let object = value as? [String: Any] else { return false }
        let uid = object["uid"] as? String
        return (uid == "$datasource" || uid == "${datasource}") && (object["type"] as? String ?? "prometheus") == "prometheus"
    }

    /// What Grafana puts in place of each variable: `selecting` for the named ones, else the
    /// allValue when "All" is current, else the current value; built-in interval variables as
    /// Grafana computes them for a one-hour dashboard.
    static func substitutions(_ dashboard: [String: Any], selecting: [String: String]) -> [(String, String)] {
        var values: [String: String] = ["__rate_interval": "5m", "__interval": "1m", "__range": "1h"]
        for variable in variables(dashboard) {
            guard let name = variable["name"] as? String, variable["type"] as? String != "datasource" else { continue }
            let current = (variable["current"] as? [String: Any])?["value"]
            let currentValue = (current as? String) ?? ((current as? [String])?.first) ?? ""
            if let chosen = selecting[name] {
                values[name] = chosen
            } else if currentValue == "$__all" {
                values[name] = variable["allValue"] as? String ?? ".*"
            } else {
                values[name] = currentValue
            }
        }
        // Longest names first, so that $__rate_interval is not taken for $__range's prefix.
        return values.sorted { $0.key.count > $1.key.count }.flatMap { [("${\($0.key)}", $0.value), ("$\($0.key)", $0.value)] }
    }

    static func substitute(_ expr: String, _ substitutions: [(String, String)]) -> String {
        substitutions.reduce(expr) { $0.replacingOccurrences(of: $1.0, with: $1.1) }
    }

    /// Names of `- alert:` or `- record:` rules in the rules file, in order (record names
    /// repeat when several rules record one metric).
    static func ruleNames(kind: String) throws -> [String] {
        let text = try String(contentsOf: rulesFile, encoding: .utf8)
        return text.components(separatedBy: "\n").compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasPrefix("- \(kind): ") else { return nil }
            return String(trimmed.dropFirst("- \(kind): ".count)).trimmingCharacters(in: .whitespaces)
        }
    }

    /// `ixp_…` metric names in a text (recording-rule names, `ixp:…`, are not matched).
    static func metricNames(in text: String) -> [String] {
        var names: [String] = []
        var current = ""
        var previous: Character = " "
        for character in text + " " {
            if character.isLetter || character.isNumber || character == "_" {
                if current.isEmpty && (previous == ":" || previous.isLetter || previous.isNumber) {
                    previous = character
                    continue
                }
                current.append(character)
            } else {
                if current.hasPrefix("ixp_") { names.append(current) }
                current = ""
            }
            previous = character
        }
        return names
    }

    /// Two hours of samples, one a minute ending at `end` (Unix seconds), of an exchange with
    /// two switches: member ports busy and idle, a port down, an admin-down port, an uplink, a
    /// port on 32-bit counters, errors and discards, a failing switch, the agent's store and a
    /// peering LAN with STP and LLDP leaks; the probes' runs, a route server, the detector's
    /// verdicts and findings, the alert outbox and Prometheus' scrape series. OpenMetrics text
    /// for `promtool tsdb create-blocks-from openmetrics`.
    static func syntheticMetrics(end: Int) -> (text: String, samples: Int) {
        let count = 120
        let times = (0..<count).map { end - (count - 1 - $0) * 60 }
        var lines: [String] = []
        func series(_ name: String, _ labels: [(String, String)], _ value: (Int) -> Double) {
            let rendered = ([("instance", "127.0.0.1:9464"), ("job", "ixp-health")] + labels)
                .map { "\($0.0)=\"\($0.1)\"" }.joined(separator: ",")
            for (k, time) in times.enumerated() {
                lines.append("\(name){\(rendered)} \(value(k)) \(time)")
            }
        }
        struct Port {
            var switchName: String, interface: String, asn: String
            var speed: Double, up: Double, adminUp: Double, hc: Double, receivePerMinute: Double, transmitPerMinute: Double
            var errorsPerMinute: Double = 0, discardsPerMinute: Double = 0
        }
        let ports = [
            Port(switchName: "sw1", interface: "Et1", asn: "64500", speed: 1.25e9, up: 1, adminUp: 1, hc: 1,
                 receivePerMinute: 6e10, transmitPerMinute: 3e10, errorsPerMinute: 120),
            Port(switchName: "sw1", interface: "Et2", asn: "64501", speed: 1.25e8, up: 1, adminUp: 1, hc: 0,
                 receivePerMinute: 3e9, transmitPerMinute: 2e9, discardsPerMinute: 9000),
            Port(switchName: "sw1", interface: "Et3", asn: "64502", speed: 1.25e9, up: 0, adminUp: 1, hc: 1,
                 receivePerMinute: 0, transmitPerMinute: 0),
            Port(switchName: "sw2", interface: "Et1", asn: "64500", speed: 1.25e9, up: 1, adminUp: 1, hc: 1,
                 receivePerMinute: 2e10, transmitPerMinute: 4e10),
            Port(switchName: "sw2", interface: "Et2", asn: "64503", speed: 1.25e9, up: 0, adminUp: 0, hc: 1,
                 receivePerMinute: 0, transmitPerMinute: 0),
            Port(switchName: "sw2", interface: "Et49", asn: "", speed: 1.25e10, up: 1, adminUp: 1, hc: 1,
                 receivePerMinute: 9e10, transmitPerMinute: 9e10),
        ]
        func labels(_ port: Port) -> [(String, String)] {
            [("switch", port.switchName), ("interface", port.interface)] + (port.asn.isEmpty ? [] : [("member_asn", port.asn)])
        }
        // Families stay together, as OpenMetrics wants.
        let interfaceFamilies: [(String, (Port, Int) -> Double)] = [
                              ("ixp_interface_receive_bytes_total", { (p: Port, k: Int) in Double(k) * p.receivePerMinute }),
                              ("ixp_interface_transmit_bytes_total", { (p: Port, k: Int) in Double(k) * p.transmitPerMinute }),
                              ("ixp_interface_receive_errors_total", { (p: Port, k: Int) in Double(k) * p.errorsPerMinute }),
                              ("ixp_interface_transmit_errors_total", { (_: Port, _: Int) in 0 }),
                              ("ixp_interface_receive_discards_total", { (_: Port, _: Int) in 0 }),
                              ("ixp_interface_transmit_discards_total", { (p: Port, k: Int) in Double(k) * p.discardsPerMinute }),
                              ("ixp_interface_up", { (p: Port, _: Int) in p.up }),
                              ("ixp_interface_admin_up", { (p: Port, _: Int) in p.adminUp }),
                              ("ixp_interface_speed_bytes", { (p: Port, _: Int) in p.speed }),
                              ("ixp_interface_hc_counters", { (p: Port, _: Int) in p.hc })]
        for (name, value) in interfaceFamilies {
            for port in ports { series(name, labels(port), { value(port, $0) }) }
        }
        for direction in ["receive", "transmit"] {
            for port in ports {
                let perMinute = direction == "receive" ? port.receivePerMinute : port.transmitPerMinute
                for (cast, share) in [("unicast", 0.98), ("multicast", 0.015), ("broadcast", 0.005)] {
                    series("ixp_interface_\(direction)_packets_total", labels(port) + [("cast", cast)],
                           { (Double($0) * perMinute / 800 * share).rounded(.down) })
                }
            }
        }
        let switches = [("sw1", true), ("sw2", false)]
        for (name, ok) in switches { series("ixp_snmp_poll_duration_seconds", [("switch", name)], { _ in ok ? 0.25 : 30 }) }
        for (name, ok) in switches { series("ixp_snmp_poll_success", [("switch", name)], { _ in ok ? 1 : 0 }) }
        for (name, ok) in switches {
            series("ixp_snmp_last_success_timestamp_seconds", [("switch", name)], { Double(ok ? times[$0] : times[0]) })
        }
        for (name, _) in switches { series("ixp_snmp_interfaces", [("switch", name)], { _ in 3 }) }
        for (name, _) in switches {
            series("ixp_snmp_counter_discontinuities_total", [("switch", name), ("reason", "discontinuity")], { Double($0 / 10) })
        }
        let store: [(String, (Int) -> Double)] = [
            ("ixp_store_series", { _ in 900 }), ("ixp_store_series_limit", { _ in 1000 }), ("ixp_store_series_bytes", { _ in 4096 }),
            ("ixp_store_allocated_bytes", { _ in 3_686_400 }), ("ixp_store_stale_series", { _ in 2 }),
            ("ixp_store_samples_appended_total", { Double($0 * 600) }), ("ixp_store_series_refused_total", { Double($0 / 30) }),
            ("ixp_store_stale_series_reclaimed_total", { Double($0 / 60) }), ("ixp_store_checkpoints_total", { Double($0) }),
            ("ixp_store_checkpoint_failures_total", { Double($0 / 50) }), ("ixp_store_checkpoint_duration_seconds", { _ in 0.05 }),
            ("ixp_store_checkpoint_bytes", { _ in 2e6 }), ("ixp_store_last_checkpoint_timestamp_seconds", { Double(times[$0]) }),
            ("ixp_store_disk_full", { _ in 0 }),
        ]
        for (name, value) in store { series(name, [], value) }
        for reason in ["out_of_order", "over_series_limit", "invalid"] {
            series("ixp_store_samples_dropped_total", [("reason", reason)], { Double($0) })
        }
        series("ixp_build_info", [("version", "0.0.0-test")], { _ in 1 })
        let classes = ["arp_request", "arp_reply", "nd_ns", "nd_na", "ipv4_unicast", "ipv6_unicast", "ipv4_broadcast", "dhcp",
                       "ipv4_multicast", "ipv6_ra", "ipv6_rs", "ipv6_multicast", "stp", "cdp", "lldp", "lacp", "dtp", "vtp",
                       "udld", "other_llc", "other_ethertype", "malformed"]
        // The capture's series carry its interface, as the agent exports them.
        let lan = [("interface", "eth1")]
        for trafficClass in classes { series("ixp_lan_frames_total", lan + [("class", trafficClass)], { Double($0 * 100) }) }
        for (rule, severity, perMinute) in [("stp", "critical", 2), ("ipv6_ra", "critical", 0), ("lldp", "warning", 2), ("cdp", "warning", 0)] {
            series("ixp_lan_violations_total", lan + [("rule", rule), ("severity", severity)], { Double($0 * perMinute) })
        }
        for name in ["ixp_lan_bytes_total", "ixp_lan_vlan_tagged_frames_total", "ixp_lan_capture_received_frames_total",
                     "ixp_lan_capture_dropped_frames_total", "ixp_lan_capture_interface_dropped_frames_total",
                     "ixp_lan_tracking_overflow_frames_total"] {
            series(name, lan, { Double($0 * 7) })
        }
        for name in ["ixp_lan_arp_frames_per_minute", "ixp_lan_arp_requests_per_minute", "ixp_lan_nd_frames_per_minute",
                     "ixp_lan_nd_solicitations_per_minute", "ixp_lan_arp_flooders", "ixp_lan_nd_flooders",
                     "ixp_lan_arp_dead_targets", "ixp_lan_nd_dead_targets", "ixp_lan_bgp_sessions"] {
            series(name, lan, { _ in 3 })
        }
        // Every probe's runs: the two switches (sw2 failing), the capture and a route server.
        let probes = [("snmp_interfaces", "sw1", true), ("snmp_interfaces", "sw2", false), ("peering_lan", "eth1", true),
                      ("bird", "rs1", true)]
        for (kind, name, ok) in probes {
            series("ixp_probe_duration_seconds", [("kind", kind), ("name", name)], { _ in ok ? 0.4 : 30 })
        }
        for (kind, name, ok) in probes { series("ixp_probe_success", [("kind", kind), ("name", name)], { _ in ok ? 1 : 0 }) }
        for (kind, name, ok) in probes {
            series("ixp_probe_last_success_timestamp_seconds", [("kind", kind), ("name", name)], { Double(ok ? times[$0] : times[0]) })
        }
        // A route server with AS64500's session up.
        let session = [("route_server", "rs1"), ("neighbor", "AS64500_1"), ("member_asn", "64500"), ("address", "192.0.2.1")]
        series("ixp_route_server_session_up", session, { _ in 1 })
        series("ixp_route_server_prefixes_received", session + [("family", "ipv4")], { _ in 120 })
        // The detector: verdicts (stagnant membership turning critical), firing findings with
        // their member, counts by state, its runs.
        let verdicts: [(String, (Int) -> Double)] = [
            ("below_ixp_floor", { _ in 0 }), ("stagnant_membership", { $0 < 60 ? 1 : 2 }), ("members_leaving", { _ in 1 }),
            ("falling_traffic", { _ in 0 }), ("idle_member_ports", { _ in 1 }), ("outgrown_ports", { _ in 0 }),
            ("no_route_server_session", { _ in 0 }), ("ghost_members", { _ in -1 }), ("traffic_concentration", { _ in 1 }),
            ("stale_member_data", { _ in 0 }),
        ]
        for (rule, value) in verdicts { series("ixp_zombie_symptom", [("rule", rule)], value) }
        let findings: [[(String, String)]] = [
            [("rule", "port_errors"), ("severity", "warning"), ("subject", "sw1 Et1"), ("member_asn", "64500")],
            [("rule", "lan_violation"), ("severity", "critical"), ("subject", "MAC 02:00:00:00:00:01"), ("member_asn", "64500")],
            [("rule", "lan_violation"), ("severity", "warning"), ("subject", "MAC 02:00:00:00:00:99")],
            [("rule", "members_leaving"), ("severity", "warning"), ("subject", "exchange")],
            [("rule", "probe_failing"), ("severity", "critical"), ("subject", "probe snmp_interfaces/sw2")],
        ]
        for labels in findings { series("ixp_finding_active", labels, { _ in 1 }) }
        for (state, count) in [("pending", 1.0), ("firing", 5.0), ("resolved", 2.0)] { series("ixp_findings", [("state", state)], { _ in count }) }
        series("ixp_detection_duration_seconds", [], { _ in 0.3 })
        series("ixp_detection_last_evaluation_timestamp_seconds", [], { Double(times[$0]) })
        // Alert mail: one waiting, some sent, a few transient failures.
        series("ixp_alert_emails_sent_total", [], { Double($0 / 10) })
        series("ixp_alert_emails_failed_total", [("reason", "transient")], { Double($0 / 40) })
        series("ixp_alert_outbox_messages", [], { _ in 1 })
        series("ixp_alert_outbox_oldest_age_seconds", [], { _ in 120 })
        // What Prometheus records about its scrapes of the agent.
        series("up", [], { _ in 1 })
        series("scrape_duration_seconds", [], { _ in 0.02 })
        series("scrape_samples_scraped", [], { _ in 500 })
        let samples = lines.count
        lines.append("# EOF")
        return (lines.joined(separator: "\n") + "\n", samples)
    }
}
