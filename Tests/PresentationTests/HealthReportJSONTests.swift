import Foundation
import Testing
@testable import Detection
@testable import Presentation

@Suite struct HealthReportJSONTests {
    @Test(arguments: [SampleReports.dying(), SampleReports.tiny(), SampleReports.dying(language: .french)])
    func roundTripIsStable(_ report: HealthReport) throws {
        let first = try HealthReportJSON.string(report)
        let decoded = try HealthReportJSON.decode(first)
        let second = try HealthReportJSON.string(decoded)
        #expect(first == second)
        #expect(decoded.symptoms.map(\.rule) == report.symptoms.map(\.rule))
        #expect(decoded.findings.map(\.id) == report.findings.map(\.id))
        #expect(decoded.members.map(\.asn) == report.members.map(\.asn))
        #expect(decoded.charts.dailyPeaks.count == report.charts.dailyPeaks.count)
        #expect(decoded.worstVerdict == report.worstVerdict)
        // The renderers work from decoded JSON too (report --agent URL); JSON objects carry no
        // order, so decoded evidence comes back sorted by name.
        var sorted = report
        for index in sorted.symptoms.indices { sorted.symptoms[index].evidence.items.sort { $0.name < $1.name } }
        for index in sorted.findings.indices { sorted.findings[index].evidence.items.sort { $0.name < $1.name } }
        #expect(HealthReportHTML.render(decoded) == HealthReportHTML.render(sorted))
        #expect(HealthReportText.render(decoded) == HealthReportText.render(sorted))
    }

    @Test func theContractsKeysAndEveryRuleOnce() throws {
        let data = try HealthReportJSON.encode(SampleReports.dying())
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["generated_at", "exchange", "symptoms", "findings", "members"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let exchange = try #require(object["exchange"] as? [String: Any])
        for key in ["name", "members", "ports", "capacity_bits_per_second", "traffic"] {
            #expect(exchange[key] != nil, "missing exchange.\(key)")
        }
        let symptoms = try #require(object["symptoms"] as? [[String: Any]])
        for symptom in symptoms {
            for key in ["rule", "verdict", "summary", "evidence"] { #expect(symptom[key] != nil) }
        }
        let rules = symptoms.compactMap { $0["rule"] as? String }
        for rule in RuleID.zombieSymptoms {
            #expect(rules.filter { $0 == rule.rawValue }.count == 1, "\(rule) must appear exactly once")
        }
        #expect(rules.count == RuleID.zombieSymptoms.count)
    }

    @Test func prettySortedAndCompact() throws {
        let report = SampleReports.tiny()
        let pretty = try HealthReportJSON.string(report)
        #expect(pretty.contains("\n  \"charts\""))
        let compact = try HealthReportJSON.string(report, pretty: false)
        #expect(!compact.contains("\n"))
        // Sorted keys: "charts" comes before "exchange" before "generated_at".
        let charts = try #require(compact.range(of: "\"charts\""))
        let generated = try #require(compact.range(of: "\"generated_at\""))
        #expect(charts.lowerBound < generated.lowerBound)
    }

    /// Every number of the model that may be NaN or infinite is written as null by the model's
    /// own Codable: a plain JSONEncoder (which throws on NaN) must not throw.
    @Test func nonFiniteNumbersAreNullEverywhere() throws {
        var report = SampleReports.dying()
        report.generatedAt = .nan
        report.exchange.capacityBitsPerSecond = .infinity
        report.exchange.historyFrom = .nan
        report.exchange.traffic = TrafficOverview(currentBitsPerSecond: -.infinity)
        report.symptoms[0].evidence.add("broken", .nan, unit: .ratio, window: EvidenceWindow(from: .nan, to: .infinity))
        report.findings[0].firstSeen = .nan
        report.findings[0].firingSince = .infinity
        report.members[0].memberSince = .nan
        report.members[0].trafficShare = .nan
        report.members[0].ports[0].utilisation = .infinity
        report.charts.dailyPeaks.append(TimePoint(time: .nan, value: .infinity))
        report.charts.trend = TrendLine(from: .nan, to: .nan, startValue: .nan, endValue: .infinity, changePerQuarter: .nan, pValue: .nan)
        report.charts.shares.append(TrafficShare(label: "x", asn: 1, share: .nan))
        let plain = try JSONEncoder().encode(report)
        let text = String(decoding: plain, as: UTF8.self)
        #expect(!text.contains("NaN") && !text.contains("Infinity"))
        let decoded = try HealthReportJSON.decode(plain)
        #expect(decoded.generatedAt.isNaN)
        #expect(decoded.charts.trend?.pValue.isNaN == true)
        #expect(decoded.symptoms[0].evidence["broken"]?.window == nil)
        // And the renderers cope with all of it.
        #expect(!HealthReportHTML.render(decoded).isEmpty)
        #expect(!HealthReportText.render(decoded).isEmpty)
    }

    @Test func badJSONIsAClearError() {
        #expect(throws: HealthReportJSONError.self) { try HealthReportJSON.decode("{\"generated_at\": 1}") }
        do {
            _ = try HealthReportJSON.decode("{\"generated_at\": 1, \"exchange\": {\"name\": \"x\"}, \"symptoms\": [{\"rule\": 3}]}")
            Issue.record("decoding must fail")
        } catch {
            #expect(error.message.contains("symptoms[0]"), "\(error.message)")
        }
        #expect(throws: HealthReportJSONError.self) { try HealthReportJSON.decode("not json") }
    }
}
