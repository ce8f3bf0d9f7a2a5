import ProcessTestSupport
import Foundation
import Testing

/// One exchange polled by two agents (`shard: 1/2` and `shard: 2/2`) against one agent polling
/// every switch, each scraped by a real Prometheus that loads the shipped recording rules: the
/// shards split the switches without overlap or gap, and the exchange-wide totals are the same.
/// The switches are snmpsim recordings whose counters grow at fixed rates (snmpsim's `numeric`
/// variation), so both sides measure the same traffic whenever they poll.
/// Then `ixp-health report --prometheus` reads each Prometheus and gives the same verdicts.
@Suite("shards and federation")
struct ShardIntegrationTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let switchNames = ["sw1", "sw2", "sw3", "sw4", "sw5", "sw6"]
    static let portsPerSwitch = 3

    @Test("two shards and one Prometheus give the exchange totals of one agent polling all")
    func shardsGiveTheSameTotals() async throws {
        let recordings = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-shard-rec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: recordings, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: recordings) }
        for (number, name) in Self.switchNames.enumerated() {
            try Self.recording(switchNumber: number + 1, ports: Self.portsPerSwitch)
                .write(to: recordings.appendingPathComponent("\(name).snmprec"), atomically: true, encoding: .utf8)
        }
        let simulator = try await SNMPSimulator.start(recordings: recordings)
        defer { simulator.stop() }

        let switches = Self.switchNames.map {
            "  - {name: \($0), address: 127.0.0.1, port: \(simulator.port), version: \"2c\", community: \($0)}"
        }.joined(separator: "\n")
        // snmpsim is one Python process answering three agents' polls of six switches every second:
        // on a loaded machine (the suite runs in parallel) a reply can take over a second.
        let common = "snmp: {interval: 1s, timeout: 3s, retries: 2}\nswitches:\n\(switches)\n"
        let shard1 = try AgentUnderTest("shard: 1/2\n" + common)
        defer { shard1.stop() }
        let shard2 = try AgentUnderTest("shard: 2/2\n" + common)
        defer { shard2.stop() }
        let single = try AgentUnderTest(common)
        defer { single.stop() }

        // The shards split the switches: each polls some, together all, none twice.
        let polled = try await [shard1, shard2, single].asyncMap { agent in
            try await Self.polledSwitches(agent, expected: nil)
        }
        #expect(!polled[0].isEmpty && !polled[1].isEmpty, "a shard polls nothing: \(polled)")
        #expect(polled[0].isDisjoint(with: polled[1]), "a switch is polled by both shards: \(polled)")
        #expect(polled[0].union(polled[1]) == Set(Self.switchNames), "shards together: \(polled[0].union(polled[1]))")
        #expect(polled[2] == Set(Self.switchNames))
        let check = try await IXPHealthBinary.run(["check-config", shard1.config.path])
        #expect(check.stdout.contains("shard 1/2: polls \(polled[0].count) switch(es)"), "\(check.stdout)")

        // The shipped rules, their 5-minute rate window shortened to 30 s: Prometheus divides
        // an increase by the whole window, so a 5-minute rate needs 5 minutes of samples.
        let shipped = try String(contentsOf: Self.repository.appendingPathComponent("Dashboards/ixp-health-rules.yml"), encoding: .utf8)
        #expect(shipped.contains("[5m]"))
        let rulesFile = recordings.appendingPathComponent("rules.yml")
        try shipped.replacingOccurrences(of: "[5m]", with: "[30s]").write(to: rulesFile, atomically: true, encoding: .utf8)
        let rules = rulesFile.path
        let sharded = try PrometheusUnderTest(targets: [shard1.port, shard2.port], rules: rules)
        defer { sharded.stop() }
        let whole = try PrometheusUnderTest(targets: [single.port], rules: rules)
        defer { whole.stop() }

        // Wait until both have evaluated the exchange-wide rule on a few polls.
        var totals: (Double, Double) = (0, 0)
        for _ in 0..<180 {
            try await Task.sleep(for: .milliseconds(500))
            guard let a = try? sharded.scalar("ixp:exchange_traffic_bits:rate5m"),
                  let b = try? whole.scalar("ixp:exchange_traffic_bits:rate5m"), a > 0, b > 0
            else { continue }
            totals = (a, b)
            if try sharded.scalar("count(ixp_interface_up)") == Double(Self.switchNames.count * Self.portsPerSwitch),
               try whole.scalar("count(ixp_interface_up)") == Double(Self.switchNames.count * Self.portsPerSwitch),
               try sharded.scalar("min(count_over_time(ixp_interface_up[1m]))") >= 40,
               try whole.scalar("min(count_over_time(ixp_interface_up[1m]))") >= 40 { break }
        }
        // Every port's counter grows at a known rate: the sum of the rates, in bits/s.
        let expected = Double(Self.switchNames.indices.flatMap { s in (1...Self.portsPerSwitch).map { Self.rate(s + 1, $0) } }.reduce(0, +)) * 8
        #expect(abs(totals.0 - expected) / expected < 0.1, "sharded total \(totals.0), expected \(expected)")
        #expect(abs(totals.1 - expected) / expected < 0.1, "single-agent total \(totals.1), expected \(expected)")
        #expect(abs(totals.0 - totals.1) / expected < 0.1, "sharded \(totals.0) vs single \(totals.1)")
        for query in ["count(ixp_interface_up)", "sum(ixp_interface_speed_bytes)",
                      "count(count by (member_asn) (ixp:member_traffic_bits:rate5m))"] {
            let a = try sharded.scalar(query)
            let b = try whole.scalar(query)
            #expect(a == b, "\(query): sharded \(a), single \(b)")
        }
        let perMemberSharded = try sharded.vector("ixp:member_traffic_bits:rate5m{direction=\"receive\"}", by: "member_asn")
        let perMemberWhole = try whole.vector("ixp:member_traffic_bits:rate5m{direction=\"receive\"}", by: "member_asn")
        #expect(Set(perMemberSharded.keys) == Set(perMemberWhole.keys))
        for (member, value) in perMemberWhole {
            let other = perMemberSharded[member] ?? 0
            #expect(abs(other - value) / max(value, 1) < 0.1, "AS\(member): sharded \(other), single \(value)")
        }

        // The report from each Prometheus: the same ports, the same verdicts.
        let members = recordings.appendingPathComponent("ixf.json")
        try Self.memberExport().write(to: members, atomically: true, encoding: .utf8)
        var reports: [[String: Any]] = []
        for prometheus in [sharded, whole] {
            let result = try await IXPHealthBinary.run(
                ["report", "--prometheus", "http://127.0.0.1:\(prometheus.port)", "--members", members.path, "--format", "json"])
            #expect(result.status == 0 || result.status == 1, "report --prometheus: \(result.stderr)")
            let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
            reports.append(object ?? [:])
        }
        let verdicts = reports.map { Self.verdicts($0) }
        #expect(!verdicts[0].isEmpty, "no symptoms in \(reports[0].keys.sorted())")
        #expect(verdicts[0] == verdicts[1], "verdicts: sharded \(verdicts[0]), single \(verdicts[1])")
        let exchanges = reports.map { $0["exchange"] as? [String: Any] ?? [:] }
        let ports = Self.switchNames.count * Self.portsPerSwitch
        for exchange in exchanges {
            #expect(exchange["ports"] as? Int == ports, "report ports: \(exchange)")
            #expect(exchange["ports_up"] as? Int == ports, "report ports up: \(exchange)")
        }
        let bad = try await IXPHealthBinary.run(["report", "--prometheus", "http://127.0.0.1:1", "--members", members.path])
        #expect(bad.status == 2, "unreachable Prometheus: exit \(bad.status)")
        #expect(bad.stderr.contains("Prometheus at http://127.0.0.1:1"), "\(bad.stderr)")
    }

    /// The switches an agent polls successfully, once every one of its switches has a success.
    static func polledSwitches(_ agent: AgentUnderTest, expected: Set<String>?) async throws -> Set<String> {
        var names: Set<String> = []
        let text = try await agent.waitForMetrics(seconds: 120) { text in
            let lines = text.split(separator: "\n").filter { $0.hasPrefix("ixp_snmp_poll_success{") }
            return !lines.isEmpty && lines.allSatisfy { $0.hasSuffix(" 1") }
        }
        for line in text.split(separator: "\n") where line.hasPrefix("ixp_snmp_poll_success{switch=\"") {
            let rest = line.dropFirst("ixp_snmp_poll_success{switch=\"".count)
            if let end = rest.firstIndex(of: "\"") { names.insert(String(rest[..<end])) }
        }
        return names
    }

    /// Bytes/s into port `port` of switch number `switchNumber`.
    static func rate(_ switchNumber: Int, _ port: Int) -> Int { 1_000 * (switchNumber * 10 + port) }

    /// An IF-MIB recording of a switch whose in-octet counters grow at `rate` and whose port
    /// descriptions name member AS6450x.
    static func recording(switchNumber: Int, ports: Int) -> String {
        var records: [(oid: [Int], line: String)] = []
        func add(_ oid: String, _ tag: String, _ value: String) {
            records.append((oid.split(separator: ".").compactMap { Int($0) }, "\(oid)|\(tag)|\(value)"))
        }
        add("1.3.6.1.2.1.1.1.0", "4", "lab switch \(switchNumber)")
        add("1.3.6.1.2.1.1.3.0", "67:numeric", "rate=100,initial=1000")
        add("1.3.6.1.2.1.1.5.0", "4", "sw\(switchNumber)")
        add("1.3.6.1.2.1.2.1.0", "2", "\(ports)")
        for port in 1...ports {
            let i = "\(port)"
            let member = 64_500 + (switchNumber - 1) * ports + port
            add("1.3.6.1.2.1.2.2.1.1.\(i)", "2", i)
            add("1.3.6.1.2.1.2.2.1.2.\(i)", "4", "Ethernet\(port)")
            add("1.3.6.1.2.1.2.2.1.3.\(i)", "2", "6")
            add("1.3.6.1.2.1.2.2.1.5.\(i)", "66", "1000000000")
            add("1.3.6.1.2.1.2.2.1.7.\(i)", "2", "1")
            add("1.3.6.1.2.1.2.2.1.8.\(i)", "2", "1")
            for column in [11, 13, 14, 17, 19, 20] { add("1.3.6.1.2.1.2.2.1.\(column).\(i)", "65", "0") }
            add("1.3.6.1.2.1.2.2.1.10.\(i)", "65:numeric", "rate=\(rate(switchNumber, port)),initial=1000,wrap=1")
            add("1.3.6.1.2.1.2.2.1.16.\(i)", "65:numeric", "rate=\(rate(switchNumber, port) / 2),initial=1000,wrap=1")
            add("1.3.6.1.2.1.31.1.1.1.1.\(i)", "4", "Ethernet\(port)")
            for column in [2, 3, 4, 5] { add("1.3.6.1.2.1.31.1.1.1.\(column).\(i)", "65", "0") }
            add("1.3.6.1.2.1.31.1.1.1.6.\(i)", "70:numeric", "rate=\(rate(switchNumber, port)),initial=1000")
            for column in [7, 8, 9, 11, 12, 13] { add("1.3.6.1.2.1.31.1.1.1.\(column).\(i)", "70", "0") }
            add("1.3.6.1.2.1.31.1.1.1.10.\(i)", "70:numeric", "rate=\(rate(switchNumber, port) / 2),initial=1000")
            add("1.3.6.1.2.1.31.1.1.1.15.\(i)", "66", "1000")
            add("1.3.6.1.2.1.31.1.1.1.18.\(i)", "4", "AS\(member) Member \(member)")
        }
        return records.sorted { $0.oid.lexicographicallyPrecedes($1.oid) }.map(\.line).joined(separator: "\n") + "\n"
    }

    /// An IX-F export naming every member of the recordings.
    static func memberExport() -> String {
        let count = switchNames.count * portsPerSwitch
        let members = (1...count).map { n in
            """
            {"asnum": \(64_500 + n), "member_type": "peering", "name": "Member \(64_500 + n)",
             "connection_list": [{"ixp_id": 1, "state": "active", "if_list": [{"switch_id": 1, "if_speed": 1000}],
               "vlan_list": [{"vlan_id": 1, "ipv4": {"address": "192.0.2.\(n)", "routeserver": true}}]}]}
            """
        }.joined(separator: ",\n")
        return """
            {"version": "1.0", "timestamp": "2026-11-01T00:00:00Z",
             "ixp_list": [{"ixp_id": 1, "shortname": "Shard IX", "vlan": [{"id": 1}], "switch": [{"id": 1, "name": "sw1"}]}],
             "member_list": [\(members)]}
            """
    }

    /// Rule → verdict of a JSON report.
    static func verdicts(_ report: [String: Any]) -> [String: String] {
        var result: [String: String] = [:]
        for symptom in report["symptoms"] as? [[String: Any]] ?? [] {
            if let rule = symptom["rule"] as? String, let verdict = symptom["verdict"] as? String { result[rule] = verdict }
        }
        return result
    }
}

