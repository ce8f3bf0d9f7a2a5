public import Foundation
public import Members
public import PacketCapture
public import ProbeKit
public import ServiceLifecycle
import Synchronization
import TimeSeries
public import IXPCore

/// The live peering-LAN probe: captures on an interface on a thread of its own, analyses every
/// frame with `PeeringLANAnalyzer`, and hands the agent one `PeeringLANMinuteSnapshot` per
/// minute, as store samples and `/metrics` families through `collect(at:)`.
///
/// It is a continuous probe: as a `Service`, `run()` opens the device when the agent's service
/// group starts and stops the capture at graceful shutdown. `start()` and `stop()` do the same
/// for a caller without a service group (`analyze-pcap` on an interface, tests): `start()` opens
/// the device (and drops privileges if configured), then returns; the capture runs until
/// `stop()`. `collect` never blocks the capture: the capture thread publishes closed minutes
/// into a small lock-protected queue (at most `maximumPendingMinutes`; older ones are dropped
/// and counted).
///
/// As an `ObservationSource` it also keeps the observations (frames, drops, violations by source
/// MAC) of the last `maximumObservedMinutes` minutes for the detector.
public final class PeeringLANProbe: Probe, Service, ObservationSource, Sendable {
    /// The state shared between the capture thread and the agent.
    private struct Shared {
        var pending: [PeeringLANMinuteSnapshot] = []
        var observed: [LANObservations] = []
        var latest: PeeringLANMinuteSnapshot?
        var droppedSnapshots = 0
        var failure: String?
        var report: PeeringLANReport?
        /// The storm baseline as of the last closed minute (or as restored, before the first).
        var baseline: PeeringLANStormBaseline?
    }

    /// Who the probe is.
    public let identity: ProbeIdentity
    /// How often the agent collects, in seconds (snapshots are per minute).
    public let interval: Double
    /// The capture options.
    public let options: LiveCaptureOptions
    private let configuration: PeeringLANConfiguration
    private let members: MemberRegistry?
    private let shared = Mutex(Shared())
    private let capture = Mutex<LiveCapture?>(nil)
    private let clock: @Sendable () -> Int64
    /// The most closed minutes kept between two collections.
    public static let maximumPendingMinutes = 1_440
    /// The most closed minutes whose observations are kept for `observations(since:)`.
    public static let maximumObservedMinutes = 60

