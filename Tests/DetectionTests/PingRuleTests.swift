import Foundation
import Members
import Testing
import TimeSeries
@testable import Detection
import IXPCore

/// The rules that read what the ping probe writes: `member_unreachable` (with
/// `exchange_unreachable` for an exchange-wide cause) and `member_latency_jump`.
@Suite struct PingRuleTests {
    let now = 1_800_000_000.0

    let members = MemberRegistry(members: [
        Member(asn: 65001, name: "Silent Router", ipv4Addresses: ["192.0.2.1"]),
        Member(asn: 65002, name: "Answers", ipv4Addresses: ["192.0.2.2"]),
        Member(asn: 65003, name: "Answers Too", ipv4Addresses: ["192.0.2.3"]),
        Member(asn: 65004, name: "Also Answers", ipv4Addresses: ["192.0.2.4"]),
    ])

    /// A store with one reading a minute over the last `minutes` of each series `value(minute)`
    /// gives (nil: no reading that minute; minute 0 is the newest).
    func store(minutes: Int, _ series: [(String, [String: String], (Int) -> Double?)]) throws -> TimeSeriesStore {
        let now = self.now
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: { now })
        for minute in stride(from: minutes - 1, through: 0, by: -1) {
            let time = now - Double(minute) * 60 - 1
            store.append(series.compactMap { name, labels, value in
                value(minute).map { Sample(key: SeriesKey(name: name, labels: labels), timestamp: time, value: $0) }
            })
        }
        return store
    }

    func loss(_ asn: Int, _ address: String, _ value: @escaping (Int) -> Double?) -> (String, [String: String], (Int) -> Double?) {
        (StoreSeries.pingLoss, ["member_asn": String(asn), "address": address, "family": "ipv4"], value)
    }

    func port(_ asn: Int, up: Double, switchName: String = "sw1") -> [(String, [String: String], (Int) -> Double?)] {
        let labels = ["switch": switchName, "interface": "Ethernet\(asn - 65000)", "member_asn": String(asn)]
        return [(StoreSeries.receiveBytes, labels, { _ in 1_000 }), (StoreSeries.up, labels, { _ in up }),
                (StoreSeries.adminUp, labels, { _ in 1 })]
    }

    func answering(_ asns: [Int]) -> [(String, [String: String], (Int) -> Double?)] {
        asns.map { loss($0, "192.0.2.\($0 - 65000)", { _ in 0 }) }
    }

    // MARK: member_unreachable

    @Test func aMemberLosingEveryPingWhileItsPortIsUpIsUnreachable() throws {
        let store = try store(minutes: 10, [loss(65001, "192.0.2.1", { _ in 1 })] + answering([65002, 65003, 65004])
            + port(65001, up: 1))
        let found = MemberUnreachableRule().evaluate(DetectionContext(now: now, store: store, members: members)).findings
        #expect(found.map(\.rule) == [.memberUnreachable])
        #expect(found.first?.subject == .member(asn: 65001))
        #expect(found.first?.labels["switch"] == "sw1")
        #expect(found.first?.labels["member_name"] == "Silent Router")
        #expect(found.first?.explainedBy == nil)
        #expect(found.first?.evidence.items.contains { $0.name == "port_status" && $0.value == .text("up") } == true)
        let english = Wording.render(try #require(found.first?.message))
        #expect(english.contains("Silent Router (AS65001)") && english.contains("192.0.2.1"), "\(english)")
        #expect(Wording.render(try #require(found.first?.message), in: .french).contains("ne répond plus aux pings"))
    }

    @Test func partialLossOrTooFewRoundsIsNotUnreachable() throws {
        // Half the requests lost, and a member that lost only its newest two rounds.
        let store = try store(minutes: 10, [loss(65001, "192.0.2.1", { _ in 0.6 }), loss(65002, "192.0.2.2", { $0 < 2 ? 1 : 0 })]
            + answering([65003, 65004]))
        let found = MemberUnreachableRule().evaluate(DetectionContext(now: now, store: store, members: members)).findings
        #expect(found.isEmpty, "\(found.map(\.id))")
    }

    @Test func aStaleLossSeriesIsNotJudged() throws {
        // The probe stopped 10 minutes ago: probe_stale's finding, not this one.
        let store = try store(minutes: 30, [loss(65001, "192.0.2.1", { $0 >= 15 ? 1 : nil })])
        #expect(MemberUnreachableRule().evaluate(DetectionContext(now: now, store: store, members: members)).findings.isEmpty)
    }

    @Test func theFindingResolvesWhenTheRouterAnswersAgain() throws {
        var configuration = DetectionConfiguration()
        configuration.rules[.memberUnreachable] = RuleSettings(forDuration: 0)
        let down = try store(minutes: 10, [loss(65001, "192.0.2.1", { _ in 1 })] + answering([65002, 65003]))
        var tracker = FindingTracker()
        tracker.update(candidates: MemberUnreachableRule().evaluate(DetectionContext(now: now, store: down, members: members)).findings,
                       now: now, configuration: configuration)
        #expect(tracker.active.map(\.id) == ["member_unreachable|AS65001"])
        #expect(tracker.active.first?.state == .firing)
        // A minute later its newest round got replies.
        let back = try store(minutes: 10, [loss(65001, "192.0.2.1", { $0 == 0 ? 0.2 : 1 })] + answering([65002, 65003]))
        let candidates = MemberUnreachableRule().evaluate(DetectionContext(now: now, store: back, members: members)).findings
        #expect(candidates.isEmpty)
        tracker.update(candidates: candidates, now: now + 60, configuration: configuration)
        #expect(tracker.active.isEmpty)
        #expect(tracker.all.first?.state == .resolved)
    }

    @Test func aMemberWhosePortsAreAllDownIsMemberDownsFinding() throws {
        let store = try store(minutes: 10, [loss(65001, "192.0.2.1", { _ in 1 })] + answering([65002, 65003]) + port(65001, up: 0))
        #expect(MemberUnreachableRule().evaluate(DetectionContext(now: now, store: store, members: members)).findings.isEmpty)
    }

    @Test func aSwitchThatCannotBePolledExplainsTheFinding() throws {
        var configuration = DetectionConfiguration()
        configuration.rules[.memberUnreachable] = RuleSettings(forDuration: 0)
        configuration.rules[.probeFailing] = RuleSettings(forDuration: 0)
        // The switch stopped answering SNMP 15 minutes ago: the port status is unknown.
        let store = try store(minutes: 20, [loss(65001, "192.0.2.1", { _ in 1 })] + answering([65002, 65003])
            + port(65001, up: 1).map { name, labels, _ -> (String, [String: String], (Int) -> Double?) in (name, labels, { $0 >= 15 ? 1 : nil }) })
        let found = MemberUnreachableRule().evaluate(DetectionContext(now: now, store: store, members: members)).findings
        #expect(found.first?.labels["switch"] == "sw1")
        #expect(found.first?.evidence.items.contains { $0.name == "port_status" && $0.value == .text("unknown") } == true)
        let failing = FindingCandidate(rule: .probeFailing, severity: .critical, subject: .switch("sw1"),
                                       message: LocalizedText("probe_failing.summary"), labels: ["switch": "sw1"])
        var tracker = FindingTracker()
        tracker.update(candidates: found + [failing], now: now, configuration: configuration)
        #expect(tracker.findings["member_unreachable|AS65001"]?.inhibitedBy == failing.id)
    }

    @Test func mostMembersUnreachableAtOnceIsOneExchangeWideFinding() throws {
        let store = try store(minutes: 10, [65001, 65002, 65003].map { loss($0, "192.0.2.\($0 - 65000)", { _ in 1 }) }
            + answering([65004]))
        let found = MemberUnreachableRule().evaluate(DetectionContext(now: now, store: store, members: members)).findings
        let exchange = try #require(found.first { $0.rule == .exchangeUnreachable })
        #expect(exchange.subject == .exchange)
        #expect(exchange.severity == .critical)
        let perMember = found.filter { $0.rule == .memberUnreachable }
        #expect(perMember.count == 3)
        #expect(perMember.allSatisfy { $0.explainedBy == exchange.id })
        #expect(Wording.render(exchange.message).contains("3 of 4 members"), "\(Wording.render(exchange.message))")

        var configuration = DetectionConfiguration()
        configuration.rules[.memberUnreachable] = RuleSettings(forDuration: 0)
        configuration.rules[.exchangeUnreachable] = RuleSettings(forDuration: 0)
        var tracker = FindingTracker()
        tracker.update(candidates: found, now: now, configuration: configuration)
        #expect(tracker.active.filter { $0.rule == .memberUnreachable }.allSatisfy { $0.inhibitedBy == exchange.id })

        // With the exchange-wide finding turned off, the members' findings are not raised either.
        configuration.rules[.exchangeUnreachable] = RuleSettings(enabled: false)
        let quiet = MemberUnreachableRule().evaluate(DetectionContext(now: now, store: store, configuration: configuration, members: members))
        #expect(quiet.findings.isEmpty)
    }

    // MARK: member_latency_jump

    func median(_ asn: Int, _ value: @escaping (Int) -> Double?) -> (String, [String: String], (Int) -> Double?) {
        (StoreSeries.pingMedian, ["member_asn": String(asn), "address": "192.0.2.\(asn - 65000)", "family": "ipv4"], value)
    }

    @Test func aRouterThreeTimesSlowerThanItsOwnDayIsALatencyJump() throws {
        // 2 ms for a day, 25 ms over the last hour; another member steady at 30 ms.
        let store = try store(minutes: 26 * 60, [median(65001, { $0 < 60 ? 0.025 : 0.002 }), median(65002, { _ in 0.030 })])
        let found = MemberLatencyJumpRule().evaluate(DetectionContext(now: now, store: store, members: members)).findings
        #expect(found.map(\.subject) == [.member(asn: 65001)])
        let text = Wording.render(try #require(found.first?.message))
        #expect(text.contains("25 ms") && text.contains("2 ms"), "\(text)")
        #expect(Wording.render(try #require(found.first?.message), in: .french).contains("25 ms"))
    }

    @Test func smallOrProportionateRisesAreNoJump() throws {
        // 2 → 5 ms: over 3× but only 3 ms more. 20 → 50 ms: 30 ms more but only 2.5×.
        let store = try store(minutes: 26 * 60, [median(65001, { $0 < 60 ? 0.005 : 0.002 }), median(65002, { $0 < 60 ? 0.050 : 0.020 })])
        #expect(MemberLatencyJumpRule().evaluate(DetectionContext(now: now, store: store, members: members)).findings.isEmpty)
    }

    @Test func withoutADayOfHistoryThereIsNoBaseline() throws {
        // Two hours of history: the baseline covers one hour of the day it needs.
        let store = try store(minutes: 120, [median(65001, { $0 < 60 ? 0.025 : 0.002 })])
        #expect(MemberLatencyJumpRule().evaluate(DetectionContext(now: now, store: store, members: members)).findings.isEmpty)
    }

    @Test func theJumpResolvesWhenTheRoundTripComesBack() throws {
        var configuration = DetectionConfiguration()
        configuration.rules[.memberLatencyJump] = RuleSettings(forDuration: 0)
        var tracker = FindingTracker()
        let slow = try store(minutes: 26 * 60, [median(65001, { $0 < 60 ? 0.025 : 0.002 })])
        tracker.update(candidates: MemberLatencyJumpRule().evaluate(DetectionContext(now: now, store: slow, members: members)).findings,
                       now: now, configuration: configuration)
        #expect(tracker.active.map(\.id) == ["member_latency_jump|AS65001"])
        // The slow spell lasted 40 minutes and ended 40 minutes ago: the hour's median is back to 2 ms.
        let recovered = try store(minutes: 26 * 60, [median(65001, { $0 >= 40 && $0 < 80 ? 0.025 : 0.002 })])
        let candidates = MemberLatencyJumpRule().evaluate(DetectionContext(now: now, store: recovered, members: members)).findings
        #expect(candidates.isEmpty)
        tracker.update(candidates: candidates, now: now + 60, configuration: configuration)
        #expect(tracker.active.isEmpty)
    }
}
