import Alerting
import Dashboard
import Detection
import Foundation
import IXPCore
import Presentation
import ReadModels
import Testing
import TimeSeries

/// An agent that polls two switches but maps no port to a member: the exchange page says so
/// and how to map the ports, shows the ports figure as unknown (not "0 / 0"), and still draws
/// the switches' own traffic (the sum of the polled ports'), in the model and the page, in
/// English and French. `IXP_UNMAPPED_PAGE_HTML` names a directory to write the pages to.
@Suite struct UnmappedSwitchesDashboardTests {
    static let now = 1_800_000_000.0

    /// Two switches, three ports each, `member_asn=""` (no mapping), a day of traffic and status.
    static func source() throws -> LiveDashboardSource {
        let now = Self.now
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: { now })
        for minute in 0..<(24 * 60) {
            let time = now - Double(24 * 60 - minute) * 60
            var samples: [Sample] = []
            for switchName in ["edge1", "edge2"] {
                for port in 1...3 {
                    let labels = ["switch": switchName, "interface": "Ethernet\(port)", "member_asn": ""]
                    let rate = 1e8 * Double(port) * (1.2 + sin(Double(minute) / 1_440 * 2 * .pi))
                    for (name, value) in [(StoreSeries.receiveBytes, rate), (StoreSeries.transmitBytes, rate), (StoreSeries.up, 1),
                                          (StoreSeries.adminUp, 1), (StoreSeries.speed, 1.25e9)] {
                        samples.append(Sample(key: SeriesKey(name: name, labels: labels), timestamp: time, value: value))
                    }
                }
            }
            store.append(samples)
        }
        // The detector has run, as in the agent.
        let state = DetectionState()
        let context = DetectionContext(now: now, store: store)
        let report = HealthReportBuilder.build(context: context, result: Detector().evaluate(context), findings: [])
        state.setDetection(findings: [], report: report, at: now)
        return LiveDashboardSource(store: store, registry: MetricsRegistry(), state: state, observationSources: { [] },
                                   outbox: nil, silences: nil, stateDirectory: nil, clock: { now })
    }

    @Test func theModelSaysTheSwitchesArePolledButNotMappedAndHasTheirTraffic() throws {
        let source = try Self.source()
        let view = source.exchange(language: .english)
        #expect(view.ports == 0)
        #expect(view.portsUp == nil, "no member port: unknown, not 0")
        #expect(view.members == nil && view.activeMembers == nil, "no member list, no mapped port: unknown, not 0")
        #expect(view.polledSwitches == 2 && view.polledPorts == 6)
        #expect(view.hasUnmappedSwitches)
        let day = source.traffic(.day)
        #expect(day.ofUnmappedPorts)
        let known = day.series.values.compactMap { $0 }
        #expect(!known.isEmpty, "the polled ports' own traffic")
        // Six ports of 1e8 × (1 + 2 + 3) × (1.2 + sin) bytes/s, summed per switch pair: 8 × 2 × 6e8 × 1.2 ≈ 11.5 Gb/s mean.
        #expect((known.max() ?? 0) > 1e10, "\(known.max() ?? 0)")
    }

    @Test(arguments: [Language.english, .french])
    func thePageSaysHowToMapThePortsAndDrawsTheTraffic(language: Language) throws {
        let renderer = try DashboardRenderer(source: try Self.source(), clock: { Self.now })
        let page = renderer.exchangePage(range: .day, language: language)
        if let directory = ProcessInfo.processInfo.environment["IXP_UNMAPPED_PAGE_HTML"] {
            try page.write(toFile: "\(directory)/exchange-unmapped-\(language.rawValue).html", atomically: true, encoding: .utf8)
        }
        #expect(page.contains("data-hint=\"unmapped\""), "the hint is shown")
        let french = language == .french
        #expect(page.contains(french ? "Aucun port n’est associé à un membre" : "No port is mapped to a member"))
        #expect(page.contains(french ? "L’agent interroge 2 commutateurs (6 ports)" : "The agent polls 2 switches (6 ports)"))
        for key in ["snmp.member_asn_pattern", "switches[].members", "ifAlias", "members:"] {
            #expect(page.contains(key), "names \(key)")
        }
        #expect(!page.contains("0 / 0"), "the ports figure is unknown, not 0 / 0")
        #expect(page.contains(french ? "aucun associé à un membre" : "none mapped to a member"))
        #expect(page.contains(french ? "pas de liste des membres" : "no member list"))
        #expect(page.contains(french ? "Trafic des ports interrogés" : "Traffic of the polled ports"))
        // The day chart (the visible one) draws a line, not the "no data" placeholder.
        let dayChart = try #require(page.range(of: "data-range-panel=\"day\""))
        let rest = page[dayChart.upperBound...]
        let panel = rest.range(of: "</figure>").map { String(rest[..<$0.lowerBound]) } ?? String(rest)
        #expect(panel.contains("<path class=\"line"), "a line is drawn")
        #expect(!panel.contains(french ? "Pas encore de données" : "No data yet"))
    }
}