    /// A probe on `options.interface`. `clock` gives nanoseconds since the epoch, used to close
    /// minutes when no frame arrives (injected for tests).
    public init(
        options: LiveCaptureOptions, configuration: PeeringLANConfiguration = PeeringLANConfiguration(),
        members: MemberRegistry? = nil, interval: Double = 60,
        clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1_000_000_000) }
    ) {
        self.identity = ProbeIdentity(
            kind: PeeringLANSettings.kindName, name: options.interface,
            runMetricAlias: RunMetricAlias(prefix: "ixp_lan_probe", labelName: "interface"))
        self.interval = interval
        self.options = options
        self.configuration = configuration
        self.members = members
        self.clock = clock
    }

    /// Opens the interface (needs root or CAP_NET_RAW; drops to `options.dropPrivilegesTo`
    /// afterwards) and starts the capture thread.
    public func start() throws(CaptureError) {
        let live = try LiveCapture(options: options)
        capture.withLock { $0 = live }
        let configuration = configuration
        let members = members
        let clock = clock
        let interface = options.interface
        let thread = Thread { [self] in
            var analyzer = PeeringLANAnalyzer(configuration: configuration, members: members, collectSnapshots: true)
            if let restored = self.shared.withLock({ $0.baseline }) {
                analyzer.restoreStormBaseline(restored, nowNanoseconds: clock())
            }
            let decoder = analyzer.decoder
            func publish() {
                analyzer.updateCaptureStatistics(live.statistics())
                let closed = analyzer.drainSnapshots()
                guard !closed.isEmpty else { return }
                let observed = closed.map { $0.observations(interface: interface) }
                let baseline = analyzer.stormBaseline
                self.shared.withLock { state in
                    state.baseline = baseline
                    state.observed.append(contentsOf: observed)
                    if state.observed.count > PeeringLANProbe.maximumObservedMinutes {
                        state.observed.removeFirst(state.observed.count - PeeringLANProbe.maximumObservedMinutes)
                    }
                    state.pending.append(contentsOf: closed)
                    let excess = state.pending.count - PeeringLANProbe.maximumPendingMinutes
                    if excess > 0 {
                        state.pending.removeFirst(excess)
                        state.droppedSnapshots += excess
                    }
                    state.latest = closed.last
                }
            }
            var lastMinute = Int64.min
            do {
                try live.run(decoder: decoder, onFrame: { header, frame in
                    analyzer.ingest(header, frame)
                    let minute = header.timestampNanoseconds / 60_000_000_000
                    if minute != lastMinute {
                        lastMinute = minute
                        publish()
                    }
                }, onIdle: {
                    analyzer.advanceClock(toNanoseconds: clock())
                    publish()
                })
                analyzer.finish()
                publish()
                let report = analyzer.report()
                self.shared.withLock { $0.report = report }
            } catch {
                let message = "\(error)"
                self.shared.withLock { $0.failure = message }
            }
        }
        thread.name = "ixp-lan-capture-\(options.interface)"
        thread.start()
    }

    /// Runs the capture as a service: opens the device, then captures until graceful shutdown
    /// or cancellation. Throws, naming the interface, when the device cannot be opened.
    public func run() async throws {
        do {
            try start()
        } catch {
            throw ProbeError("peering_lan: \(options.interface): \(error.message)")
        }
        try? await gracefulShutdown()
        stop()
    }

    /// Stops the capture; the thread publishes its last minute and final report, then ends.
    public func stop() {
        capture.withLock { $0?.stop() }
    }

    /// The final report, once the capture thread has ended after `stop()`.
    public var finalReport: PeeringLANReport? {
        shared.withLock { $0.report }
    }

    /// Why the capture thread ended with an error, if it did.
    public var failure: String? {
        shared.withLock { $0.failure }
    }

    /// Takes the minutes closed since the last call (for the agent or tests).
    public func takeSnapshots() -> [PeeringLANMinuteSnapshot] {
        shared.withLock { state in
            defer { state.pending.removeAll() }
            return state.pending
        }
    }

    /// The merged observations of the minutes that ended after `time` (at most the last
    /// `maximumObservedMinutes`), or nil when none did.
    public func observations(since time: Double) -> LANObservations? {
        let recent = shared.withLock { state in state.observed.filter { $0.time > time } }
        return LANObservations.merged(recent, maximumViolations: PeeringLANAnalyzer.maximumMinuteSources)
    }

    /// Returns the closed minutes as samples (per-minute frame counts per class and violation
    /// counts per rule, and per member `ixp_lan_member_frames_per_minute{member_asn}` and
    /// `ixp_lan_route_server_sessions{member_asn}`, stamped with each minute's start) and the
    /// latest totals as metric families, every one labelled with the capture's `interface`.
    /// Throws when the capture failed.
    public func collect(at time: Double) async throws -> ProbeOutput {
        let (pending, latest, failure, dropped) = shared.withLock { state in
            defer { state.pending.removeAll(); state.droppedSnapshots = 0 }
            return (state.pending, state.latest, state.failure, state.droppedSnapshots)
        }
        if let failure { throw ProbeError(failure) }
        var samples: [Sample] = []
        for snapshot in pending {
            let stamp = Double(snapshot.minuteStartNanoseconds) / 1e9
            for trafficClass in TrafficClass.allCases {
                samples.append(Sample(
                    key: SeriesKey(name: StoreSeries.lanFrames, labels: ["class": trafficClass.name]),
                    timestamp: stamp, value: Double(snapshot.frames(trafficClass))))
            }
            for rule in PeeringLANRule.allCases {
                samples.append(Sample(
                    key: SeriesKey(name: StoreSeries.lanViolations, labels: [
                        "rule": rule.id, "severity": snapshot.severityByRule[Int(rule.rawValue)].rawValue,
                    ]),
                    timestamp: stamp, value: Double(snapshot.violations(rule))))
            }
            samples.append(Sample(key: SeriesKey(name: StoreSeries.lanARPFrames), timestamp: stamp, value: Double(snapshot.arpFrames)))
            samples.append(Sample(key: SeriesKey(name: StoreSeries.lanNDFrames), timestamp: stamp, value: Double(snapshot.ndFrames)))
            samples += snapshot.memberSamples(at: stamp)
        }
        let warnings = dropped > 0 ? ["\(dropped) minute snapshots dropped: collect more often"] : []
        // Every series and metric names its capture, so that several captures (peering VLANs,
        // sites) can run in one agent.
        let interface = Label(name: "interface", value: options.interface)
        samples = samples.map { sample in
            Sample(key: SeriesKey(name: sample.key.name, labelList: sample.key.labels + [interface]),
                   timestamp: sample.timestamp, value: sample.value)
        }
        let metrics = (latest?.metrics ?? []).map { family in
            var family = family
            family.samples = family.samples.map { sample in
                MetricSample(labels: [(name: "interface", value: options.interface)] + sample.labels, value: sample.value)
            }
            return family
        }
        return ProbeOutput(samples: samples, metrics: metrics, warnings: warnings)
    }
}

extension PeeringLANProbe: PersistentStateProbe {
    /// `peering_lan/<interface>`.
    public var persistentStateKey: String { "peering_lan/\(options.interface)" }

    /// The storm baseline (JSON) as of the last closed minute, nil before any.
    public func persistentState() throws -> Data? {
        guard let baseline = shared.withLock({ $0.baseline }), !baseline.isEmpty else { return nil }
        return try JSONEncoder().encode(baseline)
    }

    /// Takes back a saved storm baseline; the capture starts from it. Call before `start()`.
    public func restorePersistentState(_ data: Data) throws {
        let baseline = try JSONDecoder().decode(PeeringLANStormBaseline.self, from: data)
        shared.withLock { $0.baseline = baseline }
    }
}
