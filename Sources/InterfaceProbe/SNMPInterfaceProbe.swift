import Dispatch
public import Logging
public import ProbeKit
public import SNMPClient
public import SNMPTableProbe
import Synchronization
import TimeSeries
public import IXPCore

/// The settings of one switch's interface probe.
public struct SNMPInterfaceProbeConfiguration: Sendable, Hashable {
    /// The `switch` label.
    public var switchName: String
    /// How to reach its SNMP agent.
    public var target: SNMPTarget
    /// Seconds between polls.
    public var interval: Double
    /// Re-walk the label columns every this many polls (they are also re-walked when an
    /// unknown ifIndex appears and when the agent restarted).
    public var labelRefreshPolls: Int
    /// Which member each port belongs to.
    public var memberMapping: MemberPortMapping

    /// Creates a configuration with a 60 s interval and a label refresh every 30 polls.
    public init(switchName: String, target: SNMPTarget, interval: Double = 60, labelRefreshPolls: Int = 30,
                memberMapping: MemberPortMapping = MemberPortMapping()) {
        self.switchName = switchName
        self.target = target
        self.interval = interval
        self.labelRefreshPolls = labelRefreshPolls
        self.memberMapping = memberMapping
    }
}

/// One switch's interfaces at one moment: what `ixp-health poll` prints.
public struct InterfaceTableSnapshot: Sendable {
    /// sysUpTime in hundredths of a second, when the agent gave it.
    public var sysUpTime: UInt32?
    /// Labels by ifIndex.
    public var labels: [UInt32: InterfaceLabels]
    /// Counters, in ifIndex order.
    public var readings: [InterfaceReading]
    /// The counter walk.
    public var counterWalk: SNMPTableWalk
}

/// Polls one switch's IF-MIB: the counters on every run, the label columns when needed.
/// Rates go to the store, monotonic counters to `/metrics`.
public final class SNMPInterfaceProbe: Probe {
    /// Its settings.
    public let configuration: SNMPInterfaceProbeConfiguration
    private let engine: any SNMPQuerying
    private let logger: Logger
    private let state: Mutex<State>

    private struct State: Sendable {
        var labels: [UInt32: InterfaceLabels] = [:]
        /// Labels walked for the table probes when this probe's own are missing or old.
        var tableLabels: [UInt32: InterfaceLabels] = [:]
        var tableLabelsAt: Double = -Double.infinity
        var pollsSinceLabels = Int.max
        var lastUpTime: UInt32?
        var tracker: InterfaceCounterTracker
        var gapCounts: [String: Double] = [:]
        /// The switch's software and model, read when the probe starts and every
        /// `labelRefreshPolls` polls after.
        var identity: SwitchIdentity?
        var pollsSinceIdentity = Int.max
        /// snmpEngineTime and the collection time it was read at.
        var engineTime: (seconds: Double, at: Double)?
    }

    /// Creates the probe; it polls through `engine` (the shared `SNMPPollEngine`, or a fake in tests).
    public init(configuration: SNMPInterfaceProbeConfiguration, engine: any SNMPQuerying,
                logger: Logger = Logger(label: "ixp-health.probe.snmp")) {
        self.configuration = configuration
        state = Mutex(State(tracker: InterfaceCounterTracker(rateInterval: configuration.interval)))
        self.engine = engine
        self.logger = logger
    }

    public var identity: ProbeIdentity {
        ProbeIdentity(kind: SNMPInterfaceProbeKind.kindName, name: configuration.switchName,
                      runMetricAlias: RunMetricAlias(prefix: "ixp_snmp", labelName: "switch"))
    }

    public var interval: Double { configuration.interval }

    /// The IF-MIB probe speaks for its switch as a whole.
    public var device: ProbeDevice? { .wholeSwitch(configuration.switchName) }

