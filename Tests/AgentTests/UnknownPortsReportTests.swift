import Detection
import Foundation
import IXPCore
import Presentation
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
