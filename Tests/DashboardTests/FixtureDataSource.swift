import Dashboard
import Detection
import IXPCore

/// A data source with fixed, known values: an exchange of `memberCount` members with two
/// ports each, a week of hourly traffic, two findings and a LAN offender.
struct FixtureDataSource: DashboardDataSource {
    var memberCount = 3
    var now = 1_795_000_000.0
    var exchangeName = "Example IX <test>"
    var version = "9.9.9"
    /// With fingerprints on the findings and a second active one acknowledged (by "alice").
    var withAcknowledgements = false

    func series(days: Double, step: Double, base: Double) -> DashboardSeries {
        let count = Int(days * 86_400 / step)
        let start = now - Double(count) * step
        var values: [Double?] = []
        for index in 0..<count {
            let daily: Double = 1 + 0.3 * Double(index % 24) / 24
            let growth: Double = Double(index) * base * 0.001
            values.append(index == count / 2 ? nil : base * daily + growth)
        }
        return DashboardSeries(start: start, step: step, values: values)
    }

    func finding(_ asn: UInt32?, state: FindingState = .firing) -> FindingView {
        FindingView(id: "port_errors|sw1 et\(asn ?? 0)", rule: "port_errors", title: "Port errors", severity: .warning, state: state,
                    subject: "sw1 et1 (AS\(asn ?? 0))", memberASN: asn, summary: "Errors <b>rise</b> on sw1 et1",
                    evidence: [EvidenceLine(name: "errors_per_second", value: "4.2/s")], firstSeen: now - 3_600, lastSeen: now,
                    resolvedAt: state == .resolved ? now - 60 : nil)
    }

    func exchange(language: Language) -> ExchangeView {
        ExchangeView(name: exchangeName, evaluatedAt: now, members: memberCount, activeMembers: memberCount - 1,
                     ports: memberCount * 2, portsUp: memberCount * 2 - 1, capacityBitsPerSecond: 1e12,
                     currentBitsPerSecond: 4.2e11, peakLastDayBitsPerSecond: 5e11,
                     symptoms: [
                        SymptomView(rule: "falling_traffic", title: "Falling traffic", verdict: .critical, summary: "Traffic falls 20% a year"),
                        SymptomView(rule: "members_leaving", title: "Members leaving", verdict: .ok, summary: "Nobody left"),
                        SymptomView(rule: "ghost_members", title: "Ghost members", verdict: .notEnoughData, summary: "Too early"),
                     ],
                     activeFindings: [finding(64_500)])
    }

    func traffic(_ range: TrafficRange) -> TrafficHistory {
        switch range {
        case .day: return TrafficHistory(range: range, series: series(days: 1, step: 300, base: 4e11))
        case .week: return TrafficHistory(range: range, series: series(days: 7, step: 3_600, base: 4e11))
        case .year: return TrafficHistory(range: range, series: series(days: 365, step: 86_400, base: 5e11))
        case .twoYears: return TrafficHistory(range: range, series: series(days: 730, step: 86_400, base: 5e11))
        }
    }

    func members(language: Language) -> [MemberRow] {
        var rows: [MemberRow] = []
        for index in 0..<memberCount {
            let size = Double(index + 1)
            let sparkline = series(days: 7, step: 3_600, base: size * 1e9)
            rows.append(MemberRow(asn: 64_500 + UInt32(index), name: "Member \(index)", ports: 2, portsUp: index == 0 ? 1 : 2,
                                  capacityBitsPerSecond: 2e10, trafficP95BitsPerSecond: size * 1e9, trafficShare: size / 10,
                                  routeServerSession: index != 1, activeFindings: index == 0 ? 1 : 0, sparkline: sparkline))
        }
        return rows
    }

    func member(asn: UInt32, language: Language) -> MemberDetail? {
        guard let row = members(language: language).first(where: { $0.asn == asn }) else { return nil }
        return MemberDetail(summary: row, memberSince: now - 400 * 86_400, ports: ports().ports.filter { $0.memberASN == asn },
                            trafficIn: series(days: 7, step: 3_600, base: 1e9), trafficOut: series(days: 7, step: 3_600, base: 8e8),
                            errors: series(days: 7, step: 3_600, base: 0.5),
                            macs: [AddressSeen(address: "02:00:00:00:00:01", registered: true, framesPerMinute: 12)],
                            addresses: [AddressSeen(address: "192.0.2.1", registered: true, framesPerMinute: nil)],
                            routeServerSessions: [RouteServerSessionView(routeServer: "rs1 192.0.2.250", established: true, detail: "")],
                            findings: asn == 64_500 ? [finding(asn), finding(asn, state: .resolved)] : [],
                            topPeers: asn == 64_500 ? [PeerTraffic(asn: 64_501, name: "Member 1", sentBitsPerSecond: 4.2e9, receivedBitsPerSecond: 3.1e9),
                                                       PeerTraffic(asn: 64_502, name: "Member 2", sentBitsPerSecond: 9e8, receivedBitsPerSecond: 1.2e9)] : [])
    }