    /// Reads sysUpTime, the counters and (when due) the label columns once.
    public func snapshot(refreshLabels force: Bool = false) async throws -> InterfaceTableSnapshot {
        let target = configuration.target
        let (cachedLabels, due) = state.withLock { state in
            (state.labels, force || state.labels.isEmpty || state.pollsSinceLabels >= configuration.labelRefreshPolls)
        }
        async let upTimeBinds = engine.get([IFMIB.sysUpTime], on: target)
        async let counterWalk = engine.walk(IFMIB.counterColumns, on: target)
        async let labelWalk: SNMPTableWalk? = due ? engine.walk(IFMIB.labelColumns, on: target) : nil

        let walk = try await counterWalk
        guard walk.valueCount > 0 else {
            throw SNMPError(.protocolViolation, target: target.displayName,
                            "the agent returned no IF-MIB interface counters (noSuchObject or endOfMibView for every column)")
        }
        var labels = try await labelWalk.map(InterfaceTableParser.labels(from:)) ?? cachedLabels
        let upTime: UInt32?
        if case .timeticks(let ticks)? = try await upTimeBinds.first?.value { upTime = ticks } else { upTime = nil }
        let readings = InterfaceTableParser.readings(from: walk)

        let restarted = state.withLock { state in
            if let upTime, let last = state.lastUpTime { return upTime < last }
            return false
        }
        let unknown = readings.contains { labels[$0.index] == nil }
        if !due && (unknown || restarted) {
            labels = InterfaceTableParser.labels(from: try await engine.walk(IFMIB.labelColumns, on: target))
        }
        let refreshed = due || unknown || restarted
        state.withLock { state in
            state.labels = labels
            state.pollsSinceLabels = refreshed ? 1 : state.pollsSinceLabels &+ 1
            if let upTime { state.lastUpTime = upTime }
        }
        return InterfaceTableSnapshot(sysUpTime: upTime, labels: labels, readings: readings, counterWalk: walk)
    }

    /// The switch's interfaces as the declarative table probes join rows to them, named and
    /// mapped to members as this probe does: from this probe's label cache while it is fresh,
    /// else from a label walk of their own, repeated every `labelRefreshPolls` intervals.
    public func tableInterfaces() async throws -> [UInt32: SNMPTableInterface] {
        let now = Double(DispatchTime.now().uptimeNanoseconds) / 1e9
        let maximumAge = configuration.interval * Double(configuration.labelRefreshPolls)
        var labels = state.withLock { state -> [UInt32: InterfaceLabels]? in
            if !state.labels.isEmpty, state.pollsSinceLabels <= configuration.labelRefreshPolls { return state.labels }
            if !state.tableLabels.isEmpty, now - state.tableLabelsAt < maximumAge { return state.tableLabels }
            return nil
        }
        if labels == nil {
            let walked = InterfaceTableParser.labels(from: try await engine.walk(IFMIB.labelColumns, on: configuration.target))
            state.withLock { state in
                state.tableLabels = walked
                state.tableLabelsAt = now
            }
            labels = walked
        }
        let all = labels ?? [:]
        let names = InterfaceNaming.uniqueNames(all)
        let resolver = configuration.memberMapping.resolver()
        var result: [UInt32: SNMPTableInterface] = [:]
        for (index, label) in all {
            result[index] = SNMPTableInterface(ifIndex: index, name: label.name, alias: label.alias, descr: label.descr,
                                               label: names[index] ?? label.displayName, memberASN: resolver.asn(for: label))
        }
        return result
    }

    public func collect(at time: Double) async throws -> ProbeOutput {
        let snapshot = try await snapshot()
        await refreshIdentity(at: time)
        let (updates, gapCounts) = state.withLock { state in
            let updates = state.tracker.update(readings: snapshot.readings, labels: snapshot.labels, sysUpTime: snapshot.sysUpTime)
            for update in updates {
                if let gap = update.gap, gap != .firstReading { state.gapCounts[gap.rawValue, default: 0] += 1 }
                if !update.rejectedCounters.isEmpty { state.gapCounts["implausible_decrease", default: 0] += Double(update.rejectedCounters.count) }
            }
            return (updates, state.gapCounts)
        }
        return output(snapshot: snapshot, updates: updates, gapCounts: gapCounts, time: time)
    }

