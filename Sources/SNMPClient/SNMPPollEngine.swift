import CNetSNMP
import Dispatch
public import Logging
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Polls many SNMP agents concurrently on a small, fixed number of threads.
///
/// Each worker thread multiplexes the sessions pinned to it with net-snmp's asynchronous
/// single-session API and poll(2): thousands of targets never mean thousands of threads, and a
/// slow or dead agent only holds its own requests, never another target's. A target is always
/// served by the same worker, which keeps its session open between polls (so SNMPv3 engine
/// discovery happens once) and closes it after it has been idle for a while.
public final class SNMPPollEngine: Sendable {
    private let workers: [SNMPWorker]

    /// Starts `threads` worker threads (at least one).
    public init(threads: Int = 2, logger: Logger = Logger(label: "ixp-health.snmp")) {
        SNMPLibrary.initialize()
        workers = (0..<max(1, threads)).map { SNMPWorker(number: $0, logger: logger) }
        for worker in workers { worker.start() }
    }

    deinit {
        for worker in workers { worker.stop() }
    }

    /// Stops the workers; operations still running fail with `.shutdown`.
    public func shutdown() {
        for worker in workers { worker.stop() }
    }

    /// Walks `columns` of `target` together, several columns per PDU. Cancelling the calling
    /// task ends the wait at once with `.cancelled`.
    public func walk(_ columns: [OID], on target: SNMPTarget) async throws(SNMPError) -> SNMPTableWalk {
        switch await perform(.walk(columns), on: target) {
        case .success(.walk(let walk)): return walk
        case .success(.get): throw SNMPError(.protocolViolation, target: target.displayName, "internal: wrong result kind")
        case .failure(let error): throw error
        }
    }

    /// GETs `oids` from `target` in one PDU. Cancelling the calling task ends the wait at once
    /// with `.cancelled`.
    public func get(_ oids: [OID], on target: SNMPTarget) async throws(SNMPError) -> [SNMPVarBind] {
        switch await perform(.get(oids), on: target) {
        case .success(.get(let varbinds)): return varbinds
        case .success(.walk): throw SNMPError(.protocolViolation, target: target.displayName, "internal: wrong result kind")
        case .failure(let error): throw error
        }
    }

    /// Hands the job to the target's worker and waits for it, or for the task's cancellation.
    private func perform(_ kind: SNMPJob.Kind, on target: SNMPTarget) async -> Result<SNMPJobOutput, SNMPError> {
        let worker = worker(for: target)
        let completion = SNMPCompletion()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                guard completion.install(continuation) else { return }  // cancelled before it started
                worker.submit(SNMPJob(target: target, kind: kind, completion: completion))
            }
        } onCancel: {
            let cancelled = SNMPError(.cancelled, target: target.displayName, "cancelled (the agent is stopping)")
            if completion.resume(.failure(cancelled)) { worker.dropResolvedJobs() }
        }
    }

    private func worker(for target: SNMPTarget) -> SNMPWorker {
        var hasher = Hasher()
        hasher.combine(target.host)
        hasher.combine(target.port)
        let bucket = Int(UInt(bitPattern: hasher.finalize()) % UInt(workers.count))
        return workers[bucket]
    }
}

/// What a job produced.
enum SNMPJobOutput: Sendable {
    case walk(SNMPTableWalk)
    case get([SNMPVarBind])
}

/// One operation handed to a worker.
struct SNMPJob: Sendable {
    enum Kind: Sendable {
        case walk([OID])
        case get([OID])
    }
    var target: SNMPTarget
    var kind: Kind
    /// Resumes the caller; resolved already when the caller was cancelled.
    var completion: SNMPCompletion
    /// When it was handed to the engine (monotonic nanoseconds): the deadline counts from here.
    var submittedAt: UInt64 = monotonicNanoseconds()
}

/// The current monotonic time in nanoseconds.
@inline(__always)
func monotonicNanoseconds() -> UInt64 {
    DispatchTime.now().uptimeNanoseconds
}
