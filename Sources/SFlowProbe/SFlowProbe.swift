import Foundation
public import Members
public import ProbeKit
public import ServiceLifecycle
import Synchronization
import TimeSeries
public import IXPCore

/// The sFlow collector: listens for sFlow version 5 datagrams from the exchange's switches on
/// a UDP port, on a thread of its own, decodes each one and adds its flow samples to a
/// `SFlowTrafficMatrix` of who sends how much to whom (source and destination MAC mapped to
/// members through the member list's MACs).
///
/// It is a continuous probe: as a `Service`, `run()` binds the port when the agent's service
/// group starts and stops at graceful shutdown; `start()` and `stop()` do the same without
/// one. `collect(at:)` never blocks the listener: it copies the matrix under a lock and turns
/// it into `/metrics` families and store samples (bytes per second per listed member pair and
/// `other`, and per member sent and received; see `SFlowPairExport`).
///
/// Memory is bounded: one 64 KiB receive buffer, the matrix's bounded pairs and agents.
public final class SFlowProbe: Probe, Service, Sendable {
    /// The collector's settings.
    public let settings: SFlowSettings
    private let memberSource: @Sendable () -> MemberRegistry?
    private let matrix: Mutex<SFlowTrafficMatrix>
    private let export: Mutex<SFlowPairExport>
    private let members = Mutex<SFlowMemberMap>(.empty)
    private let listener = Mutex<(socket: SFlowSocket?, stopping: Bool, failure: String?)>((nil, false, nil))
    private let decoder = SFlowDecoder()

    /// A collector with `settings`; `members` gives the member list (read again every minute
    /// by the listener thread, nil when none has loaded).
    public init(settings: SFlowSettings, members: @escaping @Sendable () -> MemberRegistry? = { nil }) {
        self.settings = settings
        self.memberSource = members
        self.matrix = Mutex(SFlowTrafficMatrix(maximumPairs: settings.maximumPairs))
        self.export = Mutex(SFlowPairExport(limit: settings.topPairs))
        if let registry = members() { self.members.withLock { $0 = SFlowMemberMap(registry: registry) } }
    }

    public var identity: ProbeIdentity { ProbeIdentity(kind: SFlowSettings.kindName, name: settings.listen.description) }

    public var interval: Double { settings.interval }

    /// The UDP port bound, once started (the chosen one when the settings ask for port 0).
    public var boundPort: UInt16? { listener.withLock { $0.socket?.port } }

