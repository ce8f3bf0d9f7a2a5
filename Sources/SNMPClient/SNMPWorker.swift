import CNetSNMP
import Foundation
import Logging
import Synchronization
import Dispatch

/// One polling thread of `SNMPPollEngine`. Its sessions, operations and requests are touched
/// by its own thread only; other threads only append to the inbox and wake it through a pipe.
// @unchecked Sendable: the worker-thread state below is confined to the worker thread (debug
// builds assert it), and what other threads call (`submit`, `stop`, `dropResolvedJobs`, the
// session opener) touches only the `inbox` Mutex and the constant wake-up descriptors.
final class SNMPWorker: @unchecked Sendable {
    private let number: Int
    private let logger: Logger
    private let inbox = Mutex<(jobs: [SNMPJob], opened: [SNMPOpenedSession], stopping: Bool, cancellations: Bool)>(
        ([], [], false, false))
    private let wakeRead: Int32
    private let wakeWrite: Int32

    // Worker-thread state.
    private var sessions: [SNMPTarget: SNMPSession] = [:]
    /// Sessions replaced in `sessions` that still have requests outstanding.
    private var retired: [SNMPSession] = []
    private var operations: [Int: SNMPOperation] = [:]
    private var requestOwners: [Int32: (operation: Int, session: SNMPSession)] = [:]
    private var arrivals: [(request: Int32, session: UnsafeRawPointer?, arrival: SNMPArrival)] = []
    /// Jobs waiting for a session that is being opened on `SNMPWorker.openQueue`.
    private var opening: [SNMPTarget: [SNMPJob]] = [:]
    private var nextOperationID = 0
    #if DEBUG
    /// The worker thread, set when `run` starts there.
    private var workerThread: pthread_t?
    #endif

    /// Where sessions are opened. Opening an SNMPv3 session discovers the agent's engine ID,
    /// which blocks for timeout × (retries + 1) when the agent is dead; doing it here keeps a
    /// dead switch from stalling the other switches of the worker.
    private static let openQueue = DispatchQueue(label: "ixp-health.snmp.open", attributes: .concurrent)
    private var lastIdleSweep: UInt64 = 0

    /// Sessions unused this long are closed.
    private static let idleSessionLifetime: UInt64 = 600 * 1_000_000_000

    init(number: Int, logger: Logger) {
        self.number = number
        self.logger = logger
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) == 0 {
            _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
            _ = fcntl(fds[1], F_SETFL, fcntl(fds[1], F_GETFL) | O_NONBLOCK)
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
    }

    deinit {
        if wakeRead >= 0 { close(wakeRead) }
        if wakeWrite >= 0 { close(wakeWrite) }
    }

    func start() {
        let thread = Thread { [self] in self.run() }
        thread.name = "snmp-worker-\(number)"
        thread.start()
    }

    func stop() {
        inbox.withLock { $0.stopping = true }
        wake()
    }

    func submit(_ job: SNMPJob) {
        let accepted = inbox.withLock { state -> Bool in
            guard !state.stopping else { return false }
            state.jobs.append(job)
            return true
        }
        if accepted {
            wake()
        } else {
            job.completion.resume(.failure(
                SNMPError(.shutdown, target: job.target.displayName, "the poll engine is shutting down")))
        }
    }

