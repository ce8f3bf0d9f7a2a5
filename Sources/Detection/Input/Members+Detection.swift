import Members

extension Member {
    /// Whether the member list says the member is connected: an active connection, or no
    /// connection details at all (older exports list only present members).
    var isListedAsConnected: Bool { connections.isEmpty || hasActiveConnection }

    /// The speeds of its listed ports (active connections), bits per second.
    var listedPortSpeedsBitsPerSecond: [Double] {
        connections.filter(\.isActive).flatMap(\.ports).compactMap { $0.speedMbps.map { Double($0) * 1_000_000 } }
    }
}

extension MemberRegistry {
    /// The route servers' ASNs.
    var routeServerASNs: [UInt32] { routeServers.map(\.asn) }
}

extension MembershipEvent {
    /// `Name (AS64500)` or `AS64500`.
    var displayName: String {
        if let name, !name.isEmpty { return "\(name) (AS\(asn))" }
        return "AS\(asn)"
    }
}

extension MembershipHistory {
    /// How far back joins are known at `time`, in seconds: from the first snapshot, or from
    /// the earliest `member_since` a list gave (one export still dates its members' joins).
    /// Nil when nothing is known.
    func joinSpan(at time: Double) -> Double? {
        let earliest = [firstSnapshot, memberSince.values.min()].compactMap { $0 }.min()
        return earliest.map { max(0, time - $0) }
    }

    /// How far back member lists reach at `time` (leaves need two lists), in seconds.
    func snapshotSpan(at time: Double) -> Double {
        guard let first = firstSnapshot, first <= time else { return 0 }
        return time - first
    }

    /// The newest join at or before `time`.
    func lastJoin(before time: Double) -> MembershipEvent? {
        events.filter { $0.kind == .join && $0.at <= time }.max { $0.at < $1.at }
    }

    /// Members who left at or before `time` and have not come back.
    func departedASNs(at time: Double) -> [UInt32] {
        var present: [UInt32: Bool] = [:]
        for event in events.sorted(by: { $0.at < $1.at }) where event.at <= time {
            present[event.asn] = event.kind == .join
        }
        return present.filter { !$0.value }.keys.sorted()
    }
}
