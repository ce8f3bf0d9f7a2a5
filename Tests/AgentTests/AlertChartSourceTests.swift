import Alerting
import Detection
import Foundation
import Testing
import TimeSeries

@testable import Agent
import IXPCore
import ReadModels

/// The series alert mails draw, found in a hand-made store.
@Suite("Alert chart source")
struct AlertChartSourceTests {
    let now = 1_800_000_000.0

    /// Forty days of two member ports at 5-minute steps (the second port's traffic halves in
    /// the last ten days), and six hours of STP violations per minute.
    func store() throws -> TimeSeriesStore {
        let now = self.now
        let store = try TimeSeriesStore(configuration: StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: 300)),
                                        directory: nil, clock: { now })
        var time = now - 40 * 86_400
        while time < now {
            let phase = time.truncatingRemainder(dividingBy: 86_400) / 86_400 * 2 * Double.pi
            let base = 5e8 + 3e8 * sin(phase)
            var samples: [Sample] = []
            for (interface, asn) in [("Et1", "64500"), ("Et2", "64501")] {
                let labels = ["switch": "sw1", "interface": interface, "member_asn": asn]
                let value = interface == "Et2" && time >= now - 10 * 86_400 ? base / 2 : base
                samples.append(Sample(key: SeriesKey(name: StoreSeries.receiveBytes, labels: labels), timestamp: time, value: value))
            }
            if time >= now - 6 * 3_600 {
                for (rule, count) in [("no_stp", 4.0), ("no_cdp", 100.0)] {
                    samples.append(Sample(key: SeriesKey(name: "ixp_lan_violations_per_minute", labels: ["rule": rule, "severity": "critical"]),
                                          timestamp: time, value: count))
                }
            }
            store.append(samples)
            time += 300
        }
        return store
    }

    func notification(_ findings: [Finding]) throws -> AlertNotification {
        let configuration = AlertingConfiguration(
            smtp: SMTPConfiguration(host: "127.0.0.1", port: 25, security: .none), from: MailAddress("ixp-health@example.net"),
            receivers: [Receiver(name: "noc", to: [MailAddress("noc@example.net")])], routes: [Route(receiver: "noc")])
        var pipeline = NotificationPipeline(configuration: configuration)
        pipeline.ingest(findings: findings, now: now)
        return try #require(pipeline.tick(now: now + 3_600).notifications.first)
    }

    func finding(_ rule: RuleID, _ subject: Subject, labels: [String: String] = [:]) -> Finding {
        Finding(rule: rule, severity: .warning, subject: subject, summary: "x", message: LocalizedText("x"), labels: labels,
                state: .firing, firstSeen: now - 600, lastSeen: now, firingSince: now - 600)
    }

    @Test("port traffic (bits/s, 24 h), the exchange's daily peaks (a year), LAN violations of the finding's rules (6 h)")
    func series() throws {
        let source = AlertChartSource(store: try store(), language: .english)
        let port = finding(.portDown, .port(switch: "sw1", interface: "Et2"),
                           labels: ["switch": "sw1", "interface": "Et2", "member_asn": "64501"])
        let falling = finding(.fallingTraffic, .exchange)
        let lan = finding(.lanViolation, .mac("02:00:00:00:00:01"), labels: ["lan_rule": "no_stp", "interface": "eth1"])
        let unknownPort = finding(.portDown, .port(switch: "sw9", interface: "Et9"), labels: ["switch": "sw9", "interface": "Et9"])
        let member = finding(.memberDown, .member(asn: 64500), labels: ["member_asn": "64500", "switch": "sw1"])
        let charts = source.charts(for: [try notification([port, falling, lan, unknownPort, member])], now: now)
        #expect(Set(charts.keys) == [port.id, falling.id, lan.id])

        let traffic = try #require(charts[port.id])
        #expect(traffic.unit == .bitsPerSecond)
        #expect(traffic.title == "sw1 Et2: traffic received from the member, last 24 hours")
        #expect((traffic.times.first ?? 0) >= now - 86_400 - 300 && (traffic.times.last ?? 0) <= now)
        #expect(abs((traffic.maximum ?? 0) - 8 * 4e8) < 8 * 2e7, "halved port, ×8 for bits: \(traffic.maximum ?? 0)")
        #expect(traffic.highlightFrom == now - 600)

        let peaks = try #require(charts[falling.id])
        #expect(peaks.unit == .bitsPerSecond)
        #expect(peaks.times.count == 365)
        #expect(peaks.knownValues.count >= 38)
        // Both ports' daily maxima summed, ×8: 1.6e9 B/s before the fall, 1.2e9 after.
        #expect(abs((peaks.maximum ?? 0) - 8 * 1.6e9) < 8 * 3e7, "\(peaks.maximum ?? 0)")
        #expect(abs((peaks.last ?? 0) - 8 * 1.2e9) < 8 * 3e7, "\(peaks.last ?? 0)")

        let violations = try #require(charts[lan.id])
        #expect(violations.unit == .count)
        #expect(violations.maximum == 4, "only the finding's own rule (no_stp), not no_cdp")
        #expect(violations.title.contains("no_stp"))

        if let directory = ProcessInfo.processInfo.environment["IXP_CHART_SAMPLE_DIR"] {
            for (name, series) in [("port", traffic), ("peaks", peaks), ("lan", violations)] {
                try Data(MailChart().png(series)).write(to: URL(fileURLWithPath: directory).appendingPathComponent("chart-\(name).png"))
            }
        }
    }

    @Test("at most three charts per notification, in mail order")
    func limit() throws {
        let many = (1...5).map { index in
            finding(.highUtilisation, .port(switch: "sw1", interface: "Et\(index)"),
                    labels: ["switch": "sw1", "interface": "Et\(index)"])
        }
        let store = try store()
        for index in 3...5 {
            let key = SeriesKey(name: StoreSeries.receiveBytes, labels: ["switch": "sw1", "interface": "Et\(index)"])
            store.append([Sample(key: key, timestamp: now - 900, value: 2), Sample(key: key, timestamp: now - 300, value: 1)])
        }
        let limited = AlertChartSource(store: store, language: .french).charts(for: [try notification(many)], now: now)
        // Five ports with data; the first three in mail order are drawn.
        #expect(limited.count == 3)
        #expect(limited.values.allSatisfy { $0.title.contains("trafic reçu du membre") })
    }
}
