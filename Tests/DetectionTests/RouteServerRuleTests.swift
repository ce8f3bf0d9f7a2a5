import Foundation
import Members
import Testing
import TimeSeries
@testable import Detection
import IXPCore

/// The rules that read what the route-server probe writes: `route_server_max_prefix` and the
/// route servers as the first source of `no_route_server_session`.
@Suite struct RouteServerRuleTests {
    let now = 1_800_000_000.0

    func store(_ samples: [(String, [String: String], Double)], minutes: Int = 30) throws -> TimeSeriesStore {
        let now = self.now
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: { now })
        for minute in 0..<minutes {
            let time = now - Double(minutes - minute) * 60
            store.append(samples.map { Sample(key: SeriesKey(name: $0.0, labels: $0.1), timestamp: time, value: $0.2) })
        }
        return store
    }

    let members = MemberRegistry(members: [
        Member(asn: 65001, name: "Near Limit", ipv4Addresses: ["192.0.2.1"], maxPrefixIPv4: 100),
        Member(asn: 65002, name: "Plenty Left", ipv4Addresses: ["192.0.2.2"], maxPrefixIPv4: 100),
        Member(asn: 65003, name: "Not On The Route Server", ipv4Addresses: ["192.0.2.3"]),
    ])

    @Test func aMemberAtEightyPercentOfItsMaxPrefixIsAWarning() throws {
        let store = try store([
            (StoreSeries.routeServerMaxPrefixRatio, ["route_server": "rs1", "member_asn": "65001", "family": "ipv4"], 0.85),
            (StoreSeries.routeServerMaxPrefixRatio, ["route_server": "rs1", "member_asn": "65002", "family": "ipv4"], 0.79),
        ])
        let found = RouteServerMaxPrefixRule().evaluate(DetectionContext(now: now, store: store, members: members)).findings
        #expect(found.count == 1)
        #expect(found.first?.subject == .member(asn: 65001))
        #expect(found.first?.severity == .warning)
        #expect(found.first?.labels["route_server"] == "rs1")
        #expect(found.first?.evidence.items.contains { $0.name == "max_prefix" } == true)
    }

    @Test func theRouteServersOutrankTheMemberListForSessions() throws {
        // The member list claims everyone peers with the route servers; the route server knows
        // better: 65002's session is down and 65003 is not configured at all.
        let listed = MemberRegistry(members: members.members.map { member in
            var member = member
            member.peersWithRouteServer = true
            return member
        })
        let store = try store([
            (StoreSeries.routeServerBIRDSessions, ["route_server": "rs1", "member_asn": "65001"], 1),
            (StoreSeries.routeServerBIRDSessions, ["route_server": "rs1", "member_asn": "65002"], 0),
        ])
        let sessions = NoRouteServerSessionRule.sessions(DetectionContext(now: now, store: store, members: listed), at: now)
        #expect(sessions == [65001: true, 65002: false, 65003: false])
        let found = NoRouteServerSessionRule().evaluate(DetectionContext(now: now, store: store, members: listed)).findings
        #expect(Set(found.map(\.subject)) == [.member(asn: 65002), .member(asn: 65003)])
    }

    /// `members` members' BIRD sessions, hourly over the day ending 90 days ago (every session up)
    /// and over the last day (AS65001's down).
    func sessionsNowAndAQuarterAgo(members: Int) throws -> RuleOutcome {
        let now = self.now
        let store = try TimeSeriesStore(configuration: StoreConfiguration(tiers: StoreConfiguration.defaultTiers(rawStep: 3_600)),
                                        directory: nil, clock: { now })
        for (start, recent) in [(now - 91 * 86_400, false), (now - 86_400, true)] {
            for hour in 0..<24 {
                store.append((0..<members).map { index in
                    Sample(key: SeriesKey(name: StoreSeries.routeServerBIRDSessions, labels: ["route_server": "rs1", "member_asn": String(65001 + index)]),
                           timestamp: start + Double(hour) * 3_600, value: recent && index == 0 ? 0 : 1)
                })
            }
        }
        return NoRouteServerSessionRule().evaluate(DetectionContext(now: now, store: store))
    }

    @Test func theShareOfMembersOnTheRouteServersFallingFivePointsInAQuarterIsAWarning() throws {
        // 20 of 20 members a quarter ago, 19 of 20 now: a fall of 5 points.
        let outcome = try sessionsNowAndAQuarterAgo(members: 20)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .warning)
        #expect(symptom.evidence["share_90_days_ago"]?.number == 1)
        #expect(symptom.evidence["share"]?.number == 0.95)
        #expect(symptom.evidence["route_server_users"]?.number == 19)
        #expect(symptom.evidence["without_session"]?.value == .list(["AS65001"]))
        #expect(outcome.findings.map(\.subject) == [.exchange, .member(asn: 65001)])
        #expect(outcome.findings.map(\.severity) == [.warning, .info])
    }

    @Test func aFallJustUnderFivePointsIsNotAWarning() throws {
        // 21 of 21, then 20 of 21: a fall of 4.8 points.
        let outcome = try sessionsNowAndAQuarterAgo(members: 21)
        let symptom = try #require(outcome.symptom)
        #expect(symptom.verdict == .ok)
        #expect(symptom.evidence["route_server_users"]?.number == 20)
        #expect(outcome.findings.map(\.subject) == [.member(asn: 65001)])
    }

    /// Prefixes received per member (ASN → value before, value in the last 40 minutes), hourly for
    /// two days and then every minute.
    func announcements(_ members: [UInt32: (before: Double, now: Double)]) throws -> TimeSeriesStore {
        let now = self.now
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: { now })
        func samples(_ time: Double, recent: Bool) -> [Sample] {
            members.sorted { $0.key < $1.key }.map { asn, values in
                Sample(key: SeriesKey(name: StoreSeries.routeServerPrefixesReceived,
                                      labels: ["route_server": "rs1", "member_asn": String(asn), "family": "ipv4"]),
                       timestamp: time, value: recent ? values.now : values.before)
            }
        }
        for hour in stride(from: 48, to: 1, by: -1) { store.append(samples(now - Double(hour) * 3_600, recent: false)) }
        for minute in stride(from: 60, through: 0, by: -1) { store.append(samples(now - Double(minute) * 60, recent: minute <= 40)) }
        return store
    }

    @Test func aMemberWhoseSessionStaysUpButAnnouncesNothingAnyMoreIsAWarning() throws {
        let store = try announcements([65001: (120, 0), 65002: (50, 50), 65003: (0, 0), 65004: (30, 31)])
        let found = MemberStoppedAnnouncingRule().evaluate(DetectionContext(now: now, store: store, members: members)).findings
        #expect(found.map(\.subject) == [.member(asn: 65001)])
        #expect(found.first?.severity == .warning)
        #expect(found.first?.evidence.items.first { $0.name == "prefixes_before" }?.value == .number(120))
        // It announces again: nothing.
        let again = try announcements([65001: (120, 118), 65002: (50, 50), 65003: (0, 0), 65004: (30, 31)])
        #expect(MemberStoppedAnnouncingRule().evaluate(DetectionContext(now: now, store: again, members: members)).findings.isEmpty)
    }

    @Test func mostMembersFallingSilentAtOnceIsTheRouteServersFinding() throws {
        let store = try announcements([65001: (120, 0), 65002: (50, 0), 65003: (10, 0), 65004: (30, 31)])
        let found = MemberStoppedAnnouncingRule().evaluate(DetectionContext(now: now, store: store, members: members)).findings
        #expect(Set(found.map(\.subject)) == [.member(asn: 65001), .member(asn: 65002), .member(asn: 65003), .exchange])
        #expect(found.first { $0.subject == .exchange }?.severity == .critical)
        var configuration = DetectionConfiguration()
        configuration.rules[.memberStoppedAnnouncing] = RuleSettings(forDuration: 0)
        var tracker = FindingTracker()
        tracker.update(candidates: found, now: now, configuration: configuration)
        // The exchange finding explains the members': one notification, not four.
        #expect(tracker.active.filter(\.isNotifiable).map(\.subject) == [.exchange])
    }
}
