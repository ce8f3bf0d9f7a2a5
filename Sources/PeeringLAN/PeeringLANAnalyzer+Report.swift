import PacketCapture

extension PeeringLANAnalyzer {
    /// The report of everything ingested so far (call `finish()` first at the end of a file).
    public func report() -> PeeringLANReport {
        var byClass: [String: UInt64] = [:]
        for trafficClass in TrafficClass.allCases {
            let i = Int(trafficClass.rawValue)
            byClass[trafficClass.name] = classCounts[i] &+ minuteClassCounts[i]
        }
        var labels: [String: [String: UInt64]] = [:]
        for trafficClass in [TrafficClass.ipv4Multicast, .ipv4Broadcast, .ipv6Multicast, .ipv4Unicast, .ipv6Unicast] {
            var perLabel: [String: UInt64] = [:]
            for label in ProtocolLabel.allCases where label != .none {
                let count = labelCounts[Int(trafficClass.rawValue) * ProtocolLabel.count + Int(label.rawValue)]
                if count > 0 { perLabel[label.name] = count }
            }
            labels[trafficClass.name] = perLabel
        }
        return PeeringLANReport(
            framesTotal: framesTotal, bytesTotal: bytesTotal &+ minuteBytes,
            firstTimestamp: firstTime == .min ? nil : LANTimestamp.iso8601(nanoseconds: firstTime),
            lastTimestamp: lastTime == .min ? nil : LANTimestamp.iso8601(nanoseconds: lastTime),
            byClass: byClass, vlanTagged: vlanTagged &+ minuteVLANTagged, labels: labels,
            violations: reportViolations(), arp: neighbors(arp), nd: neighbors(nd), bgp: reportBGP(),
            macs: reportMACs(), membersLoaded: members != nil,
            capture: PeeringLANReport.Capture(
                received: captureStatisticsLive ? captureStatistics.received : framesTotal,
                dropped: captureStatistics.dropped,
                overflow: [
                    "arp": arp.overflow, "nd": nd.overflow, "bgp": bgp.overflow, "addresses": tableOverflow,
                ],
                violationsOverflow: violationsOverflow))
    }

    private func memberASN(_ mac: MACAddress) -> UInt32? {
        guard let members, let index = members.member(mac: mac) else { return nil }
        return members.asns[index]
    }

    private func reportViolations() -> [PeeringLANReport.Violation] {
        var list = violations.entries
        list.sort { x, y in
            let sx = severities[Int(x.key.rule)]
            let sy = severities[Int(y.key.rule)]
            if sx != sy { return sx > sy }
            if x.key.rule != y.key.rule { return x.key.rule < y.key.rule }
            if x.value.frames != y.value.frames { return x.value.frames > y.value.frames }
            if x.key.mac != y.key.mac { return x.key.mac < y.key.mac }
            return x.key.ip < y.key.ip
        }
        return list.compactMap { key, record in
            guard let rule = PeeringLANRule(rawValue: key.rule) else { return nil }
            let mac = MACAddress(rawValue: key.mac)
            let example: String
            if rule == .captureDrops {
                example = "\(record.frames) frames dropped by the capture"
            } else {
                example = LANTimestamp.iso8601(nanoseconds: record.exampleTime) + " " + record.example.summary
            }
            return PeeringLANReport.Violation(
                rule: rule.id, severity: severities[Int(key.rule)], srcMAC: key.mac == 0 ? nil : mac.description,
                memberASN: key.mac == 0 ? nil : memberASN(mac), ip: key.ip == .zero ? nil : key.ip.description,
                frames: record.frames, firstSeen: LANTimestamp.iso8601(nanoseconds: record.first),
                lastSeen: LANTimestamp.iso8601(nanoseconds: record.last), example: example)
        }
    }

    private func neighbors(_ tracker: LANNeighborTracker) -> PeeringLANReport.Neighbors {
        let window = Double(max(1, tracker.thresholds.flooderWindowSeconds))
        let flooders = tracker.sources.entries.filter(\.value.flagged).sorted { $0.key < $1.key }.map { mac, state in
            PeeringLANReport.Flooder(
                srcMAC: mac.description, peakPerSecond: state.peakSecond,
                peakWindowRate: (Double(state.peakWindow) / window * 100).rounded() / 100)
        }
        let dead = tracker.targets.entries.filter(\.value.dead).sorted { $0.key < $1.key }.map { ip, state in
            PeeringLANReport.DeadTarget(ip: ip.description, requests: state.total, requesters: state.peakRequesters)
        }
        return PeeringLANReport.Neighbors(
            peakPerMinute: max(tracker.peakPerMinute, tracker.framesThisMinute),
            storms: tracker.storms.map {
                PeeringLANReport.Storm(
                    minute: LANTimestamp.iso8601(nanoseconds: $0.minute &* LANMinute.nanoseconds, fraction: false),
                    requests: $0.requests, frames: $0.frames)
            },
            flooders: flooders, deadTargets: dead)
    }

