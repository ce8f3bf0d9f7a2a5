public import Foundation

/// A probe that learns something worth keeping across restarts (a baseline), without knowing
/// where it is kept: the agent asks for `persistentState()` at each checkpoint and at shutdown,
/// stores it in its state database under `persistentStateKey`, and hands it back through
/// `restorePersistentState(_:)` before the probe starts.
public protocol PersistentStateProbe: Probe {
    /// The key its state is kept under; stable across restarts (e.g. `peering_lan/eth1`).
    var persistentStateKey: String { get }
    /// The state to keep now, or nil when there is nothing (yet).
    func persistentState() throws -> Data?
    /// Takes back a state this kind of probe saved. Throws when the bytes cannot be read; the
    /// agent then logs the error and the probe starts afresh.
    func restorePersistentState(_ data: Data) throws
}