    func ports() -> PortsView {
        var rows: [PortRow] = []
        for index in 0..<memberCount {
            for port in 0..<2 {
                let utilisation = [0.0, 0.35, 0.92][(index + port) % 3]
                let down = index == 0 && port == 1
                let usage: PortRow.Usage = down ? .down : (utilisation >= 0.8 ? .outgrown : (utilisation == 0 ? .idle : .normal))
                rows.append(PortRow(switchName: "sw\(index % 4 + 1)", interface: "et\(index * 2 + port)", memberASN: 64_500 + UInt32(index),
                                    memberName: "Member \(index)", speedBitsPerSecond: 1e10, up: !down,
                                    currentInBitsPerSecond: utilisation * 1e10, currentOutBitsPerSecond: utilisation * 9e9,
                                    monthlyP95BitsPerSecond: utilisation * 1e10, monthlySamples: 8_000, utilisation: utilisation,
                                    usage: usage))
            }
        }
        return PortsView(month: "2026-11", ports: rows)
    }

    func lan(language: Language) -> LANView {
        LANView(captureRunning: true,
                classes: [ClassSeries(name: "ipv4_unicast", forbidden: false, series: series(days: 0.25, step: 60, base: 1_000)),
                          ClassSeries(name: "stp", forbidden: true, series: series(days: 0.25, step: 60, base: 30))],
                offenders: [LANOffender(rule: "stp", severity: "critical", mac: "02:00:00:00:00:09", memberASN: 64_501, frames: 42,
                                        example: "STP BPDU <root 8000.020000000009>")],
                arpFrames: series(days: 0.25, step: 60, base: 50), ndFrames: series(days: 0.25, step: 60, base: 20),
                routeServerSessions: series(days: 0.25, step: 60, base: 2), membersWithoutRouteServerSession: [64_501],
                receivedFrames: 123_456, droppedFrames: 0)
    }

    func findings(language: Language) -> FindingsView {
        guard withAcknowledgements else { return findingsWithoutAcknowledgements() }
        var open = finding(64_500)
        open.fingerprint = "00000000000000aa"
        var acknowledged = finding(64_502)
        acknowledged.fingerprint = "00000000000000bb"
        acknowledged.acknowledgement = FindingAcknowledgement(findingID: acknowledged.id, by: "alice", comment: "optic <ordered>",
                                                              at: now - 600, expiresAt: now + 86_400)
        var resolved = finding(64_501, state: .resolved)
        resolved.fingerprint = "00000000000000cc"
        return FindingsView(active: [open, acknowledged], resolved: [resolved], silences: [])
    }

    func findingsWithoutAcknowledgements() -> FindingsView {
        FindingsView(active: [finding(64_500)], resolved: [finding(64_501, state: .resolved)],
                     silences: [SilenceView(id: "s1", matchers: "rule=port_errors", startsAt: now - 60, endsAt: now + 3_600,
                                            createdBy: "noc", comment: "maintenance", active: true)])
    }

    func agent() -> AgentView {
        AgentView(version: version,
                  probes: [ProbeView(kind: "snmp", name: "sw1", lastSuccess: true, lastDurationSeconds: 0.42, lastSuccessAt: now,
                                     lastError: nil, runs: 10, failures: 0),
                           ProbeView(kind: "snmp", name: "sw2", lastSuccess: false, lastDurationSeconds: 5, lastSuccessAt: nil,
                                     lastError: "timeout", runs: 10, failures: 10)],
                  store: StoreView(series: 1_000, maxSeries: 50_000, bytesAllocated: 10_485_760, samplesAccepted: 1_000_000,
                                   samplesRefused: 3, checkpoints: 5, checkpointFailures: 0, lastCheckpointSeconds: 0.2, directory: "/var/lib/ixp"),
                  outbox: OutboxView(sent: 4, waiting: 1, oldestAgeSeconds: 600, failed: 0), pollDurations: [])
    }

    func publicStatistics() -> PublicStatistics {
        PublicStatistics(name: exchangeName, generatedAt: now, members: memberCount, currentBitsPerSecond: 4.2e11,
                         dailyPeaks: series(days: 365, step: 86_400, base: 5e11), peakLastDayBitsPerSecond: 5e11, ipv6Share: nil)
    }
}
