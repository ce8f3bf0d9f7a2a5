import Foundation
import IXPCore
import Testing
import TimeSeries
@testable import Detection

/// `no_investment`: two years without a switch software or hardware change or a new port speed
/// while capacity runs out is a warning; a recent change, capacity to spare, or a history too
/// short to tell are not.
@Suite struct NoInvestmentRuleTests {
    let now = 1_800_000_000.0
    let day = 86_400.0
    let tenGig = 1.25e9

    /// 760 days of daily samples (at noon) of one member port on `sw1`. With `growing`, the
    /// port's daily peaks reach 80 % of its 10G 45 days from now (capacity_runway critical),
    /// else they stay at 30 %. The switch reports `EOS 4.20.1F` on a `DCS-7050QX` for the last
    /// `infoDays` days, and `EOS 4.31.2F` from `upgradeDaysAgo` days ago; its last uptime poll
    /// says `uptimeDays`. With `opticsDrop`, the port's receive power falls that many dB over the
    /// last 180 days.
    func outcome(growing: Bool = true, infoDays: Int = 760, upgradeDaysAgo: Int? = nil, uptimeDays: Double? = nil,
                 opticsDrop: Double? = nil, newSpeedDaysAgo: Int? = nil) throws -> RuleOutcome {
        let now = self.now
        let days = 760
        let store = try TimeSeriesStore(configuration: StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: 86_400)),
                                        directory: nil, clock: { now })
        let today = (now / day).rounded(.down) * day
        let port = ["switch": "sw1", "interface": "Et1", "member_asn": "64500"]
        for index in 0..<days {
            let ago = days - index
            let time = today - Double(ago) * day + day / 2
            let weekly = index % 7 >= 5 ? 0.85 : 1.0
            let level = growing ? max(0.05, 0.8 - 0.002 * (45 + Double(ago - 1))) : 0.3
            var samples = [
                Sample(key: SeriesKey(name: StoreSeries.receiveBytes, labels: port), timestamp: time, value: level * weekly * tenGig),
                Sample(key: SeriesKey(name: StoreSeries.transmitBytes, labels: port), timestamp: time, value: level * weekly * tenGig / 2),
                Sample(key: SeriesKey(name: StoreSeries.up, labels: port), timestamp: time, value: 1),
                Sample(key: SeriesKey(name: StoreSeries.adminUp, labels: port), timestamp: time, value: 1),
                Sample(key: SeriesKey(name: StoreSeries.speed, labels: port), timestamp: time, value: tenGig),
            ]
            if let newSpeedDaysAgo, ago <= newSpeedDaysAgo {
                let newPort = ["switch": "sw1", "interface": "Et9", "member_asn": "64501"]
                samples.append(Sample(key: SeriesKey(name: StoreSeries.receiveBytes, labels: newPort), timestamp: time, value: 1e9))
                samples.append(Sample(key: SeriesKey(name: StoreSeries.speed, labels: newPort), timestamp: time, value: 12.5e9))
            }
            if ago <= infoDays {
                let software = upgradeDaysAgo.map { ago <= $0 } == true ? "EOS 4.31.2F" : "EOS 4.20.1F"
                let info = ["switch": "sw1", "software": software, "model": "DCS-7050QX"]
                samples.append(Sample(key: SeriesKey(name: StoreSeries.switchInfo, labels: info), timestamp: time, value: 1))
            }
            if let opticsDrop, ago <= 180 {
                let optics = port.merging(["sensor": "1"]) { first, _ in first }
                let value = -3 - opticsDrop * Double(180 - ago) / 179 + 0.05 * sin(Double(index))
                samples.append(Sample(key: SeriesKey(name: StoreSeries.opticsRxPower, labels: optics), timestamp: time, value: value))
            }
            if let uptimeDays, ago == 1 {
                samples.append(Sample(key: SeriesKey(name: StoreSeries.switchUptime, labels: ["switch": "sw1"]), timestamp: now - 600,
                                      value: uptimeDays * day))
            }
            store.append(samples)
        }
        return NoInvestmentRule().evaluate(DetectionContext(now: now, store: store))
    }

    @Test func twoYearsOfTheSameSoftwareWhileCapacityRunsOutIsAWarning() throws {
        let outcome = try outcome(uptimeDays: 800, opticsDrop: 2)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .warning, "\(symptom.summary)")
        #expect(symptom.evidence["capacity_pressure"]?.value == .list(["capacity_runway"]))
        #expect(symptom.evidence["capacity_runway"]?.value == .text("critical"))
        #expect(symptom.evidence["last_switch_change"] == nil)
        #expect(symptom.evidence["switch_software"]?.value == .list(["sw1: EOS 4.20.1F (DCS-7050QX)"]))
        #expect(symptom.evidence["switches_up_over_uptime_days"]?.number == 1)
        #expect(symptom.evidence["optics_drifting_down"]?.number == 1)
        #expect(symptom.summary.contains("sw1"), "\(symptom.summary)")
        #expect(outcome.findings.map(\.rule) == [.noInvestment])
        #expect(Wording.render(symptom.message, in: .french).contains("Aucun changement"))
    }

    @Test func anUptimeOfOverTwoYearsVouchesForAShortSoftwareHistory() throws {
        let short = try #require(try outcome(infoDays: 100).symptom)
        #expect(short.verdict == .notEnoughData, "\(short.summary)")
        #expect(short.message.key == "no_investment.not_enough_data.switch")
        let vouched = try #require(try outcome(infoDays: 100, uptimeDays: 800).symptom)
        #expect(vouched.verdict == .warning, "\(vouched.summary)")
    }

    @Test func softwareChangedSixMonthsAgoIsInvestment() throws {
        let symptom = try #require(try outcome(upgradeDaysAgo: 182).symptom)
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(symptom.message.key == "no_investment.ok.switch")
        let changed = try #require(symptom.evidence["last_switch_change"]?.number)
        #expect(abs(changed - (now - 182 * day)) < 2 * day)
        #expect(symptom.evidence["switch_software"]?.value == .list(["sw1: EOS 4.31.2F (DCS-7050QX)"]))
    }

    @Test func aNewPortSpeedIsInvestment() throws {
        let symptom = try #require(try outcome(newSpeedDaysAgo: 200).symptom)
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(symptom.message.key == "no_investment.ok.port_speed")
        #expect(symptom.evidence["last_new_port_speed_port"]?.value == .text("sw1 Et9"))
    }

    @Test func capacityToSpareNeedsNoInvestment() throws {
        let outcome = try outcome(growing: false)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(symptom.message.key == "no_investment.ok.capacity")
        #expect(outcome.findings.isEmpty)
    }
}
