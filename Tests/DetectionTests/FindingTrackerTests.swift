import Testing
import TimeSeries
@testable import Detection
import IXPCore

@Suite struct FindingTrackerTests {
    func candidate(_ rule: RuleID = .portDown, port: String = "Ethernet1", switchName: String = "sw1",
                   explainedBy: String? = nil) -> FindingCandidate {
        FindingCandidate(rule: rule, severity: .warning, subject: .port(switch: switchName, interface: port),
                         message: LocalizedText("port_down.summary", ["port": "\(switchName) \(port)", "member": "AS64500"]),
                         labels: ["switch": switchName, "interface": port, "member_asn": "64500"], explainedBy: explainedBy)
    }

    @Test func pendingThenFiringAfterForThenResolved() {
        var configuration = DetectionConfiguration()
        configuration.rules[.portDown] = RuleSettings(forDuration: 600)
        var tracker = FindingTracker()
        tracker.update(candidates: [candidate()], now: 1_000, configuration: configuration)
        #expect(tracker.active.first?.state == .pending)
        tracker.update(candidates: [candidate()], now: 1_300, configuration: configuration)
        #expect(tracker.active.first?.state == .pending)
        let transitions = tracker.update(candidates: [candidate()], now: 1_600, configuration: configuration)
        #expect(tracker.active.first?.state == .firing)
        #expect(tracker.active.first?.firingSince == 1_600)
        #expect(tracker.active.first?.firstSeen == 1_000)
        #expect(transitions.contains(FindingTransition(id: "port_down|sw1 Ethernet1", from: .pending, to: .firing)))
        tracker.update(candidates: [], now: 1_900, configuration: configuration)
        #expect(tracker.active.isEmpty)
        #expect(tracker.all.first?.state == .resolved)
        #expect(tracker.all.first?.resolvedAt == 1_900)
        #expect(tracker.all.first?.summary == "sw1 Ethernet1 (AS64500) is down while administratively up.")
    }

    @Test func aPendingFindingThatGoesAwayLeavesNoTrace() {
        var configuration = DetectionConfiguration()
        configuration.rules[.portDown] = RuleSettings(forDuration: 600)
        var tracker = FindingTracker()
        tracker.update(candidates: [candidate()], now: 1_000, configuration: configuration)
        tracker.update(candidates: [], now: 1_300, configuration: configuration)
        #expect(tracker.all.isEmpty)
    }

    @Test func resolvedFindingsAreForgottenAfterKeepResolved() {
        var configuration = DetectionConfiguration()
        configuration.rules[.portDown] = RuleSettings(forDuration: 0)
        configuration.keepResolved = 3_600
        var tracker = FindingTracker()
        tracker.update(candidates: [candidate()], now: 1_000, configuration: configuration)
        tracker.update(candidates: [], now: 2_000, configuration: configuration)
        #expect(tracker.all.count == 1)
        tracker.update(candidates: [], now: 2_000 + 3_601, configuration: configuration)
        #expect(tracker.all.isEmpty)
    }

    @Test func aSwitchThatCannotBePolledInhibitsItsPortsFindings() {
        var configuration = DetectionConfiguration()
        configuration.rules[.portDown] = RuleSettings(forDuration: 0)
        configuration.rules[.probeFailing] = RuleSettings(forDuration: 0)
        let failing = FindingCandidate(rule: .probeFailing, severity: .critical, subject: .switch("sw1"),
                                       message: LocalizedText("probe_failing.summary"), labels: ["switch": "sw1"])
        var tracker = FindingTracker()
        tracker.update(candidates: [failing, candidate(), candidate(switchName: "sw2")], now: 1_000, configuration: configuration)
        let byID = Dictionary(uniqueKeysWithValues: tracker.active.map { ($0.id, $0) })
        #expect(byID["port_down|sw1 Ethernet1"]?.inhibitedBy == "probe_failing|switch sw1")
        #expect(byID["port_down|sw2 Ethernet1"]?.inhibitedBy == nil)
        #expect(byID["probe_failing|switch sw1"]?.inhibitedBy == nil)
        #expect(byID["port_down|sw1 Ethernet1"]?.isNotifiable == false)
        // The switch answers again: its ports' findings are no longer explained.
        tracker.update(candidates: [candidate()], now: 1_300, configuration: configuration)
        #expect(tracker.active.first { $0.id == "port_down|sw1 Ethernet1" }?.inhibitedBy == nil)
    }

