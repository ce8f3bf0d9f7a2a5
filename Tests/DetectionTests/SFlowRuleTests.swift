import Foundation
import Members
import Testing
import TimeSeries
@testable import Detection
import IXPCore

/// The rules that read what the sFlow probe writes: `traffic_concentration` from the member
/// matrix, and `member_no_peering_traffic`.
@Suite struct SFlowRuleTests {
    let now = 1_800_000_000.0

    /// A store with `series` (name, labels, value per minute) for the last `minutes`.
    func store(_ series: [(String, [String: String], (Int) -> Double)], minutes: Int = 1_440) throws -> TimeSeriesStore {
        let now = self.now
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: { now })
        for minute in 0..<minutes {
            let time = now - Double(minutes - minute) * 60
            store.append(series.map { Sample(key: SeriesKey(name: $0.0, labels: $0.1), timestamp: time, value: $0.2(minute)) })
        }
        return store
    }

    func member(_ asn: Int, sent: Double, received: Double) -> [(String, [String: String], (Int) -> Double)] {
        [(StoreSeries.sflowMemberSent, ["member_asn": String(asn)], { _ in sent }),
         (StoreSeries.sflowMemberReceived, ["member_asn": String(asn)], { _ in received })]
    }

    func pair(_ source: String, _ destination: String, _ rate: Double) -> (String, [String: String], (Int) -> Double) {
        (StoreSeries.sflowPairBytes, ["src_asn": source, "dst_asn": destination], { _ in rate })
    }

    func port(_ asn: Int, up: @escaping (Int) -> Double) -> [(String, [String: String], (Int) -> Double)] {
        let labels = ["switch": "sw1", "interface": "et\(asn)", "member_asn": String(asn)]
        return [(StoreSeries.receiveBytes, labels, { _ in 1_000 }), (StoreSeries.up, labels, up)]
    }

    @Test func concentrationReadsTheMatrixWhenSFlowIsThere() throws {
        // 65001 → 65002 carries 900 of the 1,000 bytes/s members exchange.
        let store = try store(member(65001, sent: 900, received: 50) + member(65002, sent: 50, received: 900)
            + member(65003, sent: 50, received: 50) + [pair("65001", "65002", 900), pair("65002", "65003", 50), pair("other", "other", 50)],
            minutes: 120)
        let outcome = TrafficConcentrationRule().evaluate(DetectionContext(now: now, store: store))
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .warning)
        let items = Dictionary(uniqueKeysWithValues: symptom.evidence.items.map { ($0.name, $0) })
        #expect(items["source"]?.value == .text("sflow"))
        #expect(items["top_pair"]?.value == .text("AS65001 → AS65002"))
        #expect(abs((items["top_pair_share"]?.number ?? 0) - 0.9) < 1e-9)
        #expect(abs((items["top1_share"]?.number ?? 0) - 0.475) < 1e-9)
        #expect(symptom.message.key == "traffic_concentration.sflow_pair_warning")
    }

    @Test func evenPeeringIsNotConcentrated() throws {
        var series: [(String, [String: String], (Int) -> Double)] = []
        for asn in 65001...65005 { series += member(asn, sent: 100, received: 100) }
        for source in 65001...65005 {
            series.append(pair(String(source), String(source == 65005 ? 65001 : source + 1), 100))
        }
        let outcome = TrafficConcentrationRule().evaluate(DetectionContext(now: now, store: try store(series, minutes: 120)))
        #expect(outcome.symptom?.verdict == .ok)
        #expect(outcome.symptom?.evidence.items.first { $0.name == "top_pair_share" }?.number == 0.2)
    }

    @Test func withoutSFlowTheRuleStillReadsThePorts() throws {
        let store = try store([(StoreSeries.receiveBytes, ["switch": "sw1", "interface": "et1", "member_asn": "65001"], { _ in 100 })],
                              minutes: 120)
        let outcome = TrafficConcentrationRule().evaluate(DetectionContext(now: now, store: store))
        #expect(outcome.symptom?.evidence.items.contains { $0.name == "source" && $0.value == .text("sflow") } != true)
    }

    @Test func aMemberWithPortsUpAndNoPeeringTrafficIsFound() throws {
        let series = member(65001, sent: 500, received: 0) + member(65002, sent: 0, received: 500)
            + member(65003, sent: 0, received: 0) + port(65003, up: { _ in 1 })   // up all day, silent: found
            + member(65004, sent: 0, received: 0) + port(65004, up: { $0 < 600 ? 0 : 1 })   // down this morning: not yet
            + member(65005, sent: 0, received: 0)   // no port known: cannot say it is up
            + port(65001, up: { _ in 1 })
        let found = MemberNoPeeringTrafficRule().evaluate(DetectionContext(now: now, store: try store(series))).findings
        #expect(found.map(\.subject) == [.member(asn: 65003)])
        #expect(found.first?.rule == .memberNoPeeringTraffic)
        #expect(found.first?.message.key == "member_no_peering_traffic.summary")
    }

    @Test func noPeeringFindingWithoutSFlowTraffic() throws {
        // Everyone silent: the sFlow feed is broken (or the exchange idle), not every member.
        let series = member(65001, sent: 0, received: 0) + port(65001, up: { _ in 1 })
        #expect(MemberNoPeeringTrafficRule().evaluate(DetectionContext(now: now, store: try store(series))).findings.isEmpty)
        // No sFlow at all: the rule says nothing.
        #expect(MemberNoPeeringTrafficRule().evaluate(DetectionContext(now: now, store: try store(port(65001, up: { _ in 1 })))).findings.isEmpty)
    }
}
