import Foundation
import Testing
import TimeSeries
@testable import SyntheticExchange
import IXPCore

let day = 86_400.0

/// A memory store for hourly history ending at `end`: raw step 1 h (400 days), then daily (10 years).
func hourlyStore(end: Double, maxSeries: Int = 2_000) throws -> TimeSeriesStore {
    var configuration = StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: 3_600), maxSeries: maxSeries)
    configuration.reclaimAfter = 3_650 * 86_400
    return try TimeSeriesStore(configuration: configuration, directory: nil, clock: { end })
}

/// Mean of the known daily peaks of the exchange's receive traffic in [from, to).
func meanDailyPeak(_ store: TimeSeriesStore, from: Double, to: Double) -> Double {
    let peaks = store.dailyPeaks(of: SeriesSelector(name: "ixp_interface_receive_bytes_per_second"), from: from, to: to - 1)
        .map(\.peak).filter { !$0.isNaN }
    return peaks.reduce(0, +) / Double(peaks.count)
}

@Suite struct ScenarioTests {
    @Test func healthyGrowingHasSteadyJoinsGrowthAndNoDominantMember() {
        let scenario = ExchangeScenario.healthyGrowing()
        let truth = scenario.groundTruth
        #expect(scenario.end == ExchangeScenario.referenceEnd.timeIntervalSince1970)
        #expect(scenario.end - scenario.start == 730 * day)
        #expect(truth.verdict == .healthy)
        #expect((28...34).contains(scenario.members(at: scenario.end - 1).count))
        #expect(truth.leaves.isEmpty && truth.idlePorts.isEmpty)
        for quarter in 0..<8 {
            let from = scenario.start + Double(quarter) * 730 * day / 8, to = from + 730 * day / 8
            #expect((2...3).contains(truth.joins.filter { $0.time >= from && $0.time < to }.count), "quarter \(quarter)")
        }
        #expect(truth.trafficGrowthPerYear > 0.2 && truth.trafficGrowthPerYear < 0.3, "\(truth.trafficGrowthPerYear)")
        #expect(truth.maximumMemberShare < 0.25, "\(truth.maximumMemberShare)")
    }

    @Test func slowlyDyingRecordsEverySymptomWithItsDate() {
        let scenario = ExchangeScenario.slowlyDying()
        let truth = scenario.groundTruth
        let end = scenario.end
        #expect(truth.verdict == .zombie)
        #expect(truth.declineStart == end - 182 * day && truth.declineReached == end - 91 * day && truth.declineFactor == 0.7)
        #expect(abs(scenario.expectedDeclineRatio() - 0.7) < 0.002)
        let lastJoin = truth.lastJoin ?? .infinity
        #expect(lastJoin <= end - 365 * day)
        #expect(truth.leaves.count == 3 && truth.leaves.allSatisfy { $0.time > end - 365 * day })
        #expect(truth.idlePorts.count == 5)
        #expect(truth.idlePorts.allSatisfy { $0.idleSince <= end - 45 * day && $0.idle45Days <= truth.verdictFrom })
        #expect(truth.idlePorts.filter(\.operDown).count == 1)
        #expect((truth.dominantShare ?? 0) > 0.6)
        let dominant = scenario.members.first { $0.asn == truth.dominantMember }
        for month in 0..<24 {
            let time = scenario.start + Double(month) * 30 * day + 19 * 3_600
            let share = dominant.map { scenario.expectedPeak(of: $0, at: time) / scenario.expectedTotalPeak(at: time) } ?? 0
            #expect(share > 0.6, "month \(month): \(share)")
        }
        #expect(truth.events.contains { $0.tag == "decline_start" && $0.time == truth.declineStart })
        #expect(truth.events.contains { $0.tag == "last_join" && $0.time == lastJoin })
        #expect(truth.events.filter { $0.tag == "idle_since" }.count == 5)
    }

