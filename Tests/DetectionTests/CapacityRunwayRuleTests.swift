import Foundation
import IXPCore
import Testing
import TimeSeries
@testable import Detection

/// `capacity_runway`: a connection growing towards 80 % of its capacity warns (critical under
/// 60 days), the exchange as a whole too; flat, noisy, falling and already-full connections,
/// and missing speeds or history, stay quiet or say not enough data.
@Suite struct CapacityRunwayRuleTests {
    let now = 1_800_000_000.0
    let day = 86_400.0
    let tenGig = 1.25e9

    /// One value a day (at noon) for the last `days` days before today, for each port of `ports`
    /// (interface → member ASN): received bytes/s `traffic(interface, index)` with index 0 the
    /// oldest day, half of it transmitted, and a 10G speed unless `speed` is false.
    func store(ports: [String: UInt32], days: Int, speed: Bool = true,
               traffic: (String, Int) -> Double) throws -> TimeSeriesStore {
        let now = self.now
        let configuration = StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: 86_400))
        let store = try TimeSeriesStore(configuration: configuration, directory: nil, clock: { now })
        let today = (now / day).rounded(.down) * day
        for index in 0..<days {
            let time = today - Double(days - index) * day + day / 2
            var samples: [Sample] = []
            for (interface, asn) in ports.sorted(by: { $0.key < $1.key }) {
                let labels = ["switch": "sw1", "interface": interface, "member_asn": String(asn)]
                func add(_ name: String, _ value: Double) {
                    samples.append(Sample(key: SeriesKey(name: name, labels: labels), timestamp: time, value: value))
                }
                let value = traffic(interface, index)
                add(StoreSeries.receiveBytes, value)
                add(StoreSeries.transmitBytes, value / 2)
                add(StoreSeries.up, 1)
                add(StoreSeries.adminUp, 1)
                if speed { add(StoreSeries.speed, tenGig) }
            }
            store.append(samples)
        }
        return store
    }

    /// A weekday/weekend pattern: weekends carry 85 % of a weekday's peak.
    func weekly(_ index: Int) -> Double { index % 7 >= 5 ? 0.85 : 1 }

    /// One member growing linearly to 80 % of its 10G in `daysToTarget` days from yesterday
    /// (`perDay` of its capacity a day), over 120 days with a weekly pattern and a little noise;
    /// and a second member flat at 30 %.
    func growingOutcome(daysToTarget: Double, perDay: Double) throws -> RuleOutcome {
        var random = SplitMix64(seed: 7)
        let days = 120
        let store = try store(ports: ["Et1": 64500, "Et2": 64501], days: days) { interface, index in
            let noise = 0.005 * random.gaussian()
            guard interface == "Et1" else { return (0.3 + noise) * tenGig * weekly(index) }
            let level = 0.8 - perDay * (daysToTarget + Double(days - 1 - index))
            return (level + noise) * tenGig * weekly(index)
        }
        return CapacityRunwayRule().evaluate(DetectionContext(now: now, store: store))
    }

    @Test func aPortReaching80PercentIn45DaysIsCritical() throws {
        let outcome = try growingOutcome(daysToTarget: 45, perDay: 0.002)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .critical, "\(symptom.summary)")
        let left = try #require(symptom.evidence["soonest_days_left"]?.number) / day
        #expect(left > 35 && left < 55, "\(left) days")
        #expect(symptom.evidence["soonest_member"]?.value == .text("AS64500"))
        #expect(symptom.evidence["members_within_warning"]?.number == 1)
        #expect(symptom.evidence["members_within_critical"]?.number == 1)
        #expect(symptom.evidence["member_connections_judged"]?.number == 2)
        let date = try #require(symptom.evidence["soonest_date"]?.number)
        #expect(abs(date - (now + left * day)) < 1)
        let slope = try #require(symptom.evidence["soonest_slope_per_day"]?.number)
        #expect(abs(slope - 0.002 * tenGig * 8) < 0.0005 * tenGig * 8, "\(slope)")
        let level = try #require(symptom.evidence["soonest_p95_daily_peak"]?.number)
        #expect(level > 0.68 * tenGig * 8 && level < 0.8 * tenGig * 8)
        #expect(symptom.evidence["soonest_capacity"]?.number == tenGig * 8)
        #expect(symptom.summary.contains("AS64500"), "\(symptom.summary)")
        #expect(outcome.findings.map(\.rule) == [.capacityRunway])
        #expect(outcome.findings.first?.severity == .critical)
        let french = Wording.render(symptom.message, in: .french)
        #expect(french.contains("Au rythme actuel"), "\(french)")
    }

    @Test func aPortReaching80PercentIn120DaysIsAWarning() throws {
        let outcome = try growingOutcome(daysToTarget: 120, perDay: 0.001)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .warning, "\(symptom.summary)")
        let left = try #require(symptom.evidence["soonest_days_left"]?.number) / day
        #expect(left > 100 && left < 140, "\(left) days")
        #expect(symptom.evidence["members_within_critical"]?.number == 0)
        #expect(outcome.findings.first?.severity == .warning)
    }

    @Test func aPortReaching80PercentIn300DaysIsNotAWarning() throws {
        let outcome = try growingOutcome(daysToTarget: 300, perDay: 0.001)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(symptom.evidence["members_within_warning"]?.number == 0)
        #expect(outcome.findings.isEmpty)
    }

    @Test func theExchangeAsAWholeReachingItsCapacityIsAWarning() throws {
        // Three members, each growing 0.1 % of its port a day from 45 %, 55 % and 60 %: the
        // exchange's summed peaks reach 80 % of the summed capacity within the warning horizon.
        let starts: [String: Double] = ["Et1": 0.45, "Et2": 0.55, "Et3": 0.60]
        let store = try store(ports: ["Et1": 64500, "Et2": 64501, "Et3": 64502], days: 120) { interface, index in
            ((starts[interface] ?? 0) + 0.001 * Double(index)) * tenGig * weekly(index)
        }
        let outcome = CapacityRunwayRule().evaluate(DetectionContext(now: now, store: store))
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .warning, "\(symptom.summary)")
        let exchangeLeft = try #require(symptom.evidence["exchange_days_left"]?.number) / day
        #expect(exchangeLeft > 60 && exchangeLeft < 180, "\(exchangeLeft)")
        #expect(symptom.evidence["exchange_capacity"]?.number == 3 * tenGig * 8)
        #expect(symptom.evidence["exchange_date"]?.number != nil)
        #expect(symptom.summary.contains("exchange as a whole"), "\(symptom.summary)")
    }

    @Test func noisyFlatPortsNearTheTargetStayQuiet() throws {
        // 5 seeds × 40 members flat between 50 % and 78 % of their port, daily peaks with a
        // weekly pattern and noise of 5 % of the port's speed: no growth, so no runway limit.
        for seed in 1...5 {
            var random = SplitMix64(seed: UInt64(seed))
            var ports: [String: UInt32] = [:]
            var levels: [String: Double] = [:]
            for member in 0..<40 {
                let name = "Et\(member)"
                ports[name] = 64_500 + UInt32(member)
                levels[name] = 0.50 + 0.28 * Double(member) / 39
            }
            let store = try store(ports: ports, days: 120) { interface, index in
                max(0, (levels[interface] ?? 0) + 0.05 * random.gaussian()) * tenGig * weekly(index)
            }
            let outcome = CapacityRunwayRule().evaluate(DetectionContext(now: now, store: store))
            let symptom = try #require(outcome.symptom)
            #expect(symptom.verdict == .ok, "seed \(seed): \(symptom.summary)")
            #expect(symptom.evidence["members_within_warning"]?.number == 0, "seed \(seed)")
            #expect(outcome.findings.isEmpty)
        }
    }

    @Test func aFallingPortHasNoRunwayLimit() throws {
        let store = try store(ports: ["Et1": 64500], days: 120) { _, index in
            (0.75 - 0.002 * Double(index)) * tenGig * weekly(index)
        }
        let symptom = try #require(CapacityRunwayRule().evaluate(DetectionContext(now: now, store: store)).symptom)
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(symptom.summary.contains("does not reach 80% at this trend"), "\(symptom.summary)")
        #expect((symptom.evidence["exchange_slope_per_day"]?.number ?? 0) < 0)
    }

    @Test func aPortAlreadyOver80PercentIsLeftToFullPorts() throws {
        // Et1 is at 85 % and growing: outgrown_ports' business, never counted here.
        let store = try store(ports: ["Et1": 64500, "Et2": 64501], days: 120) { interface, index in
            interface == "Et1" ? (0.80 + 0.0005 * Double(index)) * tenGig : 0.2 * tenGig
        }
        let context = DetectionContext(now: now, store: store)
        let symptom = try #require(CapacityRunwayRule().evaluate(context).symptom)
        #expect(symptom.evidence["members_already_full"]?.number == 1)
        #expect(symptom.evidence["members_within_warning"]?.number == 0)
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(OutgrownPortsRule().evaluate(context).symptom?.verdict == .warning)
    }

    @Test func withoutPortSpeedsThereIsNotEnoughData() throws {
        let store = try store(ports: ["Et1": 64500], days: 120, speed: false) { _, index in
            (0.3 + 0.004 * Double(index)) * tenGig
        }
        let symptom = try #require(CapacityRunwayRule().evaluate(DetectionContext(now: now, store: store)).symptom)
        #expect(symptom.verdict == .notEnoughData)
        #expect(symptom.message.key == "capacity_runway.not_enough_data.no_speed")
    }

    @Test func aMonthOfHistoryIsNotEnoughData() throws {
        let store = try store(ports: ["Et1": 64500], days: 30) { _, index in (0.3 + 0.01 * Double(index)) * tenGig }
        let symptom = try #require(CapacityRunwayRule().evaluate(DetectionContext(now: now, store: store)).symptom)
        #expect(symptom.verdict == .notEnoughData)
        #expect(symptom.message.key == "capacity_runway.not_enough_data")
        #expect(symptom.evidence["members_not_enough_data"]?.number == 1)
    }
}
