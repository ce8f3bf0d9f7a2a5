public import Foundation
import Logging
public import ProbeKit
public import SNMPClient
import Synchronization
import TimeSeries
public import IXPCore

/// The settings of one declarative probe on one switch.
public struct SNMPTableProbeConfiguration: Sendable, Hashable {
    /// The `switch` label.
    public var switchName: String
    /// How to reach its SNMP agent.
    public var target: SNMPTarget
    /// Seconds between polls.
    public var interval: Double
    /// What to walk and how the columns become metrics.
    public var definition: SNMPTableDefinition

    /// Creates a configuration.
    public init(switchName: String, target: SNMPTarget, interval: Double, definition: SNMPTableDefinition) {
        self.switchName = switchName
        self.target = target
        self.interval = interval
        self.definition = definition
    }
}

/// Polls one declarative probe (`Probes/NAME.yaml`) on one switch through the shared poll
/// engine: sysUpTime and one bulk walk of every column of its tables on each run. Gauges and
/// counter rates go to the store, the families to `/metrics`. Its runs are reported as
/// `ixp_probe_*{kind="snmp_table",name="SWITCH/PROBE"}`.
public final class SNMPTableProbe: PersistentStateProbe {
    /// The kind label of its runs.
    public static let kindName = "snmp_table"

    /// Its settings.
    public let configuration: SNMPTableProbeConfiguration
    private let engine: any SNMPQuerying
    private let interfaces: @Sendable () async throws -> [UInt32: SNMPTableInterface]
    private let reader: SNMPTableReader
    private let state: Mutex<State>

    private struct State: Sendable {
        var tracker: TableCounterTracker
        var changes = ChangeLog()
    }

    /// What the `changes` metrics remember per port: kept in the state database.
    struct ChangeLog: Sendable, Codable {
        struct Port: Sendable, Codable {
            var place: [String: String]
            var current: String
            var previous: String?
            var changedAt: Double?
        }
        /// Metric (`changes` name) → port key → record.
        var ports: [String: [String: Port]] = [:]
    }

    /// Creates the probe. `interfaces` gives the switch's interfaces for joins (the IF-MIB
    /// probe's cached labels); it is called only when the definition joins rows to interfaces.
    public init(configuration: SNMPTableProbeConfiguration, engine: any SNMPQuerying,
                interfaces: @escaping @Sendable () async throws -> [UInt32: SNMPTableInterface] = { [:] }) {
        self.configuration = configuration
        state = Mutex(State(tracker: TableCounterTracker(rateInterval: configuration.interval)))
        self.engine = engine
        self.interfaces = interfaces
        self.reader = SNMPTableReader(definition: configuration.definition, switchName: configuration.switchName)
    }

    public var identity: ProbeIdentity {
        ProbeIdentity(kind: Self.kindName, name: "\(configuration.switchName)/\(configuration.definition.name)")
    }

    public var interval: Double { configuration.interval }

    /// A table probe reads a part of its switch.
    public var device: ProbeDevice? { .partOfSwitch(configuration.switchName) }

    public var persistentStateKey: String { "snmp_table/\(configuration.switchName)/\(configuration.definition.name)" }

    public func persistentState() throws -> Data? {
        let log = state.withLock { $0.changes }
        guard !log.ports.isEmpty else { return nil }
        return try JSONEncoder().encode(log)
    }

    public func restorePersistentState(_ data: Data) throws {
        let log = try JSONDecoder().decode(ChangeLog.self, from: data)
        state.withLock { $0.changes = log }
    }

    public func collect(at time: Double) async throws -> ProbeOutput {
        let target = configuration.target
        async let upTimeBinds = engine.get([OID([1, 3, 6, 1, 2, 1, 1, 3, 0])], on: target)
        let walk = try await engine.walk(reader.columns, on: target)
        let upTime: UInt32?
        if case .timeticks(let ticks)? = try? await upTimeBinds.first?.value { upTime = ticks } else { upTime = nil }
        let directory = configuration.definition.joinsInterfaces ? try await interfaces() : [:]
        return state.withLock { state in
            state.tracker.beginPoll(sysUpTime: upTime)
            var result = reader.read(walk, interfaces: directory, tracker: &state.tracker, at: time)
            let changeFamilies = Self.trackChanges(result.observed, definition: configuration.definition,
                                                   log: &state.changes, time: time, samples: &result.samples)
            return ProbeOutput(samples: result.samples, metrics: result.families + changeFamilies, warnings: result.warnings)
        }
    }

    /// Compares what each `changes` metric sees per port with the last record, notes changes,
    /// and makes the change-time gauges (and their store samples) of every port that changed.
    static func trackChanges(_ observed: [String: [String: SNMPTableReader.ObservedValue]], definition: SNMPTableDefinition,
                             log: inout ChangeLog, time: Double, samples: inout [Sample]) -> [MetricFamily] {
        var families: [MetricFamily] = []
        for table in definition.tables {
            for metric in table.metrics {
                guard let name = metric.changes, !families.contains(where: { $0.name == name }) else { continue }
                var ports = log.ports[name] ?? [:]
                for (key, seen) in observed[metric.name] ?? [:] {
                    if var port = ports[key] {
                        if port.current != seen.value {
                            port.previous = port.current
                            port.current = seen.value
                            port.changedAt = time
                        }
                        port.place = seen.place
                        ports[key] = port
                    } else {
                        ports[key] = ChangeLog.Port(place: seen.place, current: seen.value)
                    }
                }
                log.ports[name] = ports
                var family = MetricFamily(
                    name: name, kind: .gauge,
                    help: "When the labels of \(metric.name) last changed on the port (Unix seconds), with the previous and current values.")
                for key in ports.keys.sorted() {
                    guard let port = ports[key], let changedAt = port.changedAt else { continue }
                    var labels = port.place.keys.sorted { lhs, rhs in
                        let order = ["switch", "interface", "member_asn"]
                        return (order.firstIndex(of: lhs) ?? 3, lhs) < (order.firstIndex(of: rhs) ?? 3, rhs)
                    }.map { (name: $0, value: port.place[$0] ?? "") }
                    labels.append(("previous", port.previous ?? ""))
                    labels.append(("current", port.current))
                    family.samples.append(MetricSample(labels: labels, value: changedAt))
                    let seriesLabels = Dictionary(labels.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
                    samples.append(Sample(key: SeriesKey(name: name, labels: seriesLabels), timestamp: time, value: changedAt))
                }
                families.append(family)
            }
        }
        return families
    }
}

extension MetricFamily {
    fileprivate init(name: String, kind: Kind, help: String) {
        self.init(name: name, help: help, kind: kind)
    }
}
