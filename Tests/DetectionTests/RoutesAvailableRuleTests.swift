import Foundation
import IXPCore
import Testing
import TimeSeries
@testable import Detection

/// `routes_available` on route-server counts written straight into a store: routes that grow
/// (with a route server's restart in the middle), routes flat for a year, routes falling quarter
/// on quarter, near misses, and too little history.
@Suite struct RoutesAvailableRuleTests {
    let now = 1_800_000_000.0

    /// Two route servers holding the same routes, IPv4 and IPv6 prefixes and origin ASNs,
    /// each `value(family, kind, day)`; `rs2` restarts (0 routes for a day) on `restartDay`.
    func outcome(days: Int, restartDay: Int? = nil, _ value: @escaping (String, String, Int) -> Double?) throws -> RuleOutcome {
        var series: [DailySeriesStore.Series] = []
        for server in ["rs1", "rs2"] {
            for family in ["ipv4", "ipv6"] {
                let labels = ["route_server": server, "family": family]
                series.append((StoreSeries.routeServerRoutes, labels, { day in
                    server == "rs2" && day == restartDay ? 0 : value(family, "prefixes", day) }))
                series.append((StoreSeries.routeServerOriginASNs, labels, { day in
                    server == "rs2" && day == restartDay ? 0 : value(family, "origins", day) }))
            }
        }
        let store = try DailySeriesStore.make(now: now, days: days, series)
        return RoutesAvailableRule().evaluate(DetectionContext(now: now, store: store))
    }

    /// A level per family and kind: IPv4 prefixes 1,000, IPv6 400, origins a tenth of that.
    static func base(_ family: String, _ kind: String) -> Double {
        (family == "ipv4" ? 1_000 : 400) / (kind == "prefixes" ? 1 : 10)
    }

    func item(_ outcome: RuleOutcome, _ name: String) -> EvidenceItem? {
        outcome.symptom?.evidence.items.first { $0.name == name }
    }

    @Test func routesGrowingTwentyPercentAYearAreOkEvenThroughARestartAndAnOutageDay() throws {
        // 20 % a year, every measure; rs1 is down (no sample) for a day and rs2 restarts on another.
        let outcome = try outcome(days: 500, restartDay: 495) { family, kind, day in
            day == 490 ? nil : Self.base(family, kind) * (1 + 0.2 * Double(day) / 365)
        }
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(outcome.findings.isEmpty)
        #expect(symptom.message.key == "routes_available.ok")
        let yoy = try #require(item(outcome, "ipv4_prefixes_year_on_year")?.number)
        #expect(yoy > 0.15 && yoy < 0.25)
        #expect(item(outcome, "decided_by")?.value == .text("year_on_year"))
    }

    @Test func routesFlatForAYearAreAWarning() throws {
        // ±1 % around the same level for 500 days: nothing falls, nothing grows.
        let outcome = try outcome(days: 500) { family, kind, day in Self.base(family, kind) * (1 + 0.01 * sin(Double(day))) }
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .warning)
        #expect(symptom.message.key == "routes_available.flat")
        #expect(outcome.findings.map(\.rule) == [.routesAvailable])
        #expect(abs(item(outcome, "ipv4_prefixes_year_on_year")?.number ?? 1) < 0.02)
        #expect(abs((item(outcome, "ipv4_prefixes_year_ago")?.number ?? 0) - 1_000) < 10)
    }

    @Test func routesGrowingJustOverTheFlatThresholdInOneFamilyAreOk() throws {
        // IPv4 flat; IPv6 prefixes grew 6 % in the year (over 5 %): the offer still grows.
        let outcome = try outcome(days: 500) { family, kind, day in
            Self.base(family, kind) * (family == "ipv6" && kind == "prefixes" ? 1 + 0.06 * Double(day) / 365 : 1)
        }
        #expect(outcome.symptom?.verdict == .ok, "\(outcome.symptom?.summary ?? "")")
        #expect(outcome.findings.isEmpty)
    }

    @Test func ipv4PrefixesFallingTwentyPercentInAQuarterAreAWarning() throws {
        // Growing until day 130 of 250, then 20 % of the IPv4 prefixes go and stay gone.
        let outcome = try outcome(days: 250) { family, kind, day in
            let level = Self.base(family, kind) * (1 + 0.2 * Double(day) / 365)
            return family == "ipv4" && kind == "prefixes" && day >= 130 ? level * 0.8 : level
        }
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .warning)
        #expect(symptom.message.key == "routes_available.falling.ipv4_prefixes")
        #expect(item(outcome, "falling")?.value == .list(["ipv4_prefixes"]))
        let qoq = try #require(item(outcome, "ipv4_prefixes_quarter_on_quarter")?.number)
        #expect(qoq < -0.1)
        #expect(symptom.summary.contains("IPv4"))
    }

    @Test func aFallThatRecoveredOrStayedUnderTheThresholdIsNotFalling() throws {
        // 8 % of the prefixes go (under 10 %); and origins lose 30 % for three weeks, then come back.
        let outcome = try outcome(days: 250) { family, kind, day in
            let level = Self.base(family, kind)
            if kind == "prefixes" { return day >= 130 ? level * 0.92 : level }
            return (200..<221).contains(day) ? level * 0.7 : level
        }
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok, "\(symptom.summary)")
        #expect(symptom.message.key == "routes_available.ok_young", "less than a year: flatness is not judged yet")
        #expect(outcome.findings.isEmpty)
    }

    @Test func lessThanHalfAYearOfRouteCountsIsNotEnoughData() throws {
        let young = try outcome(days: 170) { family, kind, _ in Self.base(family, kind) }
        #expect(young.symptom?.verdict == .notEnoughData)
        #expect(young.symptom?.message.key == "routes_available.not_enough_data")
        #expect(young.findings.isEmpty)
        let none = RoutesAvailableRule().evaluate(DetectionContext(now: now, store: try DailySeriesStore.make(now: now, days: 1, [])))
        #expect(none.symptom?.verdict == .notEnoughData)
        #expect(none.symptom?.summary.contains("0 days") == true)
    }
}