    @Test func slowlyDyingInTheStoreHasTheDeclineIdlePortsAndDominantMember() throws {
        let scenario = ExchangeScenario.slowlyDying()
        let store = try hourlyStore(end: scenario.end)
        let outcome = scenario.write(to: store)
        #expect(outcome.accepted > 3_000_000)
        #expect(outcome.outOfOrder == 0 && outcome.invalid == 0 && outcome.refusedOverCap == 0)
        #expect(store.keys().count == scenario.portCount * 7)
        let end = scenario.end
        let recent = meanDailyPeak(store, from: end - 90 * day, to: end)
        let before = meanDailyPeak(store, from: end - 270 * day, to: end - 180 * day)
        #expect(abs(recent / before - 0.7) < 0.03, "\(recent / before)")
        // Five ports idle: every sample since idleSince is below 0.5 % of speed, both directions.
        var idle = 0
        for port in scenario.groundTruth.idlePorts {
            for name in ["ixp_interface_receive_bytes_per_second", "ixp_interface_transmit_bytes_per_second"] {
                let key = SeriesKey(name: name, labels: ["switch": port.switchName, "interface": port.interface, "member_asn": String(port.asn)])
                let maximum = store.aggregate(.maximum, of: key, from: port.idleSince + 3_600, to: end - 1)
                #expect(maximum.knownValues > 0 && maximum.value < 0.005 * 1.25e9, "\(key)")
            }
            let busy = store.aggregate(.maximum, of: SeriesKey(name: "ixp_interface_receive_bytes_per_second", labels: [
                "switch": port.switchName, "interface": port.interface, "member_asn": String(port.asn)]),
                from: port.fadeStart - 60 * day, to: port.fadeStart)
            #expect(busy.value > 0.01 * 1.25e9)
            idle += 1
        }
        #expect(idle == 5)
        // The dominant member carries over 60 % of member traffic over the last quarter.
        let dominant = try #require(scenario.groundTruth.dominantMember)
        let selector = SeriesSelector(name: "ixp_interface_receive_bytes_per_second")
        let each = store.aggregateEach(.average, of: selector, from: end - 90 * day, to: end - 1)
        let members = each.filter { $0.key[label: "member_asn"] != "" && !$0.value.value.isNaN }
        let total = members.values.reduce(0) { $0 + $1.value }
        let top = members.filter { $0.key[label: "member_asn"] == String(dominant) }.values.reduce(0) { $0 + $1.value }
        #expect(top / total > 0.6, "\(top / total)")
    }

    @Test func healthyDailyPeaksInTheStoreMatchTheModel() throws {
        let scenario = ExchangeScenario.healthyGrowing()
        let store = try hourlyStore(end: scenario.end)
        scenario.write(to: store)
        // Weekday peaks (19:00 UTC = 20:00 local) of member traffic vs the noise-free model, within the ±5 % noise.
        let selector = SeriesSelector(name: "ixp_interface_receive_bytes_per_second")
        let peaks = store.dailyPeaks(of: selector, from: scenario.end - 60 * day, to: scenario.end - 1)
        var checked = 0
        for peak in peaks where !peak.peak.isNaN && scenario.weeklyFactor(at: peak.day + 19 * 3_600) == 1 {
            let model = scenario.expectedTotalPeak(at: peak.day + 19 * 3_600)
                + scenario.corePorts.reduce(0) { $0 + $1.peak * pow(1.25, (peak.day + 19 * 3_600 - scenario.start) / (365.25 * day)) }
            #expect(abs(peak.peak / model - 1) < 0.05, "\(peak.peak / model)")
            checked += 1
        }
        #expect(checked > 35)
        // Year-on-year, the daily-tier aggregate shows the growth.
        let lastMonth = store.aggregate(.meanDailyPeak, of: selector, from: scenario.end - 28 * day, to: scenario.end - 1)
        let yearBefore = store.aggregate(.meanDailyPeak, of: selector, from: scenario.end - 393 * day, to: scenario.end - 365 * day - 1)
        #expect(lastMonth.value / yearBefore.value > 1.2 && lastMonth.value / yearBefore.value < 1.4)
    }

