import PacketCapture

extension PeeringLANAnalyzer {
    /// The most (rule, source MAC) pairs kept per minute; violation frames of further pairs are
    /// counted in `PeeringLANMinuteSnapshot.sourceViolationsOverflow`.
    public static let maximumMinuteSources = 1_000

    /// How recently a BGP session must have been seen to count in a minute: a default BGP hold
    /// time, so that a session with 60-second keepalives counts in every minute.
    static let routeServerSessionWindow: Int64 = 180 * 1_000_000_000

    static func emptyMinuteSources() -> LANHashTable<LANViolationRecord.Key, LANViolationRecord> {
        LANHashTable(limit: maximumMinuteSources, placeholderKey: LANViolationRecord.Key(rule: 0, mac: 0, ip: .zero),
                     placeholderValue: .empty)
    }

    /// Counts `count` frames of `rule` from `mac` in the current minute (first frame kept).
    mutating func countMinuteSource(_ rule: UInt8, mac: MACAddress, frame: DecodedFrame, at time: Int64, count: UInt64) {
        let key = LANViolationRecord.Key(rule: rule, mac: mac.rawValue, ip: .zero)
        if let slot = minuteSources.slot(of: key) {
            minuteSources[slot: slot].frames &+= count
            minuteSources[slot: slot].last = time
        } else if minuteSources.insert(key, LANViolationRecord(frames: count, first: time, last: time, example: frame, exampleTime: time)) == nil {
            minuteSourcesOverflow &+= count
        }
    }

    /// Clears the per-minute member and source counters (after the snapshot is taken).
    mutating func resetMinuteAttribution() {
        for i in minuteMemberFrames.indices { minuteMemberFrames[i] = 0 }
        for i in minuteMACFrames.indices { minuteMACFrames[i] = 0 }
        if !minuteSources.isEmpty { minuteSources = Self.emptyMinuteSources() }
        minuteSourcesOverflow = 0
        if captureStatisticsLive {
            dropsAtLastClose = captureStatistics.dropped &+ captureStatistics.droppedByInterface
        }
    }

    /// Frames the capture dropped (buffer or interface) since the previous minute closed.
    var droppedSinceLastClose: UInt64 {
        guard captureStatisticsLive else { return 0 }
        let now = captureStatistics.dropped &+ captureStatistics.droppedByInterface
        return now >= dropsAtLastClose ? now - dropsAtLastClose : now
    }

    /// Each member's frames in the minute and its BGP sessions with route-server addresses seen
    /// in the `routeServerSessionWindow` before `minuteEnd`; empty without a member list.
    func memberActivity(minuteEnd: Int64) -> [PeeringLANMinuteSnapshot.MemberActivity] {
        guard let members else { return [] }
        let routeServers = members.routeServerAddresses
        var sessions = [Int](repeating: 0, count: members.asns.count)
        if !routeServers.isEmpty {
            let since = minuteEnd &- Self.routeServerSessionWindow
            for (pair, last) in bgp.sessions.entries where last > since {
                let aIsServer = routeServers.contains(pair.a)
                guard aIsServer != routeServers.contains(pair.b) else { continue }
                if let member = members.member(ip: aIsServer ? pair.b : pair.a) { sessions[member] += 1 }
            }
        }
        return members.asns.indices.map { index in
            PeeringLANMinuteSnapshot.MemberActivity(
                asn: members.asns[index],
                frames: members.hasMACs[index] ? minuteMemberFrames[index] : nil,
                routeServerSessions: routeServers.isEmpty || members.isRouteServer[index] ? nil : sessions[index])
        }
    }

    /// The frames of each listed MAC that sent any in the minute, in list order; empty without
    /// a member list.
    func macActivity() -> [PeeringLANMinuteSnapshot.MACActivity] {
        guard let members else { return [] }
        var list: [PeeringLANMinuteSnapshot.MACActivity] = []
        for (slot, frames) in minuteMACFrames.enumerated() where frames > 0 {
            list.append(PeeringLANMinuteSnapshot.MACActivity(
                mac: members.macs[slot], memberASN: members.asns[members.macOwners[slot]], frames: frames))
        }
        return list
    }

    /// The minute's violations by (rule, source MAC), worst first, with the MAC's member and
    /// the first offending frame as one line.
    func minuteSourceViolations() -> [PeeringLANMinuteSnapshot.SourceViolation] {
        var list: [PeeringLANMinuteSnapshot.SourceViolation] = []
        list.reserveCapacity(minuteSources.count)
        for (key, record) in minuteSources.entries {
            guard let rule = PeeringLANRule(rawValue: key.rule) else { continue }
            let mac = MACAddress(rawValue: key.mac)
            var memberASN: UInt32?
            if let members, let index = members.member(mac: mac) { memberASN = members.asns[index] }
            list.append(PeeringLANMinuteSnapshot.SourceViolation(
                rule: rule, severity: severities[Int(key.rule)], mac: mac,
                memberASN: memberASN, frames: record.frames,
                example: LANTimestamp.iso8601(nanoseconds: record.exampleTime) + " " + record.example.summary))
        }
        list.sort { x, y in
            if x.severity != y.severity { return x.severity > y.severity }
            if x.rule != y.rule { return x.rule.rawValue < y.rule.rawValue }
            if x.frames != y.frames { return x.frames > y.frames }
            return x.mac.rawValue < y.mac.rawValue
        }
        return list
    }
}