    /// Some caller gave up on its job (its task was cancelled and it has been resumed): the
    /// worker drops resolved jobs and operations, sending no further request for them.
    func dropResolvedJobs() {
        inbox.withLock { $0.cancellations = true }
        wake()
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    // MARK: - The loop

    private func run() {
        #if DEBUG
        workerThread = pthread_self()
        #endif
        while true {
            let (jobs, opened, stopping, cancellations) = inbox.withLock { state in
                let taken = (state.jobs, state.opened, state.stopping, state.cancellations)
                state.jobs = []
                state.opened = []
                state.cancellations = false
                return taken
            }
            if stopping {
                for job in jobs + opening.values.flatMap({ $0 }) {
                    job.completion.resume(.failure(
                        SNMPError(.shutdown, target: job.target.displayName, "the poll engine is shutting down")))
                }
                for operation in operations.values {
                    finish(operation, .failure(SNMPError(.shutdown, target: operation.target.displayName,
                                                         "the poll engine is shutting down")))
                }
                requestOwners.removeAll()
                sessions.removeAll()
                return
            }
            if cancellations { dropResolved() }
            for result in opened { sessionOpened(result) }
            for job in jobs where !job.completion.isResolved { begin(job) }
            waitAndRead()
            processArrivals()
            expireDeadlines()
            closeIdleSessions()
        }
    }

    /// Asserts (debug builds only) that the caller runs on the worker thread, the only one that
    /// may touch the worker-thread state.
    private func assertOnWorkerThread(_ function: StaticString = #function) {
        #if DEBUG
        assert(workerThread.map { pthread_equal($0, pthread_self()) != 0 } ?? false,
               "SNMPWorker.\(function) called off the worker thread")
        #endif
    }

    private func waitAndRead() {
        assertOnWorkerThread()
        var fds = [pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
        var polled: [SNMPSession] = []
        var timeout: Int32 = 1000
        var candidates: [SNMPSession] = []
        for session in sessions.values where session.outstanding > 0 {
            candidates.append(session)
        }
        retired.removeAll { $0.outstanding == 0 }
        candidates.append(contentsOf: retired)
        for session in candidates {
            fds.append(pollfd(fd: session.socket, events: Int16(POLLIN), revents: 0))
            polled.append(session)
            let next = ixp_sess_next_timeout_ms(session.handle)
            if next >= 0 { timeout = min(timeout, next) }
        }
        let now = monotonicNanoseconds()
        for operation in operations.values {
            let left = operation.deadline > now ? (operation.deadline - now) / 1_000_000 + 1 : 0
            timeout = min(timeout, Int32(clamping: left))
        }
        let ready = poll(&fds, nfds_t(fds.count), timeout)
        if ready > 0 {
            if fds[0].revents != 0 {
                var buffer = [UInt8](repeating: 0, count: 256)
                while read(wakeRead, &buffer, buffer.count) > 0 {}
            }
            for (position, session) in polled.enumerated() where fds[position + 1].revents != 0 {
                _ = ixp_sess_read_fd(session.handle, fds[position + 1].fd)
            }
        }
        for session in polled {
            snmp_sess_timeout(session.handle)
        }
    }

    // MARK: - Operations

    private func begin(_ job: SNMPJob) {
        assertOnWorkerThread()
        guard let session = sessions[job.target], !session.discard else {
            if let stale = sessions.removeValue(forKey: job.target), stale.outstanding > 0 {
                retired.append(stale)
            }
            if opening[job.target] != nil {
                opening[job.target]?.append(job)
                return
            }
            opening[job.target] = [job]
            let target = job.target
            Self.openQueue.async { [self] in
                let result: Result<SNMPSession, SNMPError>
                do throws(SNMPError) {
                    let session = try SNMPSession.open(target)
                    try session.discoverEngine()
                    result = .success(session)
                } catch {
                    result = .failure(error)
                }
                inbox.withLock { $0.opened.append(SNMPOpenedSession(target: target, result: result)) }
                wake()
            }
            return
        }
        start(job, on: session)
    }

    /// Forgets operations and waiting jobs whose callers were resumed already (cancelled). Their
    /// requests in flight stay with their sessions until answered or timed out; an answer
    /// then finds no operation and is dropped, as after a deadline.
    private func dropResolved() {
        assertOnWorkerThread()
        for operation in operations.values where operation.job.completion.isResolved {
            operations.removeValue(forKey: operation.id)
        }
        for (target, jobs) in opening {
            opening[target] = jobs.filter { !$0.completion.isResolved }
        }
    }

    private func sessionOpened(_ opened: SNMPOpenedSession) {
        assertOnWorkerThread()
        let waiting = opening.removeValue(forKey: opened.target) ?? []
        switch opened.result {
        case .success(let session):
            sessions[opened.target] = session
            for job in waiting { start(job, on: session) }
        case .failure(let error):
            for job in waiting { job.completion.resume(.failure(error)) }
        }
    }

    private func start(_ job: SNMPJob, on session: SNMPSession) {
        let now = monotonicNanoseconds()
        session.lastUsed = now
        nextOperationID += 1
        let deadline = job.submittedAt + UInt64(max(0.001, job.target.deadline) * 1e9)
        let operation = SNMPOperation(id: nextOperationID, job: job, session: session, startedAt: now, deadline: deadline)
        operations[operation.id] = operation
        switch job.kind {
        case .walk(let columns):
            var walker = SNMPColumnWalker(
                columns: columns, bulk: job.target.credentials.supportsBulk, maxRepetitions: job.target.maxRepetitions)
            let step = walker.start()
            operation.walker = walker
            perform(step, for: operation)
        case .get(let oids):
            send(type: IXP_SNMP_MSG_GET, oids: oids, maxRepetitions: 0, for: operation)
        }
    }

    private func perform(_ step: SNMPColumnWalker.Step, for operation: SNMPOperation) {
        switch step {
        case .request(let oids, let maxRepetitions):
            let type = operation.target.credentials.supportsBulk ? IXP_SNMP_MSG_GETBULK : IXP_SNMP_MSG_GETNEXT
            send(type: type, oids: oids, maxRepetitions: maxRepetitions, for: operation)
        case .finished:
            guard let walker = operation.walker else { return }
            let walk = SNMPTableWalk(
                columns: walker.columns, entries: walker.entries, requests: operation.requests,
                startedAt: operation.startedAt, finishedAt: monotonicNanoseconds())
            finish(operation, .success(.walk(walk)))
        case .failed(let message):
            finish(operation, .failure(SNMPError(.protocolViolation, target: operation.target.displayName,
                                                 message + operation.progressNote)))
        }
    }

    private func send(type: Int32, oids: [OID], maxRepetitions: Int, for operation: SNMPOperation) {
        guard let pdu = snmp_pdu_create(type) else {
            finish(operation, .failure(SNMPError(.send, target: operation.target.displayName, "out of memory")))
            return
        }
        if type == IXP_SNMP_MSG_GETBULK {
            pdu.pointee.errstat = 0                 // non-repeaters
            pdu.pointee.errindex = maxRepetitions   // max-repetitions
        }
        for oid in oids {
            var components = oid.components.map { CNetSNMP.oid($0) }
            _ = snmp_add_null_var(pdu, &components, components.count)
        }
        let magic = Unmanaged.passUnretained(self).toOpaque()
        let request = snmp_sess_async_send(operation.session.handle, pdu, snmpWorkerCallback, magic)
        guard request != 0 else {
            let text = operation.session.lastErrorText
            snmp_free_pdu(pdu)
            operation.session.discard = true
            finish(operation, .failure(SNMPError(.send, target: operation.target.displayName,
                                                 "cannot send: \(text.isEmpty ? "unknown error" : text)")))
            return
        }
        operation.requests += 1
        operation.session.outstanding += 1
        requestOwners[request] = (operation.id, operation.session)
    }

    /// Called by net-snmp (through `snmpWorkerCallback`) on this worker's thread, inside
    /// `snmp_sess_read2` or `snmp_sess_timeout`. Copies what it needs: net-snmp frees the PDU.
    fileprivate func record(operation: Int32, session: UnsafeMutablePointer<netsnmp_session>?, request: Int32,
                            pdu: UnsafeMutablePointer<netsnmp_pdu>?) {
        assertOnWorkerThread()
        let arrival: SNMPArrival
        switch operation {
        case IXP_CALLBACK_OP_RECEIVED_MESSAGE:
            guard let pdu else { return }
            arrival = .response(SNMPResponse(pdu: pdu, receivedAt: monotonicNanoseconds()))
        case IXP_CALLBACK_OP_TIMED_OUT:
            arrival = .timedOut
        case IXP_CALLBACK_OP_SEC_ERROR:
            arrival = .securityError(pdu.map { SNMPResponse(pdu: $0, receivedAt: monotonicNanoseconds()) })
        case IXP_CALLBACK_OP_SEND_FAILED:
            arrival = .failed("sending the request failed")
        default:
            return  // resend, connect, disconnect: nothing to act on
        }
        arrivals.append((request, session.map(UnsafeRawPointer.init), arrival))
    }

    private func processArrivals() {
        assertOnWorkerThread()
        guard !arrivals.isEmpty else { return }
        let batch = arrivals
        arrivals.removeAll(keepingCapacity: true)
        for (request, sessionPointer, arrival) in batch {
            if let owner = requestOwners.removeValue(forKey: request) {
                owner.session.outstanding -= 1
                owner.session.lastUsed = monotonicNanoseconds()
                guard let operation = operations[owner.operation] else { continue }  // finished already
                handle(arrival, for: operation)
            } else if let sessionPointer, arrival.isSecurityFailure {
                // SNMPv3 reports come back without the request id: fail the session as a whole.
                failSession(at: sessionPointer, arrival: arrival)
            }
        }
    }

    private func failSession(at pointer: UnsafeRawPointer, arrival: SNMPArrival) {
        guard let session = (sessions.values + retired).first(where: { $0.sessionPointer == pointer }) else { return }
        let description: String
        switch arrival {
        case .response(let response), .securityError(let response?): description = response.reportDescription
        default: description = "SNMPv3 security error (check user, protocols and pass phrases)"
        }
        session.discard = true
        session.outstanding = 0
        for (request, owner) in requestOwners where owner.session === session {
            requestOwners.removeValue(forKey: request)
        }
        for operation in operations.values where operation.session === session {
            finish(operation, .failure(SNMPError(.authentication, target: operation.target.displayName, description)))
        }
    }

    private func handle(_ arrival: SNMPArrival, for operation: SNMPOperation) {
        let target = operation.target
        switch arrival {
        case .timedOut:
            operation.session.discard = true
            finish(operation, .failure(SNMPError(.timeout, target: target.displayName,
                "no response after \(target.retries + 1) tries of \(formatSeconds(target.timeout))" + operation.progressNote
                    + target.credentials.timeoutHint)))
        case .failed(let text):
            finish(operation, .failure(SNMPError(.send, target: target.displayName, text)))
        case .securityError(let response):
            operation.session.discard = true
            finish(operation, .failure(SNMPError(.authentication, target: target.displayName,
                response?.reportDescription ?? "SNMPv3 security error (check user, protocols and pass phrases)")))
        case .response(let response):
            if response.command == IXP_SNMP_MSG_REPORT {
                operation.session.discard = true
                finish(operation, .failure(SNMPError(.authentication, target: target.displayName, response.reportDescription)))
                return
            }
            switch operation.job.kind {
            case .get:
                if response.errorStatus != 0 {
                    finish(operation, .failure(SNMPError(.agentError, target: target.displayName,
                        "agent error: \(SNMPColumnWalker.errorStatusName(response.errorStatus)) (index \(response.errorIndex))")))
                } else {
                    finish(operation, .success(.get(response.varbinds)))
                }
            case .walk:
                guard var walker = operation.walker else { return }
                let step = walker.absorb(errorStatus: response.errorStatus, errorIndex: response.errorIndex,
                                         varbinds: response.varbinds, receivedAt: response.receivedAt)
                operation.walker = walker
                if case .failed(let message) = step, message.hasPrefix("agent error") {
                    finish(operation, .failure(SNMPError(.agentError, target: target.displayName, message + operation.progressNote)))
                } else {
                    perform(step, for: operation)
                }
            }
        }
    }

    private func finish(_ operation: SNMPOperation, _ result: Result<SNMPJobOutput, SNMPError>) {
        assertOnWorkerThread()
        guard operations.removeValue(forKey: operation.id) != nil else { return }
        if case .failure(let error) = result {
            logger.debug("SNMP operation failed", metadata: ["target": "\(operation.target.displayName)", "error": "\(error.message)"])
        }
        operation.job.completion.resume(result)
    }

    private func expireDeadlines() {
        assertOnWorkerThread()
        let now = monotonicNanoseconds()
        for (target, jobs) in opening {
            let expired = jobs.filter { $0.submittedAt + UInt64(max(0.001, $0.target.deadline) * 1e9) <= now }
            guard !expired.isEmpty else { continue }
            opening[target] = jobs.filter { $0.submittedAt + UInt64(max(0.001, $0.target.deadline) * 1e9) > now }
            for job in expired {
                job.completion.resume(.failure(SNMPError(.deadlineExceeded, target: target.displayName,
                    "no session within the deadline of \(formatSeconds(target.deadline)) (opening it still waits for the agent)")))
            }
        }
        for operation in operations.values where operation.deadline <= now {
            finish(operation, .failure(SNMPError(.deadlineExceeded, target: operation.target.displayName,
                "not finished within the deadline of \(formatSeconds(operation.target.deadline))" + operation.progressNote)))
        }
    }

    private func closeIdleSessions() {
        assertOnWorkerThread()
        let now = monotonicNanoseconds()
        guard now &- lastIdleSweep > 5_000_000_000 || sessions.values.contains(where: { $0.discard && $0.outstanding == 0 }) else { return }
        lastIdleSweep = now
        for (target, session) in sessions where session.outstanding == 0
            && (session.discard || now &- session.lastUsed > Self.idleSessionLifetime) {
            sessions.removeValue(forKey: target)
        }
    }
}

/// net-snmp's response callback: finds the worker from the magic pointer and records what
/// arrived. Returns 1, "handled".
private let snmpWorkerCallback: netsnmp_callback = { operation, session, request, pdu, magic in
    guard let magic else { return 1 }
    Unmanaged<SNMPWorker>.fromOpaque(magic).takeUnretainedValue()
        .record(operation: operation, session: session, request: request, pdu: pdu)
    return 1
}

func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : "\(seconds) s"
}

/// A session opened off the worker thread, handed to it through the inbox.
// @unchecked Sendable: SNMPSession is not Sendable. This hands it over once, from the opening
// thread (which keeps no reference) to the worker through the inbox Mutex; the worker alone
// uses it from then on.
struct SNMPOpenedSession: @unchecked Sendable {
    var target: SNMPTarget
    var result: Result<SNMPSession, SNMPError>
}