    @Test func seasonalLowSinksAThirdEveryYearAndGrows21PercentAYear() throws {
        let scenario = ExchangeScenario.seasonalLow()
        let day = 86_400.0, end = scenario.end
        let peak = { scenario.expectedTotalPeak(at: end - $0 * day + 19 * 3_600) }
        // Year on year, same weeks: +21 % in the low and out of it.
        #expect(abs(peak(1) / peak(366) - 1.21) < 0.03, "\(peak(1) / peak(366))")
        #expect(abs(peak(160) / peak(525) - 1.21) < 0.03, "\(peak(160) / peak(525))")
        // Deep in the low at the end: about a third below the weeks before the slide.
        #expect(abs(peak(1) / peak(110) - 2.0 / 3 * pow(1.21, 109.0 / 365)) < 0.03, "\(peak(1) / peak(110))")
        #expect(ExchangeScenario.named("seasonalLow") != nil)
    }

    @Test func matureKeepsItsCountFlatWithChurnAndGrowsAboutFivePercentAYear() throws {
        let scenario = ExchangeScenario.mature()
        let truth = scenario.groundTruth, end = scenario.end
        #expect(truth.verdict == .healthy)
        #expect(truth.joins.count == 15 && truth.leaves.count == 12)
        for daysBefore in stride(from: 0.0, through: 700, by: 10) {
            let count = scenario.members(at: end - daysBefore * day).count
            #expect(count >= 80 && count <= 84, "\(count) members at end −\(Int(daysBefore)) d")
            // Never more leaves than joins over 12 months.
            let to = end - daysBefore * day, from = to - 365 * day
            let joins = truth.joins.filter { $0.time > from && $0.time <= to }.count
            let leaves = truth.leaves.filter { $0.time > from && $0.time <= to }.count
            #expect(leaves <= joins || to - scenario.start < 100 * day, "end −\(Int(daysBefore)) d: \(leaves) left, \(joins) joined")
        }
        #expect(truth.trafficGrowthPerYear > 0.03 && truth.trafficGrowthPerYear < 0.07, "\(truth.trafficGrowthPerYear)")
        #expect(ExchangeScenario.named("mature") != nil)
    }

    @Test func privateInterconnectStepDropsAboutThirtyPercentAtOnce() throws {
        let scenario = ExchangeScenario.privateInterconnectStep()
        let truth = scenario.groundTruth
        let time = try #require(truth.stepTime)
        #expect(time == scenario.end - 150 * day)
        #expect(abs((truth.stepFactor ?? 0) - 0.7) < 0.02, "\(truth.stepFactor ?? .nan)")
        #expect(truth.stepMember == scenario.members[0].asn)
        #expect(truth.events.contains { $0.tag == "step" && $0.time == time })
        let decline = try #require(ExchangeScenario.named("stepThenDecline"))
        #expect(decline.groundTruth.stepTime == decline.end - 300 * day)
        #expect(decline.groundTruth.declineStart == decline.end - 182 * day && decline.groundTruth.declineFactor == 0.7)
    }

    @Test func holidayDipFallsFortyPercentAndRecovers() throws {
        let scenario = ExchangeScenario.holidayDip()
        let dip = try #require(scenario.dips.first)
        #expect(dip.depth == 0.4 && dip.end - dip.start == 19 * day)
        #expect(IXFExportWriter.day(dip.start) == "2025-12-20")
        let store = try hourlyStore(end: scenario.end)
        scenario.write(to: store)
        let before = meanDailyPeak(store, from: dip.start - 21 * day, to: dip.start)
        let bottom = meanDailyPeak(store, from: dip.start + 3 * day, to: dip.end - 3 * day)
        let after = meanDailyPeak(store, from: dip.end + 7 * day, to: dip.end + 28 * day)
        #expect(abs(bottom / before - 0.6) < 0.05, "\(bottom / before)")
        #expect(after / before > 0.97, "\(after / before)")
        #expect(scenario.groundTruth.verdict == .healthy)
    }

