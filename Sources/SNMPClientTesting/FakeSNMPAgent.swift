public import SNMPClient
import Synchronization

/// An SNMP agent in memory for tests: it answers `get` and `walk` from a dictionary of
/// OID → value, the same for every target, and records what it was asked. Change the values
/// between polls (`set`, `remove`, `update`) to make counters move, wrap, or columns go away;
/// `failure` makes every operation fail. Walked values are stamped with the agent's own
/// monotonic time (`receivedAt`, 1 s at first), which moves only by `advance(seconds:)`, so
/// rates between two polls are exact.
///
/// ```swift
/// let agent = FakeSNMPAgent([IFMIB.sysUpTime: .timeticks(100), IFMIB.ifOperStatus.appending([1]): .integer(1)])
/// let probe = SNMPInterfaceProbe(configuration: configuration, engine: agent)
/// ```
public final class FakeSNMPAgent: SNMPQuerying {
    /// One operation the agent was asked for.
    public enum Request: Sendable, Hashable {
        /// A GET of these objects.
        case get([OID])
        /// A walk of these columns.
        case walk([OID])
    }

    private struct State {
        var values: [OID: SNMPValue]
        var failure: SNMPError?
        var requests: [Request] = []
        var receivedAt: UInt64 = 1_000_000_000
    }

    private let state: Mutex<State>

    /// An agent holding `values`.
    public init(_ values: [OID: SNMPValue] = [:]) {
        state = Mutex(State(values: values))
    }

    /// The values it holds now.
    public var values: [OID: SNMPValue] { state.withLock { $0.values } }

    /// Sets the value of `oid`.
    public func set(_ oid: OID, _ value: SNMPValue) {
        state.withLock { $0.values[oid] = value }
    }

    /// Removes `oid` and every object below it (a column, a row's instance).
    public func remove(_ oid: OID) {
        state.withLock { state in state.values = state.values.filter { !$0.key.hasPrefix(oid) } }
    }

    /// Changes the values in place.
    public func update(_ change: (inout [OID: SNMPValue]) -> Void) {
        state.withLock { change(&$0.values) }
    }

    /// The monotonic time, in nanoseconds, stamped on the values of a walk now.
    public var receivedAt: UInt64 { state.withLock { $0.receivedAt } }

    /// Moves the agent's monotonic time on by `seconds`.
    public func advance(seconds: Double) {
        state.withLock { $0.receivedAt += UInt64((seconds * 1e9).rounded()) }
    }

    /// The error every operation throws while it is set; nil (the default) answers.
    public var failure: SNMPError? {
        get { state.withLock { $0.failure } }
        set { state.withLock { $0.failure = newValue } }
    }

    /// Every operation asked for so far, in order.
    public var requests: [Request] { state.withLock { $0.requests } }

    /// The values of `oids`, `.noSuchObject` for those it does not hold.
    public func get(_ oids: [OID], on target: SNMPTarget) async throws(SNMPError) -> [SNMPVarBind] {
        let result: Result<[SNMPVarBind], SNMPError> = state.withLock { state in
            state.requests.append(.get(oids))
            if let failure = state.failure { return .failure(failure) }
            return .success(oids.map { SNMPVarBind(oid: $0, value: state.values[$0] ?? .noSuchObject) })
        }
        return try result.get()
    }

    /// Every held object below each of `columns`, in OID order, as one walk.
    public func walk(_ columns: [OID], on target: SNMPTarget) async throws(SNMPError) -> SNMPTableWalk {
        let result: Result<SNMPTableWalk, SNMPError> = state.withLock { state in
            state.requests.append(.walk(columns))
            if let failure = state.failure { return .failure(failure) }
            let time = state.receivedAt
            let entries = columns.map { column in
                state.values.filter { $0.key.hasPrefix(column) && $0.key != column }
                    .sorted { $0.key < $1.key }
                    .map { SNMPColumnEntry(index: $0.key.suffix(after: column), value: $0.value, receivedAt: time) }
            }
            return .success(
                SNMPTableWalk(columns: columns, entries: entries, requests: 1, startedAt: time, finishedAt: time))
        }
        return try result.get()
    }
}