/// A real Prometheus scraping agents every second and evaluating `rules` every second.
final class PrometheusUnderTest {
    let port: Int
    private let scratch: URL
    private let process: ServerProcess

    init(targets: [Int], rules: String) throws {
        scratch = URL(fileURLWithPath: "/tmp").appendingPathComponent("ixp-health-prometheus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        port = try FreePort.tcp()
        let config = scratch.appendingPathComponent("prometheus.yml")
        try """
            global: {scrape_interval: 1s, evaluation_interval: 1s}
            rule_files: ["\(rules)"]
            scrape_configs:
              - job_name: ixp-health
                static_configs:
                  - targets: [\(targets.map { "\"127.0.0.1:\($0)\"" }.joined(separator: ", "))]
            """.write(to: config, atomically: true, encoding: .utf8)
        process = try Subprocess.start(
            "prometheus",
            ["--config.file=\(config.path)", "--storage.tsdb.path=\(scratch.appendingPathComponent("tsdb").path)",
             "--web.listen-address=127.0.0.1:\(port)"],
            logFile: scratch.appendingPathComponent("prometheus.log"))
    }

    /// The value of a query that returns one sample (its first sample otherwise).
    func scalar(_ query: String) throws -> Double {
        guard let value = try vector(query, by: nil).values.first else { throw HarnessError("\(query): no data") }
        return value
    }

    /// The samples of an instant query, by the value of `label` (or one entry "" when nil).
    func vector(_ query: String, by label: String?) throws -> [String: Double] {
        let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? query
        let text = try HTTPGet.text("http://127.0.0.1:\(port)/api/v1/query?query=\(encoded)")
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let data = object["data"] as? [String: Any], let result = data["result"] as? [[String: Any]]
        else { throw HarnessError("\(query): not a Prometheus answer: \(text.prefix(300))") }
        var values: [String: Double] = [:]
        for sample in result {
            let metric = sample["metric"] as? [String: String] ?? [:]
            guard let pair = sample["value"] as? [Any], pair.count == 2, let text = pair[1] as? String, let value = Double(text)
            else { continue }
            values[label.flatMap { metric[$0] } ?? ""] = value
        }
        return values
    }

    func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: scratch)
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
