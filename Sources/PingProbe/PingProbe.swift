import Foundation
public import Members
public import ProbeKit
import Synchronization
import TimeSeries
public import IXPCore

/// Pings every member router on the peering LAN: each round sends `count` ICMP (IPv4) or
/// ICMPv6 (IPv6) echo requests to every address of every connected peering member of the member
/// list, and to the extra targets, all targets at once, from one unprivileged datagram ICMP
/// socket per family (a raw socket where those are not allowed and the agent has
/// `CAP_NET_RAW`). No `ping` or `fping` process is started.
///
/// Per target it exports the round's loss, median, minimum and maximum round trip, their
/// standard deviation, and how long ago it last answered; into the store go the loss
/// (`ixp_ping_loss_ratio`, the input of `member_unreachable`) and the median
/// (`ixp_ping_rtt_median_seconds`, of `member_latency_jump`), labelled `member_asn`,
/// `address`, `family`.
public struct PingProbe: Probe {
    /// The settings.
    public let settings: PingSettings
    private let members: MemberListFile?
    private let state = PingProbeState()
    private let socketModes: [PingSocket.Mode]

    /// A probe of `settings`.
    public init(settings: PingSettings) {
        self.init(settings: settings, socketModes: [.datagram, .raw])
    }

    init(settings: PingSettings, socketModes: [PingSocket.Mode]) {
        self.settings = settings
        self.members = settings.pingMembers ? settings.memberListFile.map { MemberListFile(path: $0) } : nil
        self.socketModes = socketModes
    }

    /// Opens the sockets of both families now, where it can: the agent calls it when it starts,
    /// before it may give up root, so that raw sockets stay usable. What fails here is tried
    /// again, and reported, at the first round.
    public func openSockets() {
        _ = state.sockets(for: [.ipv4, .ipv6], sources: sourceAddresses, modes: socketModes, takesNotes: false)
    }

    /// The `source` addresses by family.
    private var sourceAddresses: [ICMPEcho.Family: PingAddress] {
        var sources: [ICMPEcho.Family: PingAddress] = [:]
        for text in settings.sources { if let address = PingAddress(text) { sources[address.family] = address } }
        return sources
    }

    public var identity: ProbeIdentity { ProbeIdentity(kind: PingSettings.kindName, name: "members") }

    public var interval: Double { settings.interval }

    /// The addresses to ping: every IPv4 and IPv6 address of the peering members the list shows
    /// as connected (not the exchange's own entry, not the route servers), then the extra
    /// targets; each address once.
    public static func targets(members: MemberRegistry?, extra: [PingTarget]) -> [PingTarget] {
        var seen = Set<String>()
        var targets: [PingTarget] = []
        for member in members?.peeringMembers ?? [] where member.connections.isEmpty || member.hasActiveConnection {
            for address in member.ipv4Addresses + member.ipv6Addresses {
                guard let target = PingTarget(address: address, memberASN: member.asn, name: member.name),
                      seen.insert(target.address).inserted else { continue }
                targets.append(target)
            }
        }
        for var target in extra where seen.insert(target.address).inserted {
            if let member = members?.member(address: target.address) {
                target.memberASN = member.asn
                target.name = target.name ?? member.name
            }
            targets.append(target)
        }
        return targets
    }

    public func collect(at time: Double) async throws -> ProbeOutput {
        let registry = members?.registry()
        if members != nil, registry == nil, settings.targets.isEmpty {
            throw ProbeError("no member list to ping: \(settings.memberListFile ?? "") has not loaded")
        }
        var targets = Self.targets(members: registry, extra: settings.targets)
        var warnings: [String] = []
        if targets.isEmpty { return ProbeOutput(warnings: ["no addresses to ping: the member list gives no router addresses"]) }

        let families = Set(targets.map(\.family))
        let opened = state.sockets(for: families, sources: sourceAddresses, modes: socketModes)
        warnings += opened.notes
        guard !opened.sockets.isEmpty else {
            throw opened.errors.sorted { $0.key.rawValue < $1.key.rawValue }.first?.value ?? ProbeError("no ICMP socket")
        }
        for (family, error) in opened.errors.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            warnings.append("\(family.rawValue) addresses are not pinged: \(error.message)")
        }
        targets = targets.filter { opened.sockets[$0.family] != nil }

