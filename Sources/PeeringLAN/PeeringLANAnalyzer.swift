public import Members
public import PacketCapture
import IXPCore

/// Analyses peering-LAN frames: counts classes, applies the rules of `PeeringLANRule`, tracks
/// ARP/ND health, BGP sessions and MAC ownership, and produces a `PeeringLANReport` and
/// per-minute `PeeringLANMinuteSnapshot`s.
///
/// Built for line rate: `ingest` does no allocation and no string work for ordinary frames;
/// counters live in flat arrays, tables are keyed by integer MACs and addresses and are capped
/// (`maximumTrackedEntries`, `maximumViolations`), with overflow counters beyond the caps.
/// Time is the frames' own capture time, so a file and a live capture behave the same.
public struct PeeringLANAnalyzer {
    /// The configuration in force.
    public let configuration: PeeringLANConfiguration
    /// The frame decoder to use with this analyser (it knows the LAN broadcast address).
    public let decoder: FrameDecoder

    let members: LANMemberIndex?
    private let forbiddenRule: [Int]
    let severities: [Severity]
    private let collectSnapshots: Bool
    private let checksSourceMACs: Bool
    /// The member list's MAC table alone (MAC → position in `members.macs`), for the per-frame
    /// source check (no struct copy).
    private let macSlotByMAC: LANHashTable<MACAddress, Int>
    /// The member index owning each listed MAC, by position in `members.macs`.
    private let macOwners: [Int]

    // Totals of the closed minutes (the current minute's are in minuteClassCounts etc.).
    var classCounts = [UInt64](repeating: 0, count: TrafficClass.count)
    var labelCounts = [UInt64](repeating: 0, count: TrafficClass.count * ProtocolLabel.count)
    var framesTotal: UInt64 = 0
    var bytesTotal: UInt64 = 0
    var vlanTagged: UInt64 = 0
    var firstTime: Int64 = .min
    var lastTime: Int64 = .min
    var violationTotals = [UInt64](repeating: 0, count: PeeringLANRule.count)

    // The current minute.
    var currentMinute: Int64 = .min
    var currentMinuteEnd: Int64 = .min
    var minuteClassCounts = [UInt64](repeating: 0, count: TrafficClass.count)
    var minuteBytes: UInt64 = 0
    var minuteVLANTagged: UInt64 = 0
    var minuteViolations = [UInt64](repeating: 0, count: PeeringLANRule.count)
    var snapshots: [PeeringLANMinuteSnapshot] = []
    var captureStatistics = CaptureStatistics()
    var captureStatisticsLive = false

    // Trackers.
    var arp: LANNeighborTracker
    var nd: LANNeighborTracker
    var bgp: LANBGPTracker
    var violations: LANHashTable<LANViolationRecord.Key, LANViolationRecord>
    var violationsOverflow: UInt64 = 0
    var claims: LANHashTable<IPAddress, [MACAddress]>
    var conflicts: Set<IPAddress> = []
    var answers: LANHashTable<MACAddress, [IPAddress]>
    var proxySuspects: Set<MACAddress> = []
    var tableOverflow: UInt64 = 0

    // The current minute, per member and per source (see PeeringLANAnalyzer+Attribution).
    /// Frames from each member's MACs in the current minute, by member index.
    var minuteMemberFrames: [UInt64]
    /// Frames from each listed MAC in the current minute, by position in `members.macs`: one
    /// counter per MAC of the member list, none for other MACs (bounded by the list).
    var minuteMACFrames: [UInt64]
    /// The current minute's violations by (rule, source MAC), at most `maximumMinuteSources`.
    var minuteSources: LANHashTable<LANViolationRecord.Key, LANViolationRecord>
    /// Violation frames of the current minute whose (rule, source) did not fit.
    var minuteSourcesOverflow: UInt64 = 0
    /// The capture's cumulative drops when the previous minute closed.
    var dropsAtLastClose: UInt64 = 0
    /// The last minute closed (minutes since the epoch), for the storm baseline.
    var lastClosedMinute: Int64?
    private var lastSource = MACAddress(rawValue: 0)
    private var lastSourceSlot = Int.min