    /// Reads the switch's software, model and engine time when due: at the first poll and every
    /// `labelRefreshPolls` polls. A switch that does not answer them keeps what was read before;
    /// it never fails the poll.
    private func refreshIdentity(at time: Double) async {
        let due = state.withLock { state in
            state.pollsSinceIdentity = state.pollsSinceIdentity == Int.max ? Int.max : state.pollsSinceIdentity + 1
            return state.pollsSinceIdentity >= configuration.labelRefreshPolls
        }
        guard due else { return }
        let target = configuration.target
        let system = (try? await engine.get([IFMIB.sysDescr, IFMIB.snmpEngineTime], on: target)) ?? []
        func value(_ oid: OID, in binds: [SNMPVarBind]) -> SNMPValue? { binds.first { $0.oid == oid }?.value }
        var revision: SNMPValue?
        var model: SNMPValue?
        if let walk = try? await engine.walk([IFMIB.entPhysicalClass], on: target), let chassis = SwitchIdentity.chassisIndex(walk) {
            let software = IFMIB.entPhysicalSoftwareRev.appending(chassis), name = IFMIB.entPhysicalModelName.appending(chassis)
            let binds = (try? await engine.get([software, name], on: target)) ?? []
            revision = value(software, in: binds)
            model = value(name, in: binds)
        }
        let identity = SwitchIdentity(sysDescr: value(IFMIB.sysDescr, in: system), softwareRevision: revision, modelName: model)
        var engineSeconds: Double?
        if case .integer(let seconds)? = value(IFMIB.snmpEngineTime, in: system), seconds >= 0 { engineSeconds = Double(seconds) }
        state.withLock { state in
            state.pollsSinceIdentity = 0
            if let identity { state.identity = identity }
            if let engineSeconds { state.engineTime = (engineSeconds, time) }
        }
    }

    /// The switch's uptime in seconds at `time`: the larger of sysUpTime (which wraps after 497
    /// days) and the engine time read last, carried forward; nil when neither is known.
    private func uptime(sysUpTime: UInt32?, at time: Double) -> Double? {
        let engine = state.withLock { $0.engineTime }.map { $0.seconds + max(0, time - $0.at) }
        let ticks = sysUpTime.map { Double($0) / 100 }
        switch (ticks, engine) {
        case (let ticks?, let engine?): return max(ticks, engine)
        case (let ticks?, nil): return ticks
        case (nil, let engine?): return engine
        case (nil, nil): return nil
        }
    }

    private func output(snapshot: InterfaceTableSnapshot, updates: [InterfaceCounterTracker.Update],
                        gapCounts: [String: Double], time: Double) -> ProbeOutput {
        let switchName = configuration.switchName
        let resolver = configuration.memberMapping.resolver()
        let names = InterfaceNaming.uniqueNames(snapshot.labels)
        var families = InterfaceMetricFamilies()
        var samples: [Sample] = []
        samples.reserveCapacity(updates.count * 16)
        var warnings: [String] = []
        let readings = Dictionary(snapshot.readings.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })

