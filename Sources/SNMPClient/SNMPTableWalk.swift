/// One value of a walked table column: the row index and the value, with the time the PDU
/// carrying it arrived.
public struct SNMPColumnEntry: Hashable, Sendable {
    /// The instance OID's sub-identifiers after the column OID (the ifIndex for IF-MIB).
    public var index: [UInt32]
    /// The value.
    public var value: SNMPValue
    /// Monotonic time the response carrying this value arrived, in nanoseconds.
    public var receivedAt: UInt64

    /// Creates an entry.
    public init(index: [UInt32], value: SNMPValue, receivedAt: UInt64) {
        self.index = index
        self.value = value
        self.receivedAt = receivedAt
    }
}

/// The result of walking several table columns of one agent together.
public struct SNMPTableWalk: Sendable {
    /// The columns asked for, in order.
    public var columns: [OID]
    /// The entries of each column, in the order of `columns`, each in increasing index order.
    public var entries: [[SNMPColumnEntry]]
    /// Request PDUs sent (not counting net-snmp's retransmissions).
    public var requests: Int
    /// Monotonic nanoseconds when the first request went out and the last response arrived.
    public var startedAt: UInt64
    /// See `startedAt`.
    public var finishedAt: UInt64

    /// Creates a walk result (the engine does; tests and recordings may too).
    public init(columns: [OID], entries: [[SNMPColumnEntry]], requests: Int, startedAt: UInt64, finishedAt: UInt64) {
        self.columns = columns
        self.entries = entries
        self.requests = requests
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// Number of values received over all columns.
    public var valueCount: Int { entries.reduce(0) { $0 + $1.count } }

    /// The entries of `column`, or an empty array when it was not asked for.
    public func entries(of column: OID) -> [SNMPColumnEntry] {
        guard let position = columns.firstIndex(of: column) else { return [] }
        return entries[position]
    }
}

/// The state machine of a walk of several columns at once: GETBULK (or GETNEXT for SNMPv1)
/// with one varbind per column still in progress, several columns per PDU.
///
/// Pure logic with no I/O, so that every rule about agents' answers can be unit-tested:
/// varbinds arrive row-major (repetition r, column c at position r × active + c); a column ends
/// at endOfMibView or at the first OID outside its subtree; an OID that does not increase, or a
/// response that makes no progress, ends the walk with a protocol error.
public struct SNMPColumnWalker: Sendable {
    /// What to do next.
    public enum Step: Equatable, Sendable {
        /// Send a request for these OIDs (GETBULK with max-repetitions, or GETNEXT).
        case request([OID], maxRepetitions: Int)
        /// Every column is done.
        case finished
        /// The agent broke the protocol.
        case failed(String)
    }

    /// The columns being walked.
    public let columns: [OID]
    /// Whether GETBULK is used (false: SNMPv1 GETNEXT).
    public let bulk: Bool
    /// Current max-repetitions (halved when the agent says tooBig).
    public private(set) var maxRepetitions: Int
    /// Entries per column.
    public private(set) var entries: [[SNMPColumnEntry]]
    private var positions: [OID]
    private var active: [Int]
    private var inFlight: [Int] = []

    /// Creates a walker over `columns`.
    public init(columns: [OID], bulk: Bool, maxRepetitions: Int) {
        self.columns = columns
        self.bulk = bulk
        self.maxRepetitions = max(1, maxRepetitions)
        self.entries = Array(repeating: [], count: columns.count)
        self.positions = columns
        self.active = Array(columns.indices)
    }

    /// The first request.
    public mutating func start() -> Step {
        nextRequest()
    }

    private mutating func nextRequest() -> Step {
        guard !active.isEmpty else { return .finished }
        inFlight = active
        return .request(active.map { positions[$0] }, maxRepetitions: bulk ? maxRepetitions : 0)
    }

    /// Takes in a response's error status and index and its varbinds; returns what to do next.
    public mutating func absorb(errorStatus: Int, errorIndex: Int, varbinds: [SNMPVarBind], receivedAt: UInt64) -> Step {
        if errorStatus != 0 {
            return absorbError(status: errorStatus, index: errorIndex)
        }
        let width = inFlight.count
        guard width > 0 else { return .failed("response to no request") }
        if !bulk && varbinds.count != width {
            return .failed("GETNEXT response has \(varbinds.count) varbinds for \(width) requested")
        }
        var done = Set<Int>()
        var progressed = false
        for (position, varbind) in varbinds.enumerated() {
            let column = inFlight[position % width]
            if done.contains(column) { continue }
            if varbind.value == .endOfMibView || !varbind.oid.hasPrefix(columns[column]) {
                done.insert(column)
                progressed = true
                continue
            }
            if varbind.value == .noSuchObject || varbind.value == .noSuchInstance {
                done.insert(column)
                progressed = true
                continue
            }
            guard positions[column] < varbind.oid else {
                return .failed("OID not increasing: \(varbind.oid) after \(positions[column])")
            }
            positions[column] = varbind.oid
            entries[column].append(SNMPColumnEntry(
                index: varbind.oid.suffix(after: columns[column]), value: varbind.value, receivedAt: receivedAt))
            progressed = true
        }
        guard progressed else {
            return .failed("the agent answered with no values (truncated response)")
        }
        active.removeAll { done.contains($0) }
        return nextRequest()
    }

    private mutating func absorbError(status: Int, index: Int) -> Step {
        switch status {
        case 1 where bulk && maxRepetitions > 1:        // tooBig: ask for fewer rows
            maxRepetitions = max(1, maxRepetitions / 2)
            return nextRequest()
        case 2 where !bulk && index >= 1 && index <= inFlight.count:  // v1 noSuchName: that column ended
            let column = inFlight[index - 1]
            active.removeAll { $0 == column }
            return nextRequest()
        default:
            return .failed("agent error: \(SNMPColumnWalker.errorStatusName(status)) (index \(index))")
        }
    }

    /// The RFC 3416 name of an error status.
    public static func errorStatusName(_ status: Int) -> String {
        let names = [
            "noError", "tooBig", "noSuchName", "badValue", "readOnly", "genErr", "noAccess", "wrongType",
            "wrongLength", "wrongEncoding", "wrongValue", "noCreation", "inconsistentValue",
            "resourceUnavailable", "commitFailed", "undoFailed", "authorizationError", "notWritable",
            "inconsistentName",
        ]
        return status >= 0 && status < names.count ? names[status] : "error \(status)"
    }
}