    /// An analyser. With a member registry it also checks `unknown_mac`, `ip_conflict`
    /// against ownership, and route-server sessions. With `collectSnapshots` it keeps one
    /// `PeeringLANMinuteSnapshot` per minute until `drainSnapshots()` takes them.
    public init(
        configuration: PeeringLANConfiguration = PeeringLANConfiguration(), members: MemberRegistry? = nil,
        collectSnapshots: Bool = false
    ) {
        self.configuration = configuration
        self.decoder = FrameDecoder(lanBroadcast: configuration.lanBroadcast.flatMap { IPAddress($0)?.ipv4 })
        let index = members.map { LANMemberIndex(registry: $0, configuration: configuration) }
        self.members = index
        self.checksSourceMACs = index?.knowsMACs ?? false
        self.macSlotByMAC = index?.macSlots
            ?? LANHashTable(limit: 1, placeholderKey: MACAddress(rawValue: 0), placeholderValue: -1)
        self.macOwners = index?.macOwners ?? []
        self.forbiddenRule = TrafficClass.allCases.map { trafficClass in
            guard let rule = PeeringLANRule.forbidden(trafficClass), !configuration.allows(trafficClass) else { return -1 }
            return Int(rule.rawValue)
        }
        self.severities = PeeringLANRule.allCases.map { configuration.severity(of: $0) }
        self.collectSnapshots = collectSnapshots
        let cap = max(1, configuration.maximumTrackedEntries)
        self.arp = LANNeighborTracker(thresholds: configuration.arp, cap: cap)
        self.nd = LANNeighborTracker(thresholds: configuration.nd, cap: cap)
        self.bgp = LANBGPTracker(cap: cap)
        self.violations = LANHashTable(
            limit: max(1, configuration.maximumViolations),
            placeholderKey: LANViolationRecord.Key(rule: 0, mac: 0, ip: .zero), placeholderValue: .empty)
        self.claims = LANHashTable(limit: cap, placeholderKey: .zero, placeholderValue: [])
        self.answers = LANHashTable(limit: cap, placeholderKey: MACAddress(rawValue: 0), placeholderValue: [])
        self.minuteMemberFrames = [UInt64](repeating: 0, count: index?.asns.count ?? 0)
        self.minuteMACFrames = [UInt64](repeating: 0, count: index?.macs.count ?? 0)
        self.minuteSources = Self.emptyMinuteSources()
    }

    /// Counts and checks one frame. Frames should come in capture order.
    public mutating func ingest(_ header: FrameHeader, _ frame: DecodedFrame) {
        let time = header.timestampNanoseconds
        if time >= currentMinuteEnd {  // one comparison per frame; divide only at a new minute
            let minute = LANMinute.of(time)
            if minute > currentMinute { advance(to: minute, now: time) }
        }
        let minute = currentMinute
        if firstTime == .min { firstTime = time }
        lastTime = time
        framesTotal &+= 1
        // Per frame only the minute's counters move; closeMinute folds them into the totals.
        minuteBytes &+= UInt64(header.wireLength)
        let c = Int(frame.trafficClass.rawValue)
        minuteClassCounts[c] &+= 1
        if frame.vlanTags != 0 {
            minuteVLANTagged &+= 1
        }
        if frame.label != .none {
            labelCounts[c &* ProtocolLabel.count &+ Int(frame.label.rawValue)] &+= 1
        }
        let rule = forbiddenRule[c]
        if rule >= 0 {
            violate(UInt8(truncatingIfNeeded: rule), mac: frame.source, ip: .zero, frame: frame, at: time)
        }
        // A frame too short for an Ethernet header has no source to check or attribute: the
        // decoder says so (the capture header's length is not trusted for it).
        if checksSourceMACs && frame.hasEthernetHeader {
            checkSource(frame, at: time)
        }
        switch frame.trafficClass {
        case .arpRequest, .arpReply:
            handleARP(frame, at: time, minute: minute)
        case .ndNS, .ndNA:
            handleND(frame, at: time, minute: minute)
        case .ipv4Unicast, .ipv6Unicast:
            if frame.hasPorts && frame.ipProtocol == 6 && (frame.sourcePort == 179 || frame.destinationPort == 179) {
                bgp.observe(frame, at: time)
            }
        default:
            break
        }
    }