    /// Binds the port and starts the listener thread.
    public func start() throws(ProbeError) {
        let socket = try SFlowSocket(settings.listen, receiveBufferBytes: settings.receiveBufferBytes)
        listener.withLock { $0.socket = socket; $0.stopping = false }
        let thread = Thread { [self] in
            let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 65_536, alignment: 8)
            defer { buffer.deallocate() }
            var lastMemberRefresh = Date()
            var map = members.withLock { $0 }
            var sinceCheck = 0
            while true {
                guard let count = socket.receive(into: buffer) else {
                    let text = SFlowSocket.errnoText()
                    listener.withLock { $0.failure = "receiving on UDP \(settings.listen) failed: \(text)" }
                    return
                }
                // The stop request and the member list are looked at when idle and every 256
                // datagrams, not for each one.
                sinceCheck += 1
                if count == 0 || sinceCheck >= 256 {
                    sinceCheck = 0
                    if listener.withLock({ $0.stopping }) { return }
                    if Date().timeIntervalSince(lastMemberRefresh) >= 60 {
                        lastMemberRefresh = Date()
                        refreshMembers()
                    }
                    map = members.withLock { $0 }
                }
                guard count > 0 else { continue }
                receive(UnsafeRawBufferPointer(rebasing: buffer[0..<count]), members: map)
            }
        }
        thread.name = "ixp-sflow-\(settings.listen.port)"
        thread.start()
    }

    /// Listens as a service until graceful shutdown or cancellation.
    public func run() async throws {
        try start()
        try? await gracefulShutdown()
        stop()
    }

    /// Asks the listener thread to end (within its 200 ms receive timeout) and closes the port.
    public func stop() {
        listener.withLock { $0.stopping = true; $0.socket = nil }
    }

    /// Attributes traffic through `map` from now on (until the member list is read again).
    public func setMembers(_ map: SFlowMemberMap) {
        members.withLock { $0 = map }
    }

    /// Reads the member list again.
    public func refreshMembers() {
        guard let registry = memberSource() else { return }
        let map = SFlowMemberMap(registry: registry)
        members.withLock { $0 = map }
    }

    /// Decodes and counts one datagram, attributing it through the current member map (tests
    /// and tools; the listener thread keeps its own copy of the map).
    public func receive(_ bytes: UnsafeRawBufferPointer) {
        receive(bytes, members: members.withLock { $0 })
    }

    private func receive(_ bytes: UnsafeRawBufferPointer, members map: SFlowMemberMap) {
        do {
            let datagram = try decoder.decode(bytes)
            matrix.withLock { $0.add(datagram, members: map) }
        } catch {
            matrix.withLock { $0.reject(error.reason) }
        }
    }

    /// Decodes and counts one datagram from a byte array.
    public func receive(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { receive($0) }
    }

    /// The totals so far.
    public var totals: SFlowTrafficMatrix { matrix.withLock { $0 } }

    public func collect(at time: Double) async throws -> ProbeOutput {
        if let failure = listener.withLock({ $0.failure }) { throw ProbeError(failure) }
        let snapshot = matrix.withLock { $0 }
        let memberASNs = members.withLock { $0.asns }
        let (pairBytes, pairPackets, samples) = export.withLock { $0.export(snapshot, members: memberASNs, at: time) }
        return ProbeOutput(samples: samples, metrics: Self.families(snapshot) + [pairBytes, pairPackets])
    }

    /// The collector's own counters and the per-member protocol mix of `matrix`.
    static func families(_ matrix: SFlowTrafficMatrix) -> [MetricFamily] {
        var datagrams = MetricFamily(name: "ixp_sflow_datagrams_total",
                                     help: "sFlow datagrams received, by result: decoded, or why they were rejected.", kind: .counter)
        datagrams.samples.append(MetricSample(labels: [("result", "decoded")], value: matrix.decodedDatagrams))
        for reason in SFlowDecodeError.Reason.allCases {
            datagrams.samples.append(MetricSample(labels: [("result", reason.rawValue)], value: matrix.rejectedDatagrams[reason] ?? 0))
        }
        let samples = MetricFamily(
            name: "ixp_sflow_samples_total", help: "sFlow samples read from decoded datagrams, by type.", kind: .counter,
            samples: [
                MetricSample(labels: [("type", "flow")], value: matrix.flowSamples),
                MetricSample(labels: [("type", "counter")], value: matrix.counterSamples),
                MetricSample(labels: [("type", "other")], value: matrix.otherSamples),
            ])
        var lost = MetricFamily(name: "ixp_sflow_lost_datagrams_total",
                                help: "Datagrams missing from an sFlow agent's sequence numbers (lost on the way or dropped by the collector's socket).",
                                kind: .counter)
        var received = MetricFamily(name: "ixp_sflow_agent_datagrams_total", help: "Datagrams decoded, by sFlow agent.", kind: .counter)
        for (agent, state) in matrix.agents.sorted(by: { $0.key < $1.key }) {
            lost.samples.append(MetricSample(labels: [("agent", agent)], value: state.lost))
            received.samples.append(MetricSample(labels: [("agent", agent)], value: state.received))
        }
        let unmatched = MetricFamily(
            name: "ixp_sflow_unmatched_bytes_total",
            help: "Estimated bytes not between two members: from or to a MAC no member lists, broadcast and multicast.",
            kind: .counter, samples: [MetricSample(labels: [], value: matrix.unmatched.bytes)])
        let unattributable = MetricFamily(
            name: "ixp_sflow_unattributable_samples_total",
            help: "Flow samples with neither an Ethernet header nor an Ethernet frame record.",
            kind: .counter, samples: [MetricSample(labels: [], value: matrix.unattributableSamples)])
        var protocols = MetricFamily(name: "ixp_sflow_member_protocol_bytes_total",
                                     help: "Estimated bytes each member sends, by protocol (ipv4, ipv6, arp, other).", kind: .counter)
        for (asn, bytes) in matrix.memberProtocolBytes.sorted(by: { $0.key < $1.key }) {
            for kind in SFlowTrafficMatrix.TrafficProtocol.allCases {
                protocols.samples.append(MetricSample(labels: [("member_asn", String(asn)), ("protocol", kind.name)], value: bytes[kind.rawValue]))
            }
        }
        return [datagrams, samples, lost, received, unmatched, unattributable, protocols]
    }
}
