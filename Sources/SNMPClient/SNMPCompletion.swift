import Synchronization

/// The one-shot hand-back of a job's result. The worker thread and a cancelled caller race to
/// it; the first to arrive resumes the caller and the other finds it resolved.
///
/// A cancelled caller is resumed at once, without waiting for the worker thread: the worker
/// later sees `isResolved` and drops the job, and any request still out for it is left to
/// time out inside its session as an answer nobody waits for (the session stays open, so net-snmp
/// frees the request itself; nothing is freed under it).
final class SNMPCompletion: Sendable {
    typealias Outcome = Result<SNMPJobOutput, SNMPError>

    private enum State {
        /// Created; the caller has not suspended yet.
        case waiting
        /// The caller is suspended here.
        case suspended(CheckedContinuation<Outcome, Never>)
        /// Cancelled before the caller suspended: the outcome it gets when it does.
        case early(Outcome)
        /// Resumed.
        case resolved
    }

    private let state = Mutex<State>(.waiting)

    init() {}

    /// Hands over the suspended caller. Returns false when the job was already resolved (the
    /// caller is then resumed at once and the job must not be submitted).
    func install(_ continuation: CheckedContinuation<Outcome, Never>) -> Bool {
        let early: Outcome? = state.withLock { state in
            switch state {
            case .waiting:
                state = .suspended(continuation)
                return nil
            case .early(let outcome):
                state = .resolved
                return outcome
            case .suspended, .resolved:
                return .failure(SNMPError(.protocolViolation, target: "", "internal: job completion installed twice"))
            }
        }
        guard let early else { return true }
        continuation.resume(returning: early)
        return false
    }

    /// Resumes the caller with `outcome` unless it was resumed already; returns whether it did.
    @discardableResult
    func resume(_ outcome: Outcome) -> Bool {
        let continuation: CheckedContinuation<Outcome, Never>? = state.withLock { state in
            switch state {
            case .waiting:
                state = .early(outcome)
                return nil
            case .suspended(let continuation):
                state = .resolved
                return continuation
            case .early, .resolved:
                return nil
            }
        }
        guard let continuation else { return false }
        continuation.resume(returning: outcome)
        return true
    }

    /// Whether the caller has its outcome (or will get one when it suspends).
    var isResolved: Bool {
        state.withLock { state in
            switch state {
            case .waiting, .suspended: return false
            case .early, .resolved: return true
            }
        }
    }
}