    /// Moves time forward with no frame (a live capture that is idle): closes every minute
    /// that ended before `nanoseconds`.
    public mutating func advanceClock(toNanoseconds nanoseconds: Int64) {
        let minute = LANMinute.of(nanoseconds)
        if currentMinute != .min && minute > currentMinute { advance(to: minute, now: nanoseconds) }
    }

    /// Records the capture's cumulative drop counters (live capture); checked against
    /// `capture_drop_ratio` when the minute closes.
    public mutating func updateCaptureStatistics(_ statistics: CaptureStatistics) {
        captureStatistics = statistics
        captureStatisticsLive = true
    }

    /// Closes the current minute, so that its storms and dead targets count; call once at the
    /// end of a file, before `report()`.
    public mutating func finish() {
        guard currentMinute != .min else { return }
        recordDeadBGPPeers()
        closeMinute(currentMinute, now: lastTime)
        currentMinute = currentMinute &+ 1
        currentMinuteEnd = currentMinute &* LANMinute.nanoseconds &+ LANMinute.nanoseconds
    }

    /// The snapshots of the minutes closed since the last call (needs `collectSnapshots`).
    public mutating func drainSnapshots() -> [PeeringLANMinuteSnapshot] {
        defer { snapshots.removeAll() }
        return snapshots
    }

    // MARK: - Rules

    @inline(__always)
    mutating func violate(
        _ rule: UInt8, mac: MACAddress, ip: IPAddress, frame: DecodedFrame, at time: Int64, count: UInt64 = 1,
        firstTime: Int64? = nil
    ) {
        let r = Int(rule)
        minuteViolations[r] &+= count
        violationTotals[r] &+= count
        let key = LANViolationRecord.Key(rule: rule, mac: mac.rawValue, ip: ip)
        if let slot = violations.slot(of: key) {
            violations[slot: slot].frames &+= count
            violations[slot: slot].last = time
        } else {
            let first = firstTime ?? time
            let record = LANViolationRecord(frames: count, first: first, last: time, example: frame, exampleTime: first)
            if violations.insert(key, record) == nil { violationsOverflow &+= count }
        }
        if mac.rawValue != 0 {
            countMinuteSource(rule, mac: mac, frame: frame, at: firstTime ?? time, count: count)
        }
    }

    private mutating func checkSource(_ frame: DecodedFrame, at time: Int64) {
        if frame.source != lastSource || lastSourceSlot == .min {
            lastSource = frame.source
            lastSourceSlot = macSlotByMAC.value(for: frame.source) ?? -1
        }
        if lastSourceSlot < 0 {
            violate(PeeringLANRule.unknownMAC.rawValue, mac: frame.source, ip: .zero, frame: frame, at: time)
        } else {
            minuteMACFrames[lastSourceSlot] &+= 1
            minuteMemberFrames[macOwners[lastSourceSlot]] &+= 1
        }
    }

    private mutating func handleARP(_ frame: DecodedFrame, at time: Int64, minute: Int64) {
        arp.countFrame(frame, at: time)
        let senderMAC = frame.arpSenderMAC
        if frame.arpSenderIP != 0 {
            let sender = IPAddress(ipv4: frame.arpSenderIP)
            arp.sender(sender, at: time)
            claim(sender, by: senderMAC, frame: frame, at: time)
        }
        if frame.trafficClass == .arpRequest {
            guard frame.arpSenderIP != frame.arpTargetIP else { return }  // gratuitous
            let target = IPAddress(ipv4: frame.arpTargetIP)
            let outcome = arp.request(from: frame.source, for: target, frame: frame, at: time, minute: minute)
            if outcome.fromFlooder {
                violate(PeeringLANRule.arpFlooder.rawValue, mac: frame.source, ip: .zero, frame: frame, at: time)
            }
            if outcome.forDeadTarget {
                violate(PeeringLANRule.deadIP.rawValue, mac: MACAddress(rawValue: 0), ip: target, frame: frame, at: time)
                // The report keeps one record per dead address; the detector's per-minute
                // observations name who keeps asking for it (a member with a stale session).
                countMinuteSource(PeeringLANRule.deadIP.rawValue, mac: frame.source, frame: frame, at: time, count: 1)
            }
        } else if frame.arpSenderIP != 0 {
            answer(IPAddress(ipv4: frame.arpSenderIP), by: senderMAC, frame: frame, at: time)
        }
    }

