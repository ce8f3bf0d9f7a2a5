import Detection
import SyntheticExchange

extension BacktestFamily {
    /// The dying exchange's symptoms by its end (`ExchangeScenario.slowlyDying`): traffic −30 %,
    /// no join for a year, three leaves, five idle ports, one member carrying over 60 %.
    static let dyingSymptoms: Set<RuleID> = [.fallingTraffic, .stagnantMembership, .membersLeaving, .idleMemberPorts, .trafficConcentration]

    /// A port upgrade's ground truth (`ExchangeScenario.portUpgrade`): the eight members upgrade
    /// because their 10G ports run at 60–90 % and more at peak (outgrown until they move), and
    /// nobody joins during its year (its 24 members are founders): stagnant by the rule's words.
    static let migrationSymptoms: Set<RuleID> = [.outgrownPorts, .stagnantMembership]

    /// Every family (105 histories). One line per family: name, seeds, planted symptoms (ground
    /// truth), and the scenario builder.
    public static let all: [BacktestFamily] = [
        // One idle port is also operationally down from end − 95 days while its member stays
        // listed: a port down, a member down, and a ghost member 30 days later.
        BacktestFamily("dying", seeds: 100...109, planted: dyingSymptoms.union([.ghostMembers]), faults: [.portDown, .memberDown]) {
            .slowlyDying(seed: $0)
        },
        // A quarter (91 days) into the fall, when it is reached: two ports idle 30 days of 26 are
        // under the 20 % share, so `idle_member_ports` is not yet planted; the down port has been
        // down 4 days, so neither is `ghost_members` (but its port and member are down).
        BacktestFamily("dying early", seeds: 110...119, planted: dyingSymptoms.subtracting([.idleMemberPorts]),
                       faults: [.portDown, .memberDown], end: .daysIntoDecline(91)) { .slowlyDying(seed: $0) },
        BacktestFamily("healthy", seeds: 200...209, noFalseWarnings: true) { .healthyGrowing(seed: $0) },
        BacktestFamily("holiday dip", seeds: 300...309, noFalseWarnings: true) { .holidayDip(seed: $0) },
        // Judged from a year of history on, before this year's slide into the low.
        BacktestFamily("seasonal", seeds: 400...409, noFalseWarnings: true, start: .verdictFrom) { .seasonalLow(seed: $0) },
        BacktestFamily("port migration", seeds: 500...509, planted: migrationSymptoms, noFalseWarnings: true) { .portUpgrade(seed: $0) },
        // The old ports, shut but left admin up, are operationally down: `port_down` is true.
        BacktestFamily("port migration, old ports left admin up", seeds: 510...514, planted: migrationSymptoms, faults: [.portDown],
                       noFalseWarnings: true) {
            .portUpgrade(seed: $0, oldPortsAdminDown: false)
        },
        BacktestFamily("gaps and counter resets", seeds: 600...609, noFalseWarnings: true) { .counterResetAndGap(seed: $0) },
        // A large exchange with churn (joins and leaves), a flat count and slowly growing traffic.
        BacktestFamily("mature", seeds: 700...709, noFalseWarnings: true) { .mature(seed: $0) },
        // One big member moves three quarters of its traffic to a private interconnect: a step down, then
        // flat. Before the step that member carries over half the traffic: `traffic_concentration` is true then.
        BacktestFamily("step to a private interconnect", seeds: 800...809, planted: [.trafficConcentration], noFalseWarnings: true) {
            .privateInterconnectStep(seed: $0)
        },
        // The same step, then a real decline a year later: the step must not hide it.
        BacktestFamily("step, then decline", seeds: 810...814, planted: [.fallingTraffic, .trafficConcentration]) {
            .stepThenDecline(seed: $0)
        },
        // Every join of the last year is a remote member: `remote_growth` says so in the report, nothing warns.
        BacktestFamily("remote-only growth", seeds: 900...904, noFalseWarnings: true) { .remoteOnlyGrowth(seed: $0) },
    ]
}
