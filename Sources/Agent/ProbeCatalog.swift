import ProbeKit
import Synchronization
import IXPCore

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

    /// The probes that observe continuously (the peering-LAN captures).
    var observationSources: [any ObservationSource] { probes.compactMap { $0 as? any ObservationSource } }

    /// The probes with learnt state to keep.
    var persistent: [any PersistentStateProbe] { probes.compactMap { $0 as? any PersistentStateProbe } }
}
