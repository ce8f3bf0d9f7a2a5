import ProbeKit
import Synchronization

/// The probes running now, for the services that need to know them (the detector, the
/// probe-state service). A configuration reload (SIGHUP) replaces them as a whole.
final class ProbeCatalog: Sendable {
    private let current: Mutex<[any Probe]>

    /// A catalog of `probes`.
    init(_ probes: [any Probe]) {
        current = Mutex(probes)
    }

    /// The probes running now.
    var probes: [any Probe] { current.withLock { $0 } }

    /// Replaces the probes (after the previous ones have stopped).
    func replace(with probes: [any Probe]) {
        current.withLock { $0 = probes }
    }

    /// Each probe's interval, for the detector's staleness checks.
    var intervals: [ProbeIdentity: Double] {
        Dictionary(probes.map { ($0.identity, $0.interval) }, uniquingKeysWith: { first, _ in first })
    }

    /// The switch each SNMP interface probe polls.
    var switchOfProbe: [ProbeIdentity: String] {
        var result: [ProbeIdentity: String] = [:]
        // Only the IF-MIB probe speaks for the switch: when it fails, its ports' findings are
        // explained. A declarative table probe (`snmp_table`, SWITCH/PROBE) that fails is a
        // finding about that probe alone.
        for probe in probes where probe.identity.kind.hasPrefix("snmp") && probe.identity.kind != "snmp_table" {
            result[probe.identity] = probe.identity.name
        }
        return result
    }

    /// The switch each declarative SNMP table probe (`snmp_table`, named `SWITCH/PROBE`) reads
    /// from: a failure of the switch's IF-MIB probe explains theirs.
    var switchOfTableProbe: [ProbeIdentity: String] {
        var result: [ProbeIdentity: String] = [:]
        for probe in probes where probe.identity.kind == "snmp_table" {
            if let slash = probe.identity.name.lastIndex(of: "/") { result[probe.identity] = String(probe.identity.name[..<slash]) }
        }
        return result
    }

    /// The probes that observe continuously (the peering-LAN captures).
    var observationSources: [any ObservationSource] { probes.compactMap { $0 as? any ObservationSource } }

    /// The probes with learnt state to keep.
    var persistent: [any PersistentStateProbe] { probes.compactMap { $0 as? any PersistentStateProbe } }
}