        let round = PingRound(count: settings.count, spacing: settings.spacing, timeout: settings.timeout,
                              identifier: state.identifier, firstSequence: state.takeSequences(settings.count),
                              token: UInt64.random(in: 0...UInt64.max))
        let outcome = try await Self.runOnThread(round, targets: targets, sockets: opened.sockets)
        warnings += outcome.errors.map { "sending echo requests failed: \($0)" }
        let lastReply = state.recordReplies(outcome.results, at: time)
        var output = Self.output(outcome.results, lastReply: lastReply, at: time)
        output.warnings = warnings
        return output
    }

    /// Runs `round` on a thread of its own (it waits in `poll`), so that no task of the
    /// cooperative pool blocks; cancelling the calling task stops it within 100 ms.
    private static func runOnThread(_ round: PingRound, targets: [PingTarget], sockets: [ICMPEcho.Family: PingSocket])
        async throws -> (results: [PingTargetResult], errors: [String])
    {
        let cancelled = CancelFlag()
        let outcome: (results: [PingTargetResult], errors: [String])? = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let thread = Thread {
                    continuation.resume(returning: round.run(targets, sockets: sockets, isCancelled: { cancelled.isSet }))
                }
                thread.name = "ixp-health ping"
                thread.start()
            }
        } onCancel: {
            cancelled.set()
        }
        guard let outcome else { throw CancellationError() }
        return outcome
    }

    /// The metrics and store samples of one round's `results`; `lastReply` holds when each
    /// address last answered.
    public static func output(_ results: [PingTargetResult], lastReply: [String: Double], at time: Double) -> ProbeOutput {
        func family(_ name: String, _ help: String) -> MetricFamily { MetricFamily(name: name, help: help, kind: .gauge) }
        var loss = family(StoreSeries.pingLoss, "Share of the last round's echo requests to the address that got no reply (0 to 1).")
        var median = family(StoreSeries.pingMedian, "Median round-trip time of the last round's replies, in seconds.")
        var minimum = family("ixp_ping_rtt_min_seconds", "Shortest round-trip time of the last round, in seconds.")
        var maximum = family("ixp_ping_rtt_max_seconds", "Longest round-trip time of the last round, in seconds.")
        var deviation = family("ixp_ping_rtt_stddev_seconds",
                               "Standard deviation of the last round's round-trip times, in seconds (its spread).")
        var age = family("ixp_ping_last_reply_age_seconds",
                         "Seconds since the address last answered an echo request (absent until it first does).")
        var sent = family("ixp_ping_requests", "Echo requests sent to the address per round.")
        var samples: [Sample] = []
        for result in results {
            let labels = result.target.metricLabels
            let seriesLabels = result.target.seriesLabels
            loss.samples.append(MetricSample(labels: labels, value: result.loss))
            sent.samples.append(MetricSample(labels: labels, value: Double(result.sent)))
            samples.append(Sample(key: SeriesKey(name: StoreSeries.pingLoss, labels: seriesLabels), timestamp: time, value: result.loss))
            if let value = result.median {
                median.samples.append(MetricSample(labels: labels, value: value))
                samples.append(Sample(key: SeriesKey(name: StoreSeries.pingMedian, labels: seriesLabels), timestamp: time, value: value))
            }
            if let value = result.minimum { minimum.samples.append(MetricSample(labels: labels, value: value)) }
            if let value = result.maximum { maximum.samples.append(MetricSample(labels: labels, value: value)) }
            if let value = result.standardDeviation { deviation.samples.append(MetricSample(labels: labels, value: value)) }
            if let last = lastReply[result.target.address] {
                age.samples.append(MetricSample(labels: labels, value: max(0, time - last)))
            }
        }
        let families = [loss, median, minimum, maximum, deviation, age, sent].filter { !$0.samples.isEmpty }
        return ProbeOutput(samples: samples, metrics: families)
    }
}

/// A flag one thread sets and another reads.
final class CancelFlag: Sendable {
    private let flag = Atomic<Bool>(false)

    /// Whether it was set.
    var isSet: Bool { flag.load(ordering: .acquiring) }

    /// Sets it.
    func set() { flag.store(true, ordering: .releasing) }
}
