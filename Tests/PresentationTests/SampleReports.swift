import Foundation
@testable import Detection
@testable import Presentation
import IXPCore
import Members

/// Health reports to render in tests: a dying exchange that shows every symptom, and a new
/// one with too little history to judge anything. Deterministic: the same call gives the same
/// report.
enum SampleReports {
    static let day = 86_400.0

    /// 2026-11-27 06:00 UTC.
    static let now = Double(UTCCalendar.days(year: 2026, month: 11, day: 27)) * day + 6 * 3600

    /// A member name from outside that tries to inject markup.
    static let hostileName = "<script>alert('x')</script> Evil & \"Co\""

    /// A repeatable number in 0..<1 for index `i` (no random generator: tests must not vary).
    static func noise(_ i: Int) -> Double {
        let x = sin(Double(i) * 12.9898 + 78.233) * 43_758.5453
        return x - x.rounded(.down)
    }

    /// The month `YYYY-MM` that is `offset` months after 2024-12.
    static func month(_ offset: Int) -> String {
        let index = 2024 * 12 + 11 + offset
        let year = index / 12, month = index % 12 + 1
        return String(format: "%04d-%02d", year, month)
    }

    static let memberNames = [
        "Congo Telecom", "Orange RDC", "Vodacom Congo", "Airtel Congo", "Africell", "Liquid Intelligent Technologies",
        "Microcom", "Global Broadband Solution", "Raga Networks", "Sogetel", "Tier Networks", "Kivu Online",
        "Université de Kinshasa", "Banque Centrale — Réseau", "Hewani", "Standard Telecom", "Optic Networks",
        "Ciel Data", "Cloud Afrique", "Mwangaza Net", "Lumière Télécom", "Zenith Connect", "Sahel Fibre",
        "Équateur Wireless", "Baobab ISP", "Kasaï Link", "Ubuntu Data Centre", "Lualaba Net", "Tanganyika Online",
        "Ituri Telecom", "Makala Hosting", "Ngaliema Cloud", "Bandal ISP", "Gombe Fibre", "Lingwala Data",
        "Matonge Networks", "Kintambo Wireless", "Limete Broadband", "Masina Telecom",
    ]