    private mutating func handleND(_ frame: DecodedFrame, at time: Int64, minute: Int64) {
        nd.countFrame(frame, at: time)
        let source = frame.ipSource
        if frame.trafficClass == .ndNS {
            guard source != .zero else { return }  // duplicate address detection
            nd.sender(source, at: time)
            claim(source, by: frame.source, frame: frame, at: time)
            let target = frame.ndTarget
            let outcome = nd.request(from: frame.source, for: target, frame: frame, at: time, minute: minute)
            if outcome.fromFlooder {
                violate(PeeringLANRule.ndFlooder.rawValue, mac: frame.source, ip: .zero, frame: frame, at: time)
            }
            if outcome.forDeadTarget {
                violate(PeeringLANRule.ndDeadIP.rawValue, mac: MACAddress(rawValue: 0), ip: target, frame: frame, at: time)
                countMinuteSource(PeeringLANRule.ndDeadIP.rawValue, mac: frame.source, frame: frame, at: time, count: 1)
            }
        } else {
            nd.sender(frame.ndTarget, at: time)
            claim(frame.ndTarget, by: frame.source, frame: frame, at: time)
        }
    }

    /// `mac` says it has `ip` (ARP sender, NA target, NS source).
    private mutating func claim(_ ip: IPAddress, by mac: MACAddress, frame: DecodedFrame, at time: Int64) {
        let rule = PeeringLANRule.ipConflict.rawValue
        if let slot = claims.slot(of: ip) {
            if claims[slot: slot].contains(mac) {
                if !conflicts.isEmpty, conflicts.contains(ip),
                   violations.contains(LANViolationRecord.Key(rule: rule, mac: mac.rawValue, ip: ip)) {
                    violate(rule, mac: mac, ip: ip, frame: frame, at: time)
                }
                return
            }
            if claims[slot: slot].count < 8 { claims[slot: slot].append(mac) }
            conflicts.insert(ip)
            let culprit = ownerConflict(ip, mac) ? mac : (claimantNotOwner(ip, claims[slot: slot]) ?? mac)
            violate(rule, mac: culprit, ip: ip, frame: frame, at: time)
        } else if claims.insert(ip, [mac]) != nil {
            if ownerConflict(ip, mac) {
                conflicts.insert(ip)
                violate(rule, mac: mac, ip: ip, frame: frame, at: time)
            }
        } else {
            tableOverflow &+= 1
        }
    }

    /// True when the member list says `ip` belongs to a member that `mac` is not.
    private func ownerConflict(_ ip: IPAddress, _ mac: MACAddress) -> Bool {
        guard let members, let owner = members.member(ip: ip) else { return false }
        if let holder = members.member(mac: mac) { return holder != owner }
        return members.hasMACs[owner]
    }

    private func claimantNotOwner(_ ip: IPAddress, _ macs: [MACAddress]) -> MACAddress? {
        macs.last { ownerConflict(ip, $0) }
    }

    /// `mac` answered an ARP request for `ip`.
    private mutating func answer(_ ip: IPAddress, by mac: MACAddress, frame: DecodedFrame, at time: Int64) {
        let rule = PeeringLANRule.proxyARP.rawValue
        if let slot = answers.slot(of: mac) {
            var added = false
            if !answers[slot: slot].contains(ip) && answers[slot: slot].count < 16 {
                answers[slot: slot].append(ip)
                added = true
            }
            if !proxySuspects.isEmpty && proxySuspects.contains(mac) {
                violate(rule, mac: mac, ip: .zero, frame: frame, at: time)
            } else if added && distinctOwners(of: answers[slot: slot], mac: mac) >= max(1, configuration.proxyARPMinimumAddresses) {
                proxySuspects.insert(mac)
                violate(rule, mac: mac, ip: .zero, frame: frame, at: time)
            }
        } else if answers.insert(mac, [ip]) != nil {
            if configuration.proxyARPMinimumAddresses <= 1 {
                proxySuspects.insert(mac)
                violate(rule, mac: mac, ip: .zero, frame: frame, at: time)
            }
        } else {
            tableOverflow &+= 1
        }
    }

    /// The number of addresses answered, with all the addresses of `mac`'s own member counted once.
    private func distinctOwners(of ips: [IPAddress], mac: MACAddress) -> Int {
        guard let members, let own = members.member(mac: mac) else { return ips.count }
        let foreign = ips.filter { members.member(ip: $0) != own }.count
        return foreign + (foreign < ips.count ? 1 : 0)
    }

