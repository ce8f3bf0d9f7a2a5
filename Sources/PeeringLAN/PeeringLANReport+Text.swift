import Foundation
import IXPCore
import PacketCapture

extension PeeringLANReport {
    /// The report for people: counts, then violations most severe first, then ARP/ND, BGP
    /// and MAC findings. `--format json` is the machine-readable contract; this text is not.
    public var text: String {
        var lines: [String] = []
        lines.append("frames \(framesTotal), bytes \(bytesTotal), from \(firstTimestamp ?? "-") to \(lastTimestamp ?? "-")")
        lines.append("vlan-tagged frames \(vlanTagged)\(membersLoaded ? "" : " (no member list: unknown_mac and ownership checks off)")")
        lines.append("")
        lines.append("by class:")
        for trafficClass in TrafficClass.allCases {
            let count = byClass[trafficClass.name] ?? 0
            guard count > 0 else { continue }
            var line = "  " + trafficClass.name.padding(toLength: 16, withPad: " ", startingAt: 0) + String(count)
            if let perLabel = labels[trafficClass.name], !perLabel.isEmpty {
                line += "  (" + perLabel.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
            }
            lines.append(line)
        }
        if byClass.values.allSatisfy({ $0 == 0 }) { lines.append("  (no frames)") }
        lines.append("")
        lines.append("violations: \(violations.count)")
        for v in violations {
            var who = v.srcMAC ?? "LAN"
            if let asn = v.memberASN { who += " (AS\(asn))" }
            if let ip = v.ip { who += " ip \(ip)" }
            lines.append("  [\(v.severity.rawValue)] \(v.rule) \(who): \(v.frames) frames, \(v.firstSeen) .. \(v.lastSeen)")
            lines.append("      e.g. \(v.example)")
        }
        for (name, part) in [("arp", arp), ("nd", nd)] {
            lines.append("")
            lines.append("\(name): peak \(part.peakPerMinute)/min, \(part.storms.count) storm minutes, "
                + "\(part.flooders.count) flooders, \(part.deadTargets.count) dead targets")
            for storm in part.storms.prefix(20) {
                lines.append("  storm \(storm.minute): \(storm.frames) frames, \(storm.requests) requests")
            }
            for flooder in part.flooders {
                lines.append("  flooder \(flooder.srcMAC): peak \(flooder.peakPerSecond)/s, \(flooder.peakWindowRate)/s over the window")
            }
            for dead in part.deadTargets {
                lines.append("  dead \(dead.ip): \(dead.requests) requests by \(dead.requesters) sources")
            }
        }
        lines.append("")
        lines.append("bgp: \(bgp.sessions.count) sessions, \(bgp.synOnly.count) SYN-only pairs")
        for session in bgp.sessions.prefix(50) { lines.append("  session \(session.a) <> \(session.b), last \(session.lastSeen)") }
        for syn in bgp.synOnly { lines.append("  no answer \(syn.src) -> \(syn.dst): \(syn.attempts) SYNs") }
        if !bgp.membersWithoutRouteServerSession.isEmpty {
            lines.append("  members without a route-server session: "
                + bgp.membersWithoutRouteServerSession.map { "AS\($0)" }.joined(separator: ", "))
        }
        if !macs.unknown.isEmpty || !macs.ipConflicts.isEmpty || !macs.proxyARP.isEmpty {
            lines.append("")
            for unknown in macs.unknown.prefix(50) { lines.append("unknown mac \(unknown.mac): \(unknown.frames) frames") }
            for conflict in macs.ipConflicts { lines.append("ip conflict \(conflict.ip): \(conflict.macs.joined(separator: ", "))") }
            for proxy in macs.proxyARP { lines.append("proxy arp \(proxy.mac): \(proxy.ips.joined(separator: ", "))") }
        }
        if capture.dropped > 0 || capture.violationsOverflow > 0 || capture.overflow.values.contains(where: { $0 > 0 }) {
            lines.append("")
            lines.append("capture: received \(capture.received), dropped \(capture.dropped), violations overflow "
                + "\(capture.violationsOverflow), table overflow "
                + capture.overflow.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