    /// A dying exchange: falling two-year peaks, more leaves than joins, idle ports, traffic
    /// concentrated on one member, ~40 members (one with a hostile name), findings with
    /// evidence, every symptom present in `RuleID.zombieSymptoms` order.
    static func dying(language: Language = .english) -> HealthReport {
        let f = ValueFormatter(language: language)
        let start = now - 730 * day

        // Two years of daily peaks falling from about 4.2 to 1.6 Gb/s, weekly rhythm, a 9-day gap.
        var peaks: [TimePoint] = []
        for index in 0..<730 {
            let time = start + Double(index) * day
            let progress = Double(index) / 729
            var value = 4.2e9 * (1 - 0.62 * progress) * (1 + 0.06 * sin(Double(index) * 2 * .pi / 7)) * (0.92 + 0.16 * noise(index))
            if (430..<439).contains(index) { value = .nan }
            peaks.append(TimePoint(time: time, value: value))
        }
        let trend = TrendLine(from: start, to: now, startValue: 4.25e9, endValue: 1.62e9, changePerQuarter: -0.112, pValue: 0.004)

        // Membership: 52 members two years ago, 39 now.
        var membership: [MonthlyMembership] = []
        var count = 52
        for offset in 0..<24 {
            let joins = offset < 8 ? (offset % 3 == 0 ? 2 : offset % 2) : (offset == 13 ? 1 : 0)
            let leaves = offset < 6 ? offset % 4 == 1 ? 1 : 0 : (offset % 3 == 0 ? 2 : offset % 2)
            count += joins - leaves
            membership.append(MonthlyMembership(month: month(offset), joins: joins, leaves: leaves, members: count))
        }

        // Members: traffic falls off steeply; the first carries almost half.
        var members: [MemberOverview] = []
        var names = memberNames
        names.insert(hostileName, at: 17)
        let weights = names.indices.map { index in index == 0 ? 9.0 : 4.0 / pow(Double(index) + 0.6, 1.25) }
        let total = weights.reduce(0, +)
        let exchangeP95 = 1.7e9
        var idlePorts: [PortOverview] = []
        for (index, name) in names.enumerated() {
            let asn = UInt32(37_000 + index * 17)
            let speed = index < 6 ? 10e9 : 1e9
            let share = weights[index] / total
            let traffic = index >= 30 ? 2_000 + 500 * noise(index) : exchangeP95 * share
            let port = PortOverview(switchName: index % 2 == 0 ? "sw1-kin" : "sw2-kin", interface: "Ethernet\(index + 1)",
                                    memberASN: asn, speedBitsPerSecond: speed, p95BitsPerSecond: traffic,
                                    utilisation: traffic / speed, up: index < 36)
            if index >= 30 { idlePorts.append(port) }
            members.append(MemberOverview(
                asn: asn, name: index == 25 ? nil : name, memberSince: start - Double(index * 40) * day, ports: [port],
                trafficP95BitsPerSecond: traffic, trafficShare: index >= 30 ? 0.000_001 : share,
                routeServerSession: index % 5 == 3 ? false : (index == 7 ? nil : true)))
        }
        var shares = members.prefix(10).map { member in
            TrafficShare(label: member.name ?? "AS\(member.asn)", asn: member.asn, share: member.trafficShare)
        }
        shares.append(TrafficShare(label: "others", asn: nil, share: 1 - shares.map(\.share).reduce(0, +)))
        let outgrown = [members[1].ports[0], members[3].ports[0]].map { port -> PortOverview in
            var port = port
            port.speedBitsPerSecond = 1e9
            port.p95BitsPerSecond = 0.93e9
            port.utilisation = 0.93
            return port
        }

        func symptom(_ rule: RuleID, _ verdict: Verdict, _ key: String, _ arguments: [String: String], _ evidence: Evidence) -> Symptom {
            let text = LocalizedText("\(rule.rawValue).\(key)", arguments)
            return Symptom(rule: rule, verdict: verdict, summary: Wording.render(text), message: text, evidence: evidence)
        }
        let lastYear = EvidenceWindow(from: now - 365 * day, to: now)
        let lastQuarter = EvidenceWindow(from: now - 90 * day, to: now)

        var floor = Evidence()
        floor.add("active_members", 31, unit: .count)
        floor.add("floor", 3, unit: .count)
        var stagnant = Evidence()
        stagnant.add("joins_last_year", 1, unit: .count, window: lastYear)
        stagnant.add("members_now", 39, unit: .count)
        stagnant.add("members_six_months_ago", 43, unit: .count)
        stagnant.add("last_join", now - 320 * day, unit: .timestamp)
        var leaving = Evidence()
        leaving.add("joins_last_year", 1, unit: .count, window: lastYear)
        leaving.add("leaves_last_year", 9, unit: .count, window: lastYear)
        var falling = Evidence()
        falling.add("p95_daily_peak_last_quarter", 1.71e9, unit: .bitsPerSecond, window: lastQuarter)
        falling.add("p95_daily_peak_previous_quarter", 2.05e9, unit: .bitsPerSecond)
        falling.add("quarter_on_quarter", -0.166, unit: .ratio)
        falling.add("mann_kendall_p", 0.004, unit: .pValue)
        falling.add("year_on_year", -0.41, unit: .ratio)
        var idle = Evidence()
        idle.add("idle_ports", Double(idlePorts.count), unit: .count)
        idle.add("ports", Double(members.count), unit: .count)
        idle.add("threshold", 0.01, unit: .ratio)
        idle.add("idle_share", Double(idlePorts.count) / Double(members.count), unit: .ratio)
        idle.add("list", list: idlePorts.map { "\($0.switchName) \($0.interface)" })
        var runway = Evidence()
        runway.add("soonest_member", text: "Example Transit (AS64500)")
        runway.add("soonest_p95_daily_peak", 6.9e9, unit: .bitsPerSecond, window: lastQuarter)
        runway.add("soonest_capacity", 1e10, unit: .bitsPerSecond)
        runway.add("soonest_slope_per_day", 1.2e7, unit: .bitsPerSecond, window: lastQuarter)
        runway.add("soonest_days_left", 97 * day, unit: .seconds)
        runway.add("soonest_date", now + 97 * day, unit: .timestamp)
        var investment = Evidence()
        investment.add("capacity_pressure", list: ["capacity_runway", "outgrown_ports"])
        investment.add("switch_software", list: ["fra-sw1: EOS 4.20.1F (DCS-7050QX)", "fra-sw2: EOS 4.20.1F (DCS-7050QX)"])
        investment.add("switches_up_over_uptime_days", 2, unit: .count)
        var full = Evidence()
        full.add("outgrown_ports", 2, unit: .count)
        full.add("threshold", 0.8, unit: .ratio)
        full.add("list", list: outgrown.map { "\($0.switchName) \($0.interface)" })
        var ghosts = Evidence()
        ghosts.add("ghost_members", 4, unit: .count, window: EvidenceWindow(from: now - 30 * day, to: now))
        ghosts.add("list", list: members.suffix(4).map { "AS\($0.asn)" })
        var concentration = Evidence()
        concentration.add("top1_share", members[0].trafficShare, unit: .ratio)
        concentration.add("top3_share", members.prefix(3).map(\.trafficShare).reduce(0, +), unit: .ratio)
        concentration.add("top_member", text: members[0].name ?? "")
        var stale = Evidence()
        stale.add("member_list_age", 41 * day, unit: .seconds)
        stale.add("member_list_exported", now - 41 * day, unit: .timestamp)
        stale.add("peeringdb_networks", 47, unit: .count)

        var mismatches = Evidence()
        mismatches.add("mismatches", 5, unit: .count)
        mismatches.add("checks_run", list: ["addresses", "rs_peer", "port_speed", "peeringdb"])
        mismatches.add("mismatch_list", list: members.suffix(4).map { "AS\($0.asn): peeringdb_only" })
        var remote = Evidence()
        remote.add("joins", 2, unit: .count, window: lastYear)
        remote.add("remote_joins", 2, unit: .count, window: lastYear)

        let idleList = idlePorts.prefix(3).map { "\($0.switchName) \($0.interface)" }.joined(separator: ", ")
            + " " + Wording.render("list.more", ["count": f.count(idlePorts.count - 3)], in: language)
        var unattended = Evidence()
        unattended.add("unattended_findings", 2, unit: .count)
        unattended.add("unattended_list", list: ["port_errors — sw1-kin Ethernet9 — 2026-10-02", "high_utilisation — sw2-kin Ethernet2 — 2026-10-20"])
        let symptoms = [
            symptom(.belowIXPFloor, .ok, "ok", ["count": f.count(31), "floor": f.count(3)], floor),
            symptom(.stagnantMembership, .warning, "no_growth", ["count_before": f.count(43), "count_now": f.count(39)], stagnant),
            symptom(.membersLeaving, .critical, "warning", ["leaves": f.count(9), "joins": f.count(1)], leaving),
            symptom(.fallingTraffic, .critical, "warning", [
                "previous": f.bitsPerSecond(2.05e9), "current": f.bitsPerSecond(1.71e9), "qoq": f.percent(-0.166, signed: true),
                "slope": f.percent(-0.112, decimals: 1, signed: true), "p": f.pValue(0.004),
            ], falling),
            symptom(.idleMemberPorts, .warning, "warning", [
                "idle": f.count(idlePorts.count), "ports": f.count(members.count), "share": f.percent(0.25),
                "threshold": f.percent(0.01), "list": idleList,
            ], idle),
            symptom(.outgrownPorts, .warning, "warning", [
                "count": f.count(2), "threshold": f.percent(0.8), "list": outgrown.map { "\($0.switchName) \($0.interface)" }.joined(separator: ", "),
            ], full),
            symptom(.noRouteServerSession, .notEnoughData, "not_enough_data", [:], Evidence()),
            symptom(.ghostMembers, .warning, "warning", [
                "count": f.count(4), "list": members.suffix(4).map { "AS\($0.asn)" }.joined(separator: ", "),
            ], ghosts),
            symptom(.trafficConcentration, .critical, "warning", [
                "top_name": members[0].name ?? "", "top1": f.percent(members[0].trafficShare),
                "top3": f.percent(members.prefix(3).map(\.trafficShare).reduce(0, +)),
            ], concentration),
            symptom(.staleMemberData, .warning, "old", ["age": f.duration(41 * day), "timestamp": f.date(now - 41 * day)], stale),
            symptom(.memberDataMismatch, .warning, "warning", [
                "count": f.count(5), "members": f.count(4), "list": members.suffix(4).map { "AS\($0.asn)" }.joined(separator: ", "),
            ], mismatches),
            symptom(.remoteGrowth, .ok, "weak", ["joins": f.count(2), "remote": f.count(2), "remote_min": "10"], remote),
            symptom(.routesAvailable, .notEnoughData, "not_enough_data", ["days": f.count(0), "needed": f.count(180)], Evidence()),
            symptom(.peeringDensity, .notEnoughData, "not_enough_data", [:], Evidence()),
            symptom(.unattendedFindings, .warning, "warning", ["findings": f.count(2), "days": f.duration(21 * day)], unattended),
            symptom(.capacityRunway, .warning, "warning", [
                "count": f.count(2), "judged": f.count(Double(members.count)), "target": f.percent(0.8),
                "warning_days": f.duration(180 * day), "days": f.duration(97 * day), "date": f.date(now + 97 * day),
                "list": members.prefix(2).map { "\($0.name ?? "") (AS\($0.asn)) \(f.date(now + 97 * day))" }.joined(separator: ", "),
            ], runway),
            symptom(.noInvestment, .warning, "warning", [
                "window": f.duration(730 * day), "pressure": "capacity_runway, outgrown_ports", "switches": "fra-sw1, fra-sw2",
            ], investment),
        ]

        func finding(_ rule: RuleID, _ severity: Severity, _ subject: Subject, _ arguments: [String: String],
                     _ evidence: Evidence, labels: [String: String] = [:], state: FindingState = .firing, age: Double) -> Finding {
            let text = LocalizedText("\(rule.rawValue).summary", arguments)
            return Finding(rule: rule, severity: severity, subject: subject, summary: Wording.render(text), message: text,
                           evidence: evidence, labels: labels, state: state, firstSeen: now - age, lastSeen: now,
                           firingSince: state == .firing ? now - age + 600 : nil,
                           resolvedAt: state == .resolved ? now - 3600 : nil)
        }
        var downEvidence = Evidence()
        downEvidence.add("down_for", 4 * day, unit: .seconds)
        var utilisation = Evidence()
        utilisation.add("utilisation", 0.93, unit: .ratio, window: EvidenceWindow(from: now - 7 * day, to: now))
        utilisation.add("speed", 1e9, unit: .bitsPerSecond)
        var errors = Evidence()
        errors.add("rate", 12.4, unit: .perSecond)
        errors.add("counter", text: "ifInErrors")
        var hostile = Evidence()
        hostile.add("frames", 1_234, unit: .count)
        let hostileMember = members[17]
        let findings = [
            finding(.memberDown, .critical, .member(asn: members[36].asn),
                    ["member": "AS\(members[36].asn) \(members[36].name ?? "")", "ports": "sw1-kin Ethernet37"], downEvidence,
                    labels: ["member_asn": "\(members[36].asn)", "member_name": members[36].name ?? ""], age: 4 * day),
            finding(.highUtilisation, .warning, .port(switch: "sw2-kin", interface: "Ethernet2"),
                    ["port": "sw2-kin Ethernet2", "member": "AS\(members[1].asn) \(members[1].name ?? "")",
                     "utilisation": f.percent(0.93), "speed": f.bitsPerSecond(1e9)], utilisation,
                    labels: ["member_asn": "\(members[1].asn)"], age: 9 * day),
            finding(.portErrors, .warning, .port(switch: "sw1-kin", interface: "Ethernet9"),
                    ["port": "sw1-kin Ethernet9", "member": "AS\(members[8].asn)", "counter": "ifInErrors", "rate": f.plain(12.4)], errors,
                    labels: ["member_asn": "\(members[8].asn)"], state: .pending, age: 1800),
            finding(.lanViolation, .warning, .member(asn: hostileMember.asn),
                    ["member": hostileName, "mac": "02:00:5e:10:00:01", "lan_rule": "no_stp", "count": f.count(1_234)], hostile,
                    labels: ["member_asn": "\(hostileMember.asn)", "member_name": hostileName], age: 2 * day),
            finding(.memberListUnavailable, .info, .exchange,
                    ["source": "https://ixp.example/members.json", "error": "HTTP 503."], Evidence(), state: .resolved, age: day),
        ]

        let exchange = ExchangeOverview(
            name: "Kinshasa Example IX", members: 40, activeMembers: 31, ports: 40, portsUp: 36,
            capacityBitsPerSecond: 6 * 10e9 + 34 * 1e9,
            traffic: TrafficOverview(currentBitsPerSecond: 0.82e9, peakLastDayBitsPerSecond: 1.58e9,
                                     p95DailyPeakLastQuarterBitsPerSecond: 1.71e9, p95DailyPeakPreviousQuarterBitsPerSecond: 2.05e9,
                                     p95DailyPeakYearAgoBitsPerSecond: 2.9e9),
            historyFrom: start, historyTo: now)
        // The week: two findings opened, one closed; one member joined, two left.
        let changes = ReportChanges(
            since: now - 7 * day, opened: [findings[0].id, findings[3].id], closed: [findings[4].id],
            joins: [MembershipEvent(kind: .join, asn: 64_599, name: "Nouveau Réseau", at: now - 5 * day)],
            leaves: [MembershipEvent(kind: .leave, asn: 64_598, name: "Ancien Opérateur", at: now - 6 * day),
                     MembershipEvent(kind: .leave, asn: 64_597, at: now - 2 * day)])
        return HealthReport(
            generatedAt: now, language: language, exchange: exchange, symptoms: symptoms, changes: changes, findings: findings,
            members: members,
            charts: ReportCharts(dailyPeaks: peaks, trend: trend, membership: membership, shares: shares,
                                 idlePorts: idlePorts, outgrownPorts: outgrown))
    }