    // MARK: - Minutes

    private mutating func advance(to minute: Int64, now: Int64) {
        if currentMinute != .min {
            closeMinute(currentMinute, now: now)
            let gap = minute - currentMinute - 1
            if gap > 0 {
                arp.idleMinutes(gap)
                nd.idleMinutes(gap)
            }
        }
        currentMinute = minute
        currentMinuteEnd = minute &* LANMinute.nanoseconds &+ LANMinute.nanoseconds
    }

    /// Closes the minute of one neighbour tracker (ARP or ND): raises its storm and dead-address
    /// violations and returns the minute's frame and request counts.
    private mutating func closeNeighborMinute(
        _ tracker: WritableKeyPath<PeeringLANAnalyzer, LANNeighborTracker>, minute: Int64, now: Int64,
        stormRule: PeeringLANRule, deadRule: PeeringLANRule
    ) -> (frames: UInt64, requests: UInt64) {
        let minuteEnd = minute &* LANMinute.nanoseconds &+ LANMinute.nanoseconds &- 1
        let frames = self[keyPath: tracker].framesThisMinute
        let requests = self[keyPath: tracker].requestsThisMinute
        let example = (self[keyPath: tracker].firstFrameThisMinute, self[keyPath: tracker].firstFrameTimeThisMinute)
        let result = self[keyPath: tracker].closeMinute(minute, now: minuteEnd)
        if result.storm {
            violate(stormRule.rawValue, mac: MACAddress(rawValue: 0), ip: .zero, frame: example.0,
                    at: min(now, minuteEnd), count: frames, firstTime: example.1)
        }
        for event in result.dead {
            violate(deadRule.rawValue, mac: MACAddress(rawValue: 0), ip: event.ip, frame: event.firstRequest,
                    at: min(now, minuteEnd), count: event.requests, firstTime: event.firstRequestTime)
        }
        return (frames, requests)
    }

    private mutating func closeMinute(_ minute: Int64, now: Int64) {
        let minuteStart = minute &* LANMinute.nanoseconds
        let minuteEnd = minuteStart &+ LANMinute.nanoseconds &- 1
        lastClosedMinute = minute
        let (arpFrames, arpRequests) = closeNeighborMinute(
            \.arp, minute: minute, now: now, stormRule: .arpStorm, deadRule: .deadIP)
        let (ndFrames, ndRequests) = closeNeighborMinute(
            \.nd, minute: minute, now: now, stormRule: .ndStorm, deadRule: .ndDeadIP)
        if captureStatisticsLive && captureStatistics.dropRatio > configuration.captureDropRatio {
            let key = LANViolationRecord.Key(rule: PeeringLANRule.captureDrops.rawValue, mac: 0, ip: .zero)
            let already = violations.value(for: key)?.frames ?? 0
            let dropped = captureStatistics.dropped
            if dropped > already {
                violate(PeeringLANRule.captureDrops.rawValue, mac: MACAddress(rawValue: 0), ip: .zero,
                        frame: DecodedFrame(), at: min(now, minuteEnd), count: dropped - already)
            }
        }
        for i in minuteClassCounts.indices { classCounts[i] &+= minuteClassCounts[i] }
        bytesTotal &+= minuteBytes
        vlanTagged &+= minuteVLANTagged
        if collectSnapshots {
            snapshots.append(makeSnapshot(
                minuteStart: minuteStart, arpFrames: arpFrames, arpRequests: arpRequests, ndFrames: ndFrames,
                ndRequests: ndRequests))
        }
        for i in minuteClassCounts.indices { minuteClassCounts[i] = 0 }
        for i in minuteViolations.indices { minuteViolations[i] = 0 }
        resetMinuteAttribution()
        minuteBytes = 0
        minuteVLANTagged = 0
    }
}

/// Minutes since the epoch, from nanoseconds (floor).
enum LANMinute {
    static let nanoseconds: Int64 = 60_000_000_000

    @inline(__always)
    static func of(_ time: Int64) -> Int64 {
        time >= 0 ? time / nanoseconds : (time - nanoseconds + 1) / nanoseconds
    }
}
