import PacketCapture

/// BGP activity on the LAN: sessions (ACKs on port 179 without SYN/RST/FIN) and connection
/// attempts (SYNs to port 179), by address pair, with capped tables.
struct LANBGPTracker {
    struct Pair: Hashable, LANHashKey {
        var a: IPAddress
        var b: IPAddress
        var hashBits: UInt64 { lanMix(a.hashBits, b.hashBits) }
    }

    struct Attempts {
        var attempts: UInt64
        var source: MACAddress
        var first: Int64
        var last: Int64
        var example: DecodedFrame
    }

    let cap: Int
    private(set) var sessions: LANHashTable<Pair, Int64>
    private(set) var syns: LANHashTable<Pair, Attempts>
    private(set) var overflow: UInt64 = 0

    init(cap: Int) {
        self.cap = cap
        let none = Pair(a: .zero, b: .zero)
        sessions = LANHashTable(limit: cap, placeholderKey: none, placeholderValue: 0)
        syns = LANHashTable(
            limit: cap, placeholderKey: none,
            placeholderValue: Attempts(attempts: 0, source: MACAddress(rawValue: 0), first: 0, last: 0, example: DecodedFrame()))
    }

    /// Looks at one TCP frame with port 179 on either side.
    mutating func observe(_ frame: DecodedFrame, at time: Int64) {
        let flags = frame.tcpFlags
        typealias F = DecodedFrame.TCPFlag
        if flags & F.syn != 0 && flags & F.ack == 0 {
            guard frame.destinationPort == 179 else { return }
            let pair = Pair(a: frame.ipSource, b: frame.ipDestination)
            if let slot = syns.slot(of: pair) {
                syns[slot: slot].attempts &+= 1
                syns[slot: slot].last = time
            } else if syns.insert(pair, Attempts(attempts: 1, source: frame.source, first: time, last: time, example: frame)) == nil {
                overflow &+= 1
            }
        } else if flags & F.ack != 0 && flags & (F.syn | F.rst | F.fin) == 0 {
            let s = frame.ipSource
            let d = frame.ipDestination
            let pair = s < d ? Pair(a: s, b: d) : Pair(a: d, b: s)
            if let slot = sessions.slot(of: pair) {
                sessions[slot: slot] = time
            } else if sessions.insert(pair, time) == nil {
                overflow &+= 1
            }
        }
    }

    /// True when a session was seen between `x` and `y`.
    func hasSession(_ x: IPAddress, _ y: IPAddress) -> Bool {
        sessions.contains(x < y ? Pair(a: x, b: y) : Pair(a: y, b: x))
    }
}