        for update in updates {
            guard let reading = readings[update.index] else { continue }
            let labels = snapshot.labels[update.index] ?? InterfaceLabels(index: update.index)
            let interface = names[update.index] ?? labels.displayName
            let asn = resolver.asn(for: labels).map(String.init) ?? ""
            let base = [("switch", switchName), ("interface", interface), ("member_asn", asn)]
            families.add(update: update, reading: reading, labels: labels, base: base)

            let seriesLabels = ["switch": switchName, "interface": interface, "member_asn": asn]
            for counter in InterfaceCounter.allCases where reading[counter] != nil {
                samples.append(Sample(key: SeriesKey(name: counter.rateSeriesName, labels: counter.seriesLabels(seriesLabels)),
                                           timestamp: time, value: update.rate(counter)))
            }
            samples.append(Sample(key: SeriesKey(name: StoreSeries.up, labels: seriesLabels),
                                       timestamp: time, value: reading.operStatus == 1 ? 1 : 0))
            // Port speed and admin status from history: a detector tells a port that was shut
            // or re-speeded from one that failed.
            if let adminUp = labels.adminUp {
                samples.append(Sample(key: SeriesKey(name: StoreSeries.adminUp, labels: seriesLabels),
                                      timestamp: time, value: adminUp ? 1 : 0))
            }
            if let speed = labels.speedBitsPerSecond {
                samples.append(Sample(key: SeriesKey(name: StoreSeries.speed, labels: seriesLabels),
                                      timestamp: time, value: speed / 8))
            }
            if !update.rejectedCounters.isEmpty {
                warnings.append("\(interface): \(update.rejectedCounters.map(\.shortName).joined(separator: ", ")) went down by more than a plausible wrap; interval left unknown")
            }
        }
        var metrics = families.families
        // The switch itself: its software and model (1 per key, as node_uname_info) and uptime.
        if let identity = state.withLock({ $0.identity }) {
            let labels = ["switch": switchName, "software": identity.software, "model": identity.model]
            samples.append(Sample(key: SeriesKey(name: StoreSeries.switchInfo, labels: labels), timestamp: time, value: 1))
            metrics.append(MetricFamily(
                name: StoreSeries.switchInfo, help: "1 for the software and model the switch reports (sysDescr, ENTITY-MIB chassis).",
                kind: .gauge,
                samples: [MetricSample(labels: [("switch", switchName), ("software", identity.software), ("model", identity.model)],
                                       value: 1)]))
        }
        if let uptime = uptime(sysUpTime: snapshot.sysUpTime, at: time) {
            samples.append(Sample(key: SeriesKey(name: StoreSeries.switchUptime, labels: ["switch": switchName]), timestamp: time,
                                  value: uptime))
            metrics.append(MetricFamily(
                name: StoreSeries.switchUptime, help: "Seconds the switch's SNMP agent has been up (sysUpTime, or snmpEngineTime past its wrap).",
                kind: .gauge, samples: [MetricSample(labels: [("switch", switchName)], value: uptime)]))
        }
        metrics.append(MetricFamily(
            name: "ixp_snmp_counter_discontinuities_total",
            help: "Intervals left unknown because counters could not be trusted (agent restart, discontinuity, renumbered ifIndex, implausible decrease).",
            kind: .counter,
            samples: gapCounts.keys.sorted().map { MetricSample(labels: [("switch", switchName), ("reason", $0)], value: gapCounts[$0] ?? 0) }))
        metrics.append(MetricFamily(
            name: "ixp_snmp_interfaces", help: "Interfaces seen in the last poll.", kind: .gauge,
            samples: [MetricSample(labels: [("switch", switchName)], value: Double(snapshot.readings.count))]))
        return ProbeOutput(samples: samples, metrics: metrics, warnings: warnings)
    }
}

extension InterfaceCounter {
    /// The store series of the counter's rate.
    var rateSeriesName: String {
        switch self {
        case .receiveBytes: return StoreSeries.receiveBytes
        case .transmitBytes: return StoreSeries.transmitBytes
        case .receiveUnicastPackets, .receiveMulticastPackets, .receiveBroadcastPackets:
            return StoreSeries.receivePackets
        case .transmitUnicastPackets, .transmitMulticastPackets, .transmitBroadcastPackets:
            return StoreSeries.transmitPackets
        case .receiveErrors: return StoreSeries.receiveErrors
        case .transmitErrors: return StoreSeries.transmitErrors
        case .receiveDiscards: return StoreSeries.receiveDiscards
        case .transmitDiscards: return StoreSeries.transmitDiscards
        }
    }

    /// The Prometheus counter it is exported as.
    var metricName: String {
        switch self {
        case .receiveBytes: return "ixp_interface_receive_bytes_total"
        case .transmitBytes: return "ixp_interface_transmit_bytes_total"
        case .receiveUnicastPackets, .receiveMulticastPackets, .receiveBroadcastPackets:
            return "ixp_interface_receive_packets_total"
        case .transmitUnicastPackets, .transmitMulticastPackets, .transmitBroadcastPackets:
            return "ixp_interface_transmit_packets_total"
        case .receiveErrors: return "ixp_interface_receive_errors_total"
        case .transmitErrors: return "ixp_interface_transmit_errors_total"
        case .receiveDiscards: return "ixp_interface_receive_discards_total"
        case .transmitDiscards: return "ixp_interface_transmit_discards_total"
        }
    }

    /// The `cast` label of packet counters.
    var cast: String? {
        switch self {
        case .receiveUnicastPackets, .transmitUnicastPackets: return "unicast"
        case .receiveMulticastPackets, .transmitMulticastPackets: return "multicast"
        case .receiveBroadcastPackets, .transmitBroadcastPackets: return "broadcast"
        default: return nil
        }
    }

    func seriesLabels(_ base: [String: String]) -> [String: String] {
        guard let cast else { return base }
        var labels = base
        labels["cast"] = cast
        return labels
    }
}