    @Test func tooLittleHistoryHasTenDays() throws {
        let scenario = ExchangeScenario.tooLittleHistory()
        #expect(scenario.end - scenario.start == 10 * day)
        #expect(scenario.groundTruth.verdict == .insufficientHistory)
        var first = Double.infinity, last = -Double.infinity, count = 0
        scenario.forEachSample { sample in
            first = min(first, sample.timestamp)
            last = max(last, sample.timestamp)
            count += 1
        }
        #expect(first == scenario.start && last == scenario.end - 3_600)
        // The lazy sequence gives the same samples in the same order.
        var sequenceCount = 0
        var iterator = scenario.samples().makeIterator()
        var matches = true
        scenario.forEachSample { sample in
            let next = iterator.next()
            if next?.key != sample.key || next?.timestamp != sample.timestamp || !close(next?.value ?? .nan, sample.value) { matches = false }
            sequenceCount += 1
        }
        #expect(iterator.next() == nil)
        #expect(matches && sequenceCount == count)
    }

    @Test func scaleHasTheRequestedSize() {
        let scenario = ExchangeScenario.scale(members: 1_000, ports: 2_000)
        #expect(scenario.members.count == 1_000 && scenario.portCount == 2_000)
        #expect(Set(scenario.members.map(\.asn)).count == 1_000)
        let ports = scenario.members.flatMap { $0.ports.map { "\($0.switchName) \($0.interface)" } }
        #expect(Set(ports).count == 2_000)
        #expect(scenario.groundTruth.trafficGrowthPerYear > 0.25)
    }

    @Test func theTrafficShapeFollowsLocalTime() {
        let scenario = ExchangeScenario.healthyGrowing()
        let monday = 1_792_972_800.0  // 2026-10-26, a Monday, 00:00 UTC
        #expect(scenario.weeklyFactor(at: monday + 12 * 3_600) == 1)
        #expect(scenario.weeklyFactor(at: monday - 12 * 3_600) == 0.85)  // Sunday
        #expect(abs(scenario.diurnalFactor(at: monday + 19 * 3_600) - 1) < 1e-12)  // 20:00 local (UTC+1)
        #expect(abs(scenario.diurnalFactor(at: monday + 3 * 3_600) - 0.3) < 1e-12)  // 04:00 local
        var generator = SplitMix64(seed: 42)
        let draws = (0..<3).map { _ in generator.next() }
        var again = SplitMix64(seed: 42)
        #expect(draws == (0..<3).map { _ in again.next() })
    }

    @Test func counterResetAndGapRecordsItsFaults() {
        let scenario = ExchangeScenario.counterResetAndGap()
        #expect(scenario.counterResets.count == 4)
        #expect(scenario.gaps == [DataGap(start: scenario.end - 100 * day, end: scenario.end - 93 * day)])
        #expect(scenario.groundTruth.counterResets.count == 4 && scenario.groundTruth.gaps.count == 1)
    }
}

@Suite struct StoreTierTests {
    /// Hourly samples in a store whose raw step is 60 s: the raw tier (48 h) keeps them, but the
    /// consolidated tiers need more than one sample in five minutes (xfiles factor 0.5) and stay
    /// unknown — backtests must give the store a raw step equal to the sample step.
    @Test func hourlySamplesNeedAnHourlyRawTier() throws {
        var scenario = ExchangeScenario.healthyGrowing()
        scenario.start = scenario.end - 20 * day
        let end = scenario.end
        let store = try TimeSeriesStore(configuration: StoreConfiguration(maxSeries: 1_000), directory: nil, clock: { end })
        scenario.write(to: store)
        let selector = SeriesSelector(name: "ixp_interface_receive_bytes_per_second")
        let recent = store.aggregate(.maximum, of: selector, from: scenario.end - 1 * day, to: scenario.end - 1)
        #expect(recent.knownValues > 0 && recent.tier == 0)
        let older = store.aggregate(.maximum, of: selector, from: scenario.end - 15 * day, to: scenario.end - 10 * day)
        #expect(older.knownValues == 0)

        let hourly = try hourlyStore(end: scenario.end)
        scenario.write(to: hourly)
        let kept = hourly.aggregate(.maximum, of: selector, from: scenario.end - 15 * day, to: scenario.end - 10 * day - 1)
        #expect(kept.knownValues == 5 * 24)
    }
}
