import Alerting
import Dashboard
import Detection
import Foundation
import IXPCore
import Presentation
import ReadModels
import Testing
import TimeSeries

/// Unknown is never zero: a history of 24 member ports with traffic and speed but no port
/// status gives a report whose "Member ports up" card says unknown and why, in text, HTML and
/// JSON (null), in English and French; never "0 of 24".
@Suite struct UnknownPortsReportTests {
    static let now = 1_800_000_000.0

    /// 24 member ports on one switch, three hours of traffic and speed, no up/admin status.
    static func storeWithoutPortStatus() throws -> TimeSeriesStore {
        let now = Self.now
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: { now })
        for minute in 0..<180 {
            let time = now - Double(180 - minute) * 60
            var samples: [Sample] = []
            for index in 0..<24 {
                let labels = ["switch": "sw1", "interface": "Ethernet\(index + 1)", "member_asn": String(64_500 + index)]
                samples.append(Sample(key: SeriesKey(name: StoreSeries.receiveBytes, labels: labels), timestamp: time, value: 1e7))
                samples.append(Sample(key: SeriesKey(name: StoreSeries.transmitBytes, labels: labels), timestamp: time, value: 1e7))
                samples.append(Sample(key: SeriesKey(name: StoreSeries.speed, labels: labels), timestamp: time, value: 1.25e9))
            }
            store.append(samples)
        }
        return store
    }

    static func report(language: Language) throws -> HealthReport {
        let context = DetectionContext(now: now, store: try storeWithoutPortStatus())
        return HealthReportBuilder.build(context: context, result: Detector().evaluate(context), findings: [], language: language)
    }

    @Test func theModelCarriesNilNotZero() throws {
        let report = try Self.report(language: .english)
        #expect(report.exchange.ports == 24)
        #expect(report.exchange.portsUp == nil, "no status in the history: unknown, not \(String(describing: report.exchange.portsUp))")
    }

    @Test(arguments: [Language.english, .french])
    func theTextCardSaysUnknownAndWhy(language: Language) throws {
        let text = HealthReportText.render(try Self.report(language: language))
        let line = try #require(text.split(separator: "\n").first { $0.contains(language == .french ? "Ports membres actifs" : "Member ports up") })
        #expect(!line.contains("0 of 24") && !line.contains("0 sur 24"), "\(line)")
        if language == .french {
            #expect(line.contains("Inconnu : 24 surveillés, aucun avec un état dans l'historique"), "\(line)")
        } else {
            #expect(line.contains("Unknown: 24 monitored, none with a status in the history"), "\(line)")
        }
    }

    @Test(arguments: [Language.english, .french])
    func theHTMLCardSaysUnknownAndWhy(language: Language) throws {
        let html = HealthReportHTML.render(try Self.report(language: language))
        let label = language == .french ? "Ports membres actifs" : "Member ports up"
        let start = try #require(html.range(of: "<div class=\"label\">\(label)</div>"))
        let card = String(html[start.upperBound...].prefix(200))
        let value = language == .french ? "Inconnu" : "Unknown"
        #expect(card.hasPrefix("<div class=\"value\">\(value)</div>"), "\(card)")
        #expect(card.contains(language == .french ? "aucun avec un état dans l" : "none with a status in the history"), "\(card)")
    }

    @Test func theJSONFieldIsNull() throws {
        let data = try HealthReportJSON.encode(try Self.report(language: .english))
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let exchange = try #require(object["exchange"] as? [String: Any])
        #expect(exchange["ports"] as? Int == 24)
        #expect(exchange.keys.contains("ports_up"), "the field stays, as null")
        #expect(exchange["ports_up"] is NSNull, "\(String(describing: exchange["ports_up"]))")
        #expect(try HealthReportJSON.decode(data).exchange.portsUp == nil, "null reads back as unknown")
    }
}

/// The same history seen by the dashboard: each member's row, its page, the members API and the
/// public figures say unknown where the history does not know, never 0.
@Suite struct UnknownPortsDashboardTests {
    static func source() throws -> LiveDashboardSource {
        let now = UnknownPortsReportTests.now
        let store = try UnknownPortsReportTests.storeWithoutPortStatus()
        let state = DetectionState()
        let context = DetectionContext(now: now, store: store)
        let report = HealthReportBuilder.build(context: context, result: Detector().evaluate(context), findings: [])
        state.setDetection(findings: [], report: report, at: now)
        return LiveDashboardSource(store: store, registry: MetricsRegistry(), state: state, observationSources: { [] },
                                   outbox: nil, silences: nil, stateDirectory: nil, clock: { now })
    }

    @Test func memberRowsCarryNilAndTheAPIWritesNull() throws {
        let rows = try Self.source().members(language: .english)
        #expect(rows.count == 24)
        for row in rows {
            #expect(row.ports == 1)
            #expect(row.portsUp == nil, "AS\(row.asn): no status in the history, not \(String(describing: row.portsUp))")
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let object = try #require(try JSONSerialization.jsonObject(with: encoder.encode(rows[0])) as? [String: Any])
        #expect(object.keys.contains("ports_up"), "the field stays, as null")
        #expect(object["ports_up"] is NSNull)
        #expect(object["active_findings"] as? Int == 0)
        let decoded = try JSONDecoder().decode(MemberRow.self, from: JSONEncoder().encode(rows[0]))
        #expect(decoded == rows[0], "the row reads back")
    }

    @Test(arguments: [Language.english, .french])
    func membersAndMemberPagesSayUnknown(language: Language) throws {
        let source = try Self.source()
        let renderer = try DashboardRenderer(source: source, clock: { UnknownPortsReportTests.now })
        let list = renderer.membersPage(sort: .asn, descending: false, language: language)
        #expect(!list.contains("<td class=\"num\">0 / 1</td>"), "a port with no status is not a port down")
        #expect(list.contains("<td class=\"num\">\(ValueFormatter.unknown) / 1</td>"))
        let page = try #require(renderer.memberPage(asn: 64_500, language: language))
        #expect(!page.contains(">0 / 1<"))
    }

    @Test func publicFiguresWithoutMembersSayUnknown() throws {
        let now = UnknownPortsReportTests.now
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: { now })
        let source = LiveDashboardSource(store: store, registry: MetricsRegistry(), state: DetectionState(), observationSources: { [] },
                                         outbox: nil, silences: nil, stateDirectory: nil, clock: { now })
        let statistics = source.publicStatistics()
        #expect(statistics.members == nil, "no member list and no report: unknown, not 0")
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(statistics)) as? [String: Any])
        #expect(object["members"] is NSNull)
        let html = try DashboardRenderer(source: source, clock: { now }).publicPage(language: .english)
        #expect(html.contains(ValueFormatter.unknown))
    }
}
