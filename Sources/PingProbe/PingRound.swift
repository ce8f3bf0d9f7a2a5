import Dispatch
#if canImport(Glibc)
import Glibc
#endif

/// One round of echo requests: `count` requests to every target, a burst to all targets every
/// `spacing` seconds, then replies awaited until `timeout` after the last request. Replies are
/// matched by sender, sequence number, payload (the round's token) and, on raw sockets,
/// identifier; anything else (another program's replies, a late reply of an earlier round) is
/// ignored. Runs on the calling thread, waiting in `poll` at most 100 ms at a time so that
/// `isCancelled` stops it promptly.
struct PingRound {
    /// Requests per target.
    var count: Int
    /// Seconds between one target's requests.
    var spacing: Double
    /// Seconds a reply may take.
    var timeout: Double
    /// The identifier of the requests (raw sockets; datagram sockets get the kernel's).
    var identifier: UInt16
    /// The sequence number of the first request; the k-th has `firstSequence + k`.
    var firstSequence: UInt16
    /// The round's token, carried in every payload.
    var token: UInt64

    /// The payload of every request of the round: a tag and the token.
    var payload: [UInt8] {
        Array("ixp-hlth".utf8) + (0..<8).map { UInt8(truncatingIfNeeded: token >> (56 - 8 * $0)) }
    }

    /// The outcome: a result per target, in `targets` order, and the send errors seen (one per
    /// kind of error, with a target). Nil when cancelled.
    func run(_ targets: [PingTarget], sockets: [ICMPEcho.Family: PingSocket], isCancelled: () -> Bool)
        -> (results: [PingTargetResult], errors: [String])?
    {
        let addresses = targets.map { PingAddress($0.address) }
        var index: [String: Int] = [:]
        for (position, target) in targets.enumerated() { index[target.address] = position }
        var sentAt = [[Double]](repeating: [Double](repeating: .nan, count: count), count: targets.count)
        var roundTrips = [[Double]](repeating: [Double](repeating: .nan, count: count), count: targets.count)
        var errors: [Int32: String] = [:]
        let payload = self.payload
        let requests = ICMPEcho.Family.allCases.reduce(into: [ICMPEcho.Family: [[UInt8]]]()) { requests, family in
            requests[family] = (0..<count).map {
                ICMPEcho(family: family, identifier: identifier, sequence: firstSequence &+ UInt16(truncatingIfNeeded: $0),
                         payload: payload).request()
            }
        }
        let readers = sockets.values.sorted { $0.family.rawValue < $1.family.rawValue }
        var descriptors = readers.map { pollfd(fd: $0.descriptor, events: Int16(POLLIN), revents: 0) }
        var buffer = [UInt8](repeating: 0, count: 2048)
        let start = Self.now()
        var burst = 0
        var lastSend = start
        var outstanding = 0

        while true {
            if isCancelled() { return nil }
            var now = Self.now()
            while burst < count, now >= start + Double(burst) * spacing {
                for (position, target) in targets.enumerated() {
                    guard let socket = sockets[target.family], let address = addresses[position],
                          let request = requests[target.family]?[burst] else { continue }
                    let time = Self.now()
                    if let code = socket.send(request, to: address) {
                        if errors[code] == nil { errors[code] = "\(target.address): \(PingSocket.describe(code))" }
                    } else {
                        sentAt[position][burst] = time
                        outstanding += 1
                    }
                }
                lastSend = Self.now()
                burst += 1
                now = lastSend
            }
            let deadline = lastSend + timeout
            if burst == count, now >= deadline || outstanding == 0 { break }
            let nextEvent = burst < count ? min(start + Double(burst) * spacing, deadline) : deadline
            let wait = Int32(max(0, min(0.1, nextEvent - now)) * 1000) + 1
            let ready = poll(&descriptors, nfds_t(descriptors.count), wait)
            guard ready > 0 else { continue }
            for (position, socket) in readers.enumerated() where descriptors[position].revents != 0 {
                descriptors[position].revents = 0
                while let message = socket.receive(into: &buffer) {
                    let received = Self.now()
                    guard let sender = message.sender, let target = index[sender],
                          let reply = ICMPEcho.reply(buffer[0..<message.length], family: socket.family,
                                                     includesIPHeader: socket.includesIPHeader),
                          socket.mode == .datagram || reply.identifier == identifier,
                          reply.payload == payload else { continue }
                    let k = Int(reply.sequence &- firstSequence)
                    guard k < count, !sentAt[target][k].isNaN, roundTrips[target][k].isNaN else { continue }
                    let roundTrip = received - sentAt[target][k]
                    guard roundTrip <= timeout else { continue }
                    roundTrips[target][k] = max(0, roundTrip)
                    outstanding -= 1
                }
            }
        }
        let results = targets.enumerated().map { position, target in
            PingTargetResult(target: target, sent: count, roundTrips: roundTrips[position].filter { !$0.isNaN })
        }
        return (results, errors.keys.sorted().compactMap { errors[$0] })
    }

    /// Seconds on the monotonic clock.
    static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9
    }
}