    @Test func aSwitchThatCannotBePolledExplainsItsTableProbesFailures() throws {
        // What the probe-health rule makes of a switch down: its IF-MIB probe and two of its
        // declarative table probes failing, and a table probe of another switch failing.
        let probes = [
            ProbeStatus(identity: ProbeIdentity(kind: "snmp_interfaces", name: "sw1"), interval: 60, device: .wholeSwitch("sw1"),
                        lastSuccess: false, lastSuccessTime: 1_000, lastError: "timeout", failingSince: 9_000, lastRunTime: 9_990),
            ProbeStatus(identity: ProbeIdentity(kind: "snmp_table", name: "sw1/optics"), interval: 60, device: .partOfSwitch("sw1"),
                        lastSuccess: false, lastSuccessTime: 1_000, lastError: "timeout", failingSince: 9_000, lastRunTime: 9_990),
            ProbeStatus(identity: ProbeIdentity(kind: "snmp_table", name: "sw1/lldp"), interval: 60, device: .partOfSwitch("sw1"),
                        lastSuccess: false, lastSuccessTime: 1_000, lastError: "timeout", failingSince: 9_000, lastRunTime: 9_990),
            ProbeStatus(identity: ProbeIdentity(kind: "snmp_table", name: "sw2/optics"), interval: 60, device: .partOfSwitch("sw2"),
                        lastSuccess: false, lastSuccessTime: 1_000, lastError: "no such object", failingSince: 9_000, lastRunTime: 9_990),
        ]
        let store = try TimeSeriesStore(configuration: StoreConfiguration(), directory: nil, clock: { 10_000 })
        let context = DetectionContext(now: 10_000, store: store, probes: probes)
        var configuration = DetectionConfiguration()
        configuration.rules[.probeFailing] = RuleSettings(forDuration: 0)
        var tracker = FindingTracker()
        tracker.update(candidates: ProbeHealthRule().evaluate(context).findings, now: 10_000, configuration: configuration)
        let byID = Dictionary(uniqueKeysWithValues: tracker.active.map { ($0.id, $0) })
        #expect(byID.count == 4)
        #expect(byID["probe_failing|switch sw1"]?.inhibitedBy == nil)
        #expect(byID["probe_failing|probe snmp_table/sw1/optics"]?.inhibitedBy == "probe_failing|switch sw1")
        #expect(byID["probe_failing|probe snmp_table/sw1/lldp"]?.inhibitedBy == "probe_failing|switch sw1")
        #expect(byID["probe_failing|probe snmp_table/sw2/optics"]?.inhibitedBy == nil)
        #expect(tracker.active.filter(\.isNotifiable).count == 2)
    }

    @Test func anExchangeWideFindingInhibitsTheMemberFindingsOfItsRule() {
        var configuration = DetectionConfiguration()
        configuration.rules[.ghostMembers] = RuleSettings(forDuration: 0)
        let wide = FindingCandidate(rule: .ghostMembers, severity: .warning, subject: .exchange, message: LocalizedText("x"))
        let member = FindingCandidate(rule: .ghostMembers, severity: .warning, subject: .member(asn: 64500), message: LocalizedText("x"))
        var tracker = FindingTracker()
        tracker.update(candidates: [wide, member], now: 1_000, configuration: configuration)
        #expect(tracker.active.first { $0.subject == .member(asn: 64500) }?.inhibitedBy == "ghost_members|exchange")
    }

    @Test func aMemberDownExplainsItsPorts() {
        var configuration = DetectionConfiguration()
        configuration.rules[.portDown] = RuleSettings(forDuration: 0)
        configuration.rules[.memberDown] = RuleSettings(forDuration: 0)
        let down = FindingCandidate(rule: .memberDown, severity: .critical, subject: .member(asn: 64500), message: LocalizedText("x"))
        var tracker = FindingTracker()
        tracker.update(candidates: [down, candidate(explainedBy: down.id)], now: 1_000, configuration: configuration)
        #expect(tracker.active.first { $0.rule == .portDown }?.inhibitedBy == "member_down|AS64500")
    }

    @Test func aTrackerResumedFromStoredFindingsAnnouncesNothingNew() throws {
        var configuration = DetectionConfiguration()
        configuration.rules[.portDown] = RuleSettings(forDuration: 0)
        var tracker = FindingTracker()
        tracker.update(candidates: [candidate()], now: 1_000, configuration: configuration)
        let restored = FindingTracker(findings: tracker.all)
        var resumed = restored
        let transitions = resumed.update(candidates: [candidate()], now: 1_300, configuration: configuration)
        // Still the same firing finding: nothing new to announce after a restart.
        #expect(transitions.isEmpty)
        #expect(resumed.active.first?.firstSeen == 1_000)
    }
}
