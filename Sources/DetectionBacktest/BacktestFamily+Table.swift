import Detection
import SyntheticExchange

extension BacktestFamily {
    /// The dying exchange's symptoms by its end (`ExchangeScenario.slowlyDying`): traffic −30 %,
    /// no join for a year, three leaves, five idle ports, one member carrying over 60 %.
    static let dyingSymptoms: Set<RuleID> = [.fallingTraffic, .stagnantMembership, .membersLeaving, .idleMemberPorts, .trafficConcentration]

    /// Every family, ten seeds each (70 histories). One line per family: name, seeds, planted
    /// symptoms (ground truth), and the scenario builder.
    public static let all: [BacktestFamily] = [
        BacktestFamily("dying", seeds: 100...109, planted: dyingSymptoms) { .slowlyDying(seed: $0) },
        // A quarter (91 days) into the fall, when it is reached: two ports idle 30 days of 26 are
        // under the 20 % share, so `idle_member_ports` is not yet planted.
        BacktestFamily("dying early", seeds: 110...119, planted: dyingSymptoms.subtracting([.idleMemberPorts]),
                       end: .daysIntoDecline(91)) { .slowlyDying(seed: $0) },
        BacktestFamily("healthy", seeds: 200...209, mustStayQuiet: true) { .healthyGrowing(seed: $0) },
        BacktestFamily("holiday dip", seeds: 300...309, mustStayQuiet: true) { .holidayDip(seed: $0) },
        // Judged from a year of history on, before this year's slide into the low.
        BacktestFamily("seasonal", seeds: 400...409, mustStayQuiet: true, start: .verdictFrom) { .seasonalLow(seed: $0) },
        BacktestFamily("port migration", seeds: 500...509, mustStayQuiet: true) { .portUpgrade(seed: $0) },
        BacktestFamily("port migration, old ports left admin up", seeds: 510...514, mustStayQuiet: true) {
            .portUpgrade(seed: $0, oldPortsAdminDown: false)
        },
        BacktestFamily("gaps and counter resets", seeds: 600...609, mustStayQuiet: true) { .counterResetAndGap(seed: $0) },
    ]
}
