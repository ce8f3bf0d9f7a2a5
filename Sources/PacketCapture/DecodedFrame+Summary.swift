import Foundation

extension DecodedFrame {
    /// One line describing the frame, tcpdump-like, for reports and alert emails, e.g.
    /// `00:11:22:33:44:55 > ff:ff:ff:ff:ff:ff vlan 10 arp_request who-has 10.0.0.1 tell 10.0.0.2`.
    ///
    /// Builds a string: call it once per finding, never per frame.
    public var summary: String {
        var line = "\(source) > \(destination)"
        if vlanTags > 0 { line += " vlan \(outerVLAN)" + (vlanTags > 1 ? " (+\(vlanTags - 1) tags)" : "") }
        line += " " + trafficClass.name
        switch trafficClass {
        case .arpRequest:
            line += " who-has \(IPAddress(ipv4: arpTargetIP)) tell \(IPAddress(ipv4: arpSenderIP))"
        case .arpReply:
            line += " \(IPAddress(ipv4: arpSenderIP)) is-at \(arpSenderMAC)"
        case .ndNS:
            line += " \(ipSource) > \(ipDestination) who-has \(ndTarget)"
        case .ndNA:
            line += " \(ipSource) > \(ipDestination) tgt-is \(ndTarget)"
        case .stp, .otherLLC:
            line += String(format: " llc dsap 0x%02x ssap 0x%02x", Int(llcSAPs >> 8), Int(llcSAPs & 0xFF))
            if snapOUI != 0 || snapPID != 0 {
                line += String(format: " snap oui 0x%06x pid 0x%04x", Int(snapOUI), Int(snapPID))
            }
        case .cdp, .vtp, .dtp, .udld:
            line += String(format: " snap oui 0x%06x pid 0x%04x", Int(snapOUI), Int(snapPID))
        case .otherEthertype, .lldp, .lacp:
            line += String(format: " ethertype 0x%04x", Int(etherType))
        case .malformed:
            line += String(format: " ethertype/length 0x%04x", Int(etherType))
        default:
            if ipVersion != 0 {
                line += " \(ipSource)"
                if hasPorts { line += ".\(sourcePort)" }
                line += " > \(ipDestination)"
                if hasPorts { line += ".\(destinationPort)" }
                line += " proto \(ipProtocol)"
                if ipProtocol == 6 { line += " flags \(tcpFlagText)" }
                if ipProtocol == 58 { line += " icmp6 type \(icmpv6Type)" }
                if label != .none { line += " (\(label.name))" }
            }
        }
        return line
    }

    private var tcpFlagText: String {
        var text = ""
        if tcpFlags & TCPFlag.syn != 0 { text += "S" }
        if tcpFlags & TCPFlag.fin != 0 { text += "F" }
        if tcpFlags & TCPFlag.rst != 0 { text += "R" }
        if tcpFlags & 0x08 != 0 { text += "P" }
        if tcpFlags & TCPFlag.ack != 0 { text += "." }
        return text.isEmpty ? "none" : text
    }
}
