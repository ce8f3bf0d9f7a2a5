import Foundation
import IXPCore
import Testing
@testable import PingProbe
import ProbeKit

/// Rounds over real ICMP sockets to the loopback addresses: the agent's own machine answers.
/// They need either an unprivileged ICMP socket (the group in `net.ipv4.ping_group_range`) or
/// `CAP_NET_RAW`; without both they do not run.
@Suite(.enabled(if: PingHost.canPing, "neither unprivileged ICMP sockets nor CAP_NET_RAW here"))
struct PingSocketTests {
    static let hasIPv6Loopback = (try? String(contentsOfFile: "/proc/sys/net/ipv6/conf/lo/disable_ipv6", encoding: .utf8))?
        .trimmingCharacters(in: .whitespacesAndNewlines) == "0"

    func probe(_ addresses: [String], count: Int = 3, timeout: Double = 1, spacing: Double = 0.05) -> PingProbe {
        var settings = PingSettings()
        settings.pingMembers = false
        settings.targets = addresses.compactMap { PingTarget(address: $0) }
        settings.count = count
        settings.timeout = timeout
        settings.spacing = spacing
        return PingProbe(settings: settings)
    }



    @Test func theLoopbackAnswersEveryRequest() async throws {
        let addresses = ["127.0.0.1"] + (Self.hasIPv6Loopback ? ["::1"] : [])
        let output = ProbeOutputView(try await probe(addresses).collect(at: 1_000))
        for address in addresses {
            #expect(output.value("ixp_ping_loss_ratio", address) == 0, "\(address): \(output.warnings)")
            let median = try #require(output.value("ixp_ping_rtt_median_seconds", address))
            #expect(median >= 0 && median < 1)
            #expect(output.value("ixp_ping_requests", address) == 3)
            #expect(output.value("ixp_ping_last_reply_age_seconds", address) == 0)
        }
    }

    @Test func anAddressNobodyAnswersLosesEverything() async throws {
        // TEST-NET-1, not routed: the requests vanish or the kernel refuses them; either way lost.
        let output = ProbeOutputView(try await probe(["192.0.2.77", "127.0.0.1"], count: 2, timeout: 0.3).collect(at: 1_000))
        #expect(output.value("ixp_ping_loss_ratio", "192.0.2.77") == 1)
        #expect(output.value("ixp_ping_rtt_median_seconds", "192.0.2.77") == nil)
        #expect(output.value("ixp_ping_last_reply_age_seconds", "192.0.2.77") == nil)
        #expect(output.value("ixp_ping_loss_ratio", "127.0.0.1") == 0)
    }

    @Test func twoProbesAtOnceCountOnlyTheirOwnReplies() async throws {
        // Raw sockets see every echo reply of the host: each probe must take only its own.
        let first = probe(["127.0.0.1"], count: 5, spacing: 0.02)
        let second = probe(["127.0.0.1"], count: 5, spacing: 0.02)
        async let a = first.collect(at: 1_000)
        async let b = second.collect(at: 1_000)
        for output in try await [a, b].map(ProbeOutputView.init) {
            #expect(output.value("ixp_ping_loss_ratio", "127.0.0.1") == 0)
            #expect(output.value("ixp_ping_requests", "127.0.0.1") == 5)
        }
        let round = PingRound(count: 4, spacing: 0.01, timeout: 1, identifier: 7, firstSequence: 65_534, token: 42)
        let sockets = [ICMPEcho.Family.ipv4: try PingSocket.open(.ipv4, source: nil)]
        let loopback = try #require(PingTarget(address: "127.0.0.1"))
        let outcome = try #require(round.run([loopback], sockets: sockets, isCancelled: { false }))
        #expect(outcome.results.first?.roundTrips.count == 4, "sequence numbers wrap from 65535 to 0")
    }

    @Test func cancellingARoundEndsItWithoutWaitingForTheTimeout() async throws {
        // One request and 20 s for its reply: only cancellation ends it early, with an error.
        let slow = probe(["192.0.2.77"], count: 1, timeout: 20)
        let task = Task { try await slow.collect(at: 1_000) }
        try await Task.sleep(nanoseconds: 300_000_000)
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
    }

    @Test func aRefusedUnprivilegedSocketSaysWhatToChange() throws {
        do {
            let socket = try PingSocket.open(.ipv4, source: nil, modes: [.datagram])
            #expect(socket.mode == .datagram, "this group may ping without privileges")
        } catch {
            #expect(error.message.contains("net.ipv4.ping_group_range"), "\(error)")
            #expect(error.message.contains("CAP_NET_RAW"), "\(error)")
        }
    }

    @Test func aFallbackToRawSocketsIsReportedOnce() async throws {
        guard (try? PingSocket.open(.ipv4, source: nil, modes: [.datagram])) == nil else { return }
        let probe = probe(["127.0.0.1"], count: 1)
        probe.openSockets()
        let first = try await probe.collect(at: 1_000)
        #expect(first.warnings.contains { $0.contains("raw socket") }, "\(first.warnings)")
        let second = try await probe.collect(at: 1_002)
        #expect(!second.warnings.contains { $0.contains("raw socket") }, "\(second.warnings)")
    }

    @Test func withoutAnySocketTheRoundFailsWithWhatToChange() async throws {
        // Only unprivileged sockets allowed, as for an agent without CAP_NET_RAW.
        guard (try? PingSocket.open(.ipv4, source: nil, modes: [.datagram])) == nil else { return }
        var settings = PingSettings()
        settings.pingMembers = false
        settings.targets = [try #require(PingTarget(address: "127.0.0.1"))]
        let probe = PingProbe(settings: settings, socketModes: [.datagram])
        do {
            _ = try await probe.collect(at: 1_000)
            Issue.record("the round must fail")
        } catch let error as ProbeError {
            #expect(error.message.contains("ping_group_range"), "\(error)")
        }
    }

    @Test func aSourceOfTheWrongFamilyOrNotOfThisHostFails() {
        #expect(throws: ProbeError.self) { _ = try PingSocket.open(.ipv4, source: PingAddress("::1")) }
        #expect(throws: ProbeError.self) { _ = try PingSocket.open(.ipv4, source: PingAddress("192.0.2.77")) }
    }
}

/// What this host allows.
enum PingHost {
    /// Whether an ICMP socket opens (unprivileged, or raw with CAP_NET_RAW).
    static let canPing = (try? PingSocket.open(.ipv4, source: nil)) != nil
}

/// A probe output read by metric family and address.
struct ProbeOutputView {
    let output: ProbeOutput
    init(_ output: ProbeOutput) { self.output = output }
    var warnings: [String] { output.warnings }
    func value(_ family: String, _ address: String) -> Double? {
        output.metrics.first { $0.name == family }?.samples.first { $0.labels.contains { $0 == ("address", address) } }?.value
    }
}
