import IXPCore
import Members
import TimeSeries

/// `no_investment`, the "no investment" axis: no switch software or hardware change and no new
/// member port speed for 24 months, while `capacity_runway` or `outgrown_ports` warn.
///
/// - A software or hardware change is a new `ixp_switch_info{switch, software, model}` series
///   key for a switch that had another before (the interface probe writes the software and
///   model the switch reports). A switch is known unchanged for the window when its current key
///   has data from before the window, or when its agent has been up for the whole window
///   (`ixp_switch_uptime_seconds`: no reboot, so no software upgrade).
/// - A new port speed is a member port whose `ixp_interface_speed_bytes` changed, or a port that
///   appeared with a speed no port had before, within the window.
/// - Switch uptime beyond `uptime_days` and optics whose receive power drifts down (a
///   significant Theil–Sen decline of at least `optics_drift_db` over `optics_window_days`) are
///   reported as supporting evidence, and the software and model the IX-F export lists.
/// - Not enough data when the capacity cannot be judged, or when it is under pressure but the
///   switches' software history or the port speeds do not reach back over the window.
public struct NoInvestmentRule: DetectionRule {
    /// The thresholds of `no_investment` (`detection.rules.no_investment`), with their defaults.
    public struct Thresholds: RuleThresholds {
        /// No change in this many days, while capacity is under pressure, is a warning.
        public var windowDays: Double = 730
        /// A switch up for longer than this many days is reported in the evidence.
        public var uptimeDays: Double = 730
        /// The receive-power trend of optics is judged over this many days.
        public var opticsWindowDays: Double = 180
        /// A significant fall of at least this many dB over the optics window is a drift down.
        public var opticsDriftDb: Double = 1

        /// The defaults.
        public init() {}
    }

    /// `no_investment` by default: a warning once it has held a day.
    public static let definition = RuleDefinition(.noInvestment, for: 86_400, severity: .warning, thresholds: Thresholds())

    public var definitions: [any RuleDefinitionProtocol] { [Self.definition] }

    /// The rule.
    public init() {}

    public func evaluate(_ context: DetectionContext) -> RuleOutcome {
        let thresholds = context.thresholds(Self.definition)
        let window = thresholds.windowDays * 86_400
        let now = context.now
        var evidence = Evidence()
        var numbers: [String: NumberArgument] = ["window": NumberArgument(window, .seconds)]

        // Capacity under pressure?
        let runway = CapacityRunwayRule.judgement(context).verdict
        let outgrown = OutgrownPortsRule().evaluate(context).symptom?.verdict ?? .notEnoughData
        let pressure = [(RuleID.capacityRunway, runway), (.outgrownPorts, outgrown)].filter { $0.1.isProblem }.map(\.0.rawValue)
        evidence.add("capacity_runway", text: runway.rawValue)
        evidence.add("outgrown_ports", text: outgrown.rawValue)

        // Without pressure on capacity the histories are not read: nothing to weigh them against.
        guard !pressure.isEmpty else {
            if runway == .notEnoughData && outgrown == .notEnoughData {
                return symptom(.noInvestment, .notEnoughData, LocalizedText("no_investment.not_enough_data.capacity"), evidence, context)
            }
            return symptom(.noInvestment, .ok, LocalizedText("no_investment.ok.capacity", numbers: numbers), evidence, context)
        }
        let switches = SwitchSoftwareHistory(context, window: window)
        let speeds = PortSpeedHistory(context, window: window)
        addSupportingEvidence(&evidence, context, thresholds: thresholds, switches: switches)
        if let change = switches.lastChange {
            evidence.add("last_switch_change", change.time, unit: .timestamp)
            evidence.add("last_switch_change_switch", text: change.switchName)
        }
        if let change = speeds.lastChange {
            evidence.add("last_new_port_speed", change.time, unit: .timestamp)
            evidence.add("last_new_port_speed_port", text: change.port)
        }
        evidence.add("capacity_pressure", list: pressure)
        let recent = [switches.lastChange.map { ($0.time, $0.switchName, "no_investment.ok.switch") },
                      speeds.lastChange.map { ($0.time, $0.port, "no_investment.ok.port_speed") }]
            .compactMap { $0 }.filter { now - $0.0 < window }.max { $0.0 < $1.0 }
        if let recent {
            numbers["date"] = NumberArgument(recent.0, .timestamp)
            return symptom(.noInvestment, .ok, LocalizedText(recent.2, ["subject": recent.1], numbers: numbers), evidence, context)
        }
        guard switches.known, speeds.coversWindow else {
            let key = switches.known ? "no_investment.not_enough_data.port_speed" : "no_investment.not_enough_data.switch"
            return symptom(.noInvestment, .notEnoughData, LocalizedText(key, numbers: numbers), evidence, context)
        }
        let text = LocalizedText("no_investment.warning", ["pressure": pressure.joined(separator: ", "),
                                                            "switches": SummaryList.text(switches.unchanged)],
                                 numbers: numbers)
        return symptom(.noInvestment, .warning, text, evidence, context)
    }