    private func reportBGP() -> PeeringLANReport.BGP {
        let sessions = bgp.sessions.entries.sorted { ($0.key.a, $0.key.b) < ($1.key.a, $1.key.b) }.map { pair, last in
            PeeringLANReport.Session(a: pair.a.description, b: pair.b.description, lastSeen: LANTimestamp.iso8601(nanoseconds: last))
        }
        let synOnly = bgp.syns.entries.filter { !bgp.hasSession($0.key.a, $0.key.b) }
            .sorted { ($0.key.a, $0.key.b) < ($1.key.a, $1.key.b) }
            .map { PeeringLANReport.SynOnly(src: $0.key.a.description, dst: $0.key.b.description, attempts: $0.value.attempts) }
        var without: [UInt32] = []
        if let members, !members.routeServerAddresses.isEmpty {
            for index in members.asns.indices where !members.isRouteServer[index] && !members.addresses[index].isEmpty {
                let has = members.addresses[index].contains { own in
                    members.routeServerAddresses.contains { bgp.hasSession(own, $0) }
                }
                if !has { without.append(members.asns[index]) }
            }
        }
        return PeeringLANReport.BGP(
            sessions: sessions, synOnly: synOnly, membersWithoutRouteServerSession: Array(Set(without)).sorted())
    }

    private func reportMACs() -> PeeringLANReport.MACs {
        let unknown = violations.entries.filter { $0.key.rule == PeeringLANRule.unknownMAC.rawValue }
            .sorted { $0.value.frames != $1.value.frames ? $0.value.frames > $1.value.frames : $0.key.mac < $1.key.mac }
            .map { PeeringLANReport.UnknownMAC(mac: MACAddress(rawValue: $0.key.mac).description, frames: $0.value.frames) }
        let conflicts = conflicts.sorted().map { ip in
            PeeringLANReport.IPConflict(ip: ip.description, macs: (claims.value(for: ip) ?? []).map(\.description))
        }
        let proxies = proxySuspects.sorted().map { mac in
            PeeringLANReport.ProxyARP(mac: mac.description, ips: (answers.value(for: mac) ?? []).sorted().map(\.description))
        }
        return PeeringLANReport.MACs(unknown: unknown, ipConflicts: conflicts, proxyARP: proxies)
    }

    /// The dead_bgp_peer violations are derived at report time from SYN-only pairs; this adds
    /// them to the violation table. Called by `finish()`.
    mutating func recordDeadBGPPeers() {
        for (pair, attempts) in bgp.syns.entries where !bgp.hasSession(pair.a, pair.b) {
            let key = LANViolationRecord.Key(rule: PeeringLANRule.deadBGPPeer.rawValue, mac: attempts.source.rawValue, ip: pair.b)
            guard !violations.contains(key) else { continue }
            violate(PeeringLANRule.deadBGPPeer.rawValue, mac: attempts.source, ip: pair.b, frame: attempts.example,
                    at: attempts.last, count: attempts.attempts, firstTime: attempts.first)
        }
    }

    func makeSnapshot(
        minuteStart: Int64, arpFrames: UInt64, arpRequests: UInt64, ndFrames: UInt64, ndRequests: UInt64
    ) -> PeeringLANMinuteSnapshot {
        PeeringLANMinuteSnapshot(
            minuteStartNanoseconds: minuteStart, framesByClass: minuteClassCounts, bytes: minuteBytes,
            vlanTagged: minuteVLANTagged, violationsByRule: minuteViolations, severityByRule: severities,
            arpFrames: arpFrames, arpRequests: arpRequests, ndFrames: ndFrames, ndSolicitations: ndRequests,
            arpFlooders: arp.sources.count(where: \.flagged),
            ndFlooders: nd.sources.count(where: \.flagged),
            arpDeadTargets: arp.targets.count(where: \.dead),
            ndDeadTargets: nd.targets.count(where: \.dead),
            bgpSessions: bgp.sessions.count, totalFramesByClass: classCounts, totalBytes: bytesTotal,
            totalVLANTagged: vlanTagged, totalViolationsByRule: violationTotals, capture: captureStatistics,
            trackingOverflow: arp.overflow &+ nd.overflow &+ bgp.overflow &+ tableOverflow,
            members: memberActivity(minuteEnd: minuteStart &+ LANMinute.nanoseconds), macs: macActivity(),
            sourceViolations: minuteSourceViolations(), sourceViolationsOverflow: minuteSourcesOverflow,
            droppedFrames: droppedSinceLastClose)
    }
}