    /// A new exchange three days into its history: every symptom is not_enough_data, two
    /// members, no finding, no trend.
    static func tiny(language: Language = .english) -> HealthReport {
        let f = ValueFormatter(language: language)
        let symptoms = RuleID.zombieSymptoms.map { rule -> Symptom in
            let arguments = ["days": f.count(3), "needed": f.count(180), "known": f.percent(0.4)]
            let text = LocalizedText("\(rule.rawValue).not_enough_data", arguments)
            var evidence = Evidence()
            evidence.add("history", 3 * day, unit: .seconds)
            return Symptom(rule: rule, verdict: .notEnoughData, summary: Wording.render(text), message: text, evidence: evidence)
        }
        let peaks = (0..<3).map { TimePoint(time: now - Double(3 - $0) * day, value: $0 == 1 ? .nan : 2e6 + Double($0) * 1e5) }
        let members = [
            MemberOverview(asn: 64_500, name: "First Member", memberSince: now - 3 * day, ports: [], trafficP95BitsPerSecond: .nan,
                           trafficShare: .nan, routeServerSession: nil),
            MemberOverview(asn: 64_501, name: nil, memberSince: nil, ports: [], trafficP95BitsPerSecond: .nan,
                           trafficShare: .nan, routeServerSession: nil),
        ]
        return HealthReport(
            generatedAt: now, language: language,
            exchange: ExchangeOverview(name: "New IX", members: 2, activeMembers: 0, ports: 2, portsUp: 1, capacityBitsPerSecond: .nan,
                                       traffic: TrafficOverview(), historyFrom: now - 3 * day, historyTo: now),
            symptoms: symptoms, findings: [], members: members, charts: ReportCharts(dailyPeaks: peaks))
    }
}