    /// Switch uptimes, drifting optics and the IX-F export's software and model: facts that
    /// support the verdict, never decide it.
    private func addSupportingEvidence(_ evidence: inout Evidence, _ context: DetectionContext, thresholds: Thresholds,
                                       switches: SwitchSoftwareHistory) {
        evidence.add("switches", Double(switches.count), unit: .count)
        if !switches.software.isEmpty { evidence.add("switch_software", list: switches.software) }
        let longUp = switches.uptimes.filter { $0.seconds > thresholds.uptimeDays * 86_400 }
            .map { "\($0.switchName) \(NumberWording.format($0.seconds, .seconds, in: .english))" }
        evidence.add("switches_up_over_uptime_days", Double(longUp.count), unit: .count)
        if !longUp.isEmpty { evidence.add("long_uptime_switches", list: longUp) }
        let listed = (context.members?.switches ?? []).compactMap { device -> String? in
            guard device.software != nil || device.model != nil else { return nil }
            return [device.name ?? "switch \(device.id)", device.model, device.software].compactMap { $0 }.joined(separator: " ")
        }
        if !listed.isEmpty { evidence.add("ixf_switch_software", list: listed) }
        let drifting = Self.driftingOptics(context, days: Int(thresholds.opticsWindowDays.rounded()), minimumDrop: thresholds.opticsDriftDb)
        evidence.add("optics_drifting_down", Double(drifting.count), unit: .count,
                     window: EvidenceWindow(from: context.now - thresholds.opticsWindowDays * 86_400, to: context.now))
        if !drifting.isEmpty { evidence.add("optics_drifting_down_ports", list: drifting) }
    }

    /// The optics whose daily mean receive power fell significantly (Mann–Kendall, Hamed–Rao)
    /// by at least `minimumDrop` dB over the last `days` days along its Theil–Sen line, as
    /// `sw1 Et1 −2.1 dB`.
    static func driftingOptics(_ context: DetectionContext, days: Int, minimumDrop: Double) -> [String] {
        guard days > 1 else { return [] }
        let dayStart = (context.now / 86_400).rounded(.down) * 86_400
        let from = dayStart - Double(days) * 86_400
        let tier = context.tier(from: from, function: .average, minimumStep: 86_400)
        let step = context.store.step(ofTier: tier) ?? 86_400
        var drifting: [String] = []
        for key in context.store.keys(matching: SeriesSelector(name: StoreSeries.opticsRxPower)) {
            guard let range = context.store.query(key, tier: tier, from: from, to: dayStart - 1, function: .average) else { continue }
            var sums = [Double](repeating: 0, count: days), counts = [Int](repeating: 0, count: days)
            for (index, value) in range.values.enumerated() where value.isFinite {
                let day = Int(((range.start + Double(index) * step - from) / 86_400).rounded(.down))
                guard day >= 0, day < days else { continue }
                sums[day] += value
                counts[day] += 1
            }
            let daily = (0..<days).map { counts[$0] > 0 ? sums[$0] / Double(counts[$0]) : .nan }
            guard let trend = DailyPeakSeries(peaks: daily).trend(days: days, seasonalModel: nil),
                  trend.isSignificantlyFalling() else { continue }
            let drop = -trend.line.slope * Double(days - 1)
            guard drop >= minimumDrop else { continue }
            let port = [key[label: "switch"], key[label: "interface"]].compactMap { $0 }.joined(separator: " ")
            drifting.append("\(port) −\(NumberWording.format(drop, EvidenceUnit.none, in: .english)) dB")
        }
        return drifting.sorted()
    }
}

extension RuleID {
    /// Nothing upgraded for two years while capacity runs out.
    public static let noInvestment: RuleID = "no_investment"
}
