import PacketCapture
import ProbeKit
public import TimeSeries
public import IXPCore

extension PeeringLANMinuteSnapshot {
    /// The per-member store samples of this minute, stamped `time`: frames for every member
    /// the list gives a MAC (0 when silent), route-server sessions for every member but the
    /// route servers when route-server addresses are known (0 when none). Members the list
    /// gives no MAC get no frames sample: the capture cannot tell them silent.
    public func memberSamples(at time: Double) -> [Sample] {
        var frames: [UInt32: UInt64] = [:]
        var sessions: [UInt32: Int] = [:]
        for member in members {
            if let count = member.frames { frames[member.asn, default: 0] += count }
            if let count = member.routeServerSessions { sessions[member.asn, default: 0] += count }
        }
        var samples: [Sample] = []
        samples.reserveCapacity(frames.count + sessions.count)
        for (asn, count) in frames.sorted(by: { $0.key < $1.key }) {
            samples.append(Sample(key: SeriesKey(name: StoreSeries.memberFrames, labels: ["member_asn": String(asn)]),
                                  timestamp: time, value: Double(count)))
        }
        for (asn, count) in sessions.sorted(by: { $0.key < $1.key }) {
            samples.append(Sample(key: SeriesKey(name: StoreSeries.routeServerSessions, labels: ["member_asn": String(asn)]),
                                  timestamp: time, value: Double(count)))
        }
        return samples
    }

    /// This minute as observations for the detector (`ObservationSource`): frames analysed and
    /// dropped, frames by member-list MAC, and the violations by source MAC. `time` is the
    /// minute's end.
    public func observations(interface: String) -> LANObservations {
        LANObservations(
            interface: interface, time: Double(minuteStartNanoseconds) / 1e9 + 60, receivedFrames: Double(framesInMinute),
            droppedFrames: Double(droppedFrames),
            violations: sourceViolations.map { violation in
                LANObservations.Violation(
                    rule: violation.rule.id, severity: violation.severity, mac: violation.mac.description,
                    frames: Int(clamping: violation.frames), memberASN: violation.memberASN, example: violation.example)
            },
            violationsOverflow: Double(sourceViolationsOverflow),
            macFrames: macs.map { LANObservations.MACFrames(mac: $0.mac.description, memberASN: $0.memberASN, frames: Double($0.frames)) },
            seconds: 60)
    }
}
