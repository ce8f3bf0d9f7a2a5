import ProbeKit
import Synchronization

/// What the ping probe keeps between rounds: its open sockets (opened once, so that they
/// outlive a drop of privileges), the next sequence number, and when each target last replied.
final class PingProbeState: Sendable {
    private struct Contents {
        var sockets: [ICMPEcho.Family: PingSocket] = [:]
        var nextSequence: UInt16 = UInt16.random(in: 0...UInt16.max)
        var lastReply: [String: Double] = [:]
        var reportedModes: Set<String> = []
        var pendingNotes: [String] = []
    }

    private let contents = Mutex(Contents())
    /// The identifier of raw-socket requests.
    let identifier = UInt16.random(in: 1...UInt16.max)

    /// The sockets for `families`, opening those not open yet from `sources`; the errors of
    /// families that cannot be opened, and notes to log once (a fallback to a raw socket), which
    /// stay pending until a call that `takesNotes`.
    func sockets(for families: Set<ICMPEcho.Family>, sources: [ICMPEcho.Family: PingAddress], modes: [PingSocket.Mode],
                 takesNotes: Bool = true)
        -> (sockets: [ICMPEcho.Family: PingSocket], errors: [ICMPEcho.Family: ProbeError], notes: [String])
    {
        contents.withLock { contents in
            var errors: [ICMPEcho.Family: ProbeError] = [:]
            for family in families.sorted(by: { $0.rawValue < $1.rawValue }) where contents.sockets[family] == nil {
                do throws(ProbeError) {
                    let socket = try PingSocket.open(family, source: sources[family], modes: modes)
                    contents.sockets[family] = socket
                    if socket.mode == .raw, contents.reportedModes.insert(family.rawValue).inserted {
                        contents.pendingNotes.append("\(family.rawValue) pings use a raw socket (CAP_NET_RAW): unprivileged ICMP sockets are not "
                            + "allowed for this group (net.ipv4.ping_group_range '\(PingSocket.pingGroupRange())')")
                    }
                } catch {
                    errors[family] = error
                }
            }
            let notes = takesNotes ? contents.pendingNotes : []
            if takesNotes { contents.pendingNotes = [] }
            return (contents.sockets.filter { families.contains($0.key) }, errors, notes)
        }
    }

    /// The first sequence number of a round of `count` requests.
    func takeSequences(_ count: Int) -> UInt16 {
        contents.withLock { contents in
            let first = contents.nextSequence
            contents.nextSequence = first &+ UInt16(truncatingIfNeeded: count)
            return first
        }
    }

    /// Records the round's replies at `time` and returns when each target last replied.
    func recordReplies(_ results: [PingTargetResult], at time: Double) -> [String: Double] {
        contents.withLock { contents in
            for result in results where !result.roundTrips.isEmpty { contents.lastReply[result.target.address] = time }
            let current = Set(results.map(\.target.address))
            contents.lastReply = contents.lastReply.filter { current.contains($0.key) }
            return contents.lastReply
        }
    }
}
