import Foundation
import TimeSeries

/// A synthetic exchange for the sizing benchmark: `interfaces` ports with 13 series each (the
/// lab switch's ratio: 1,035 interfaces, ~13,400 series), a realistic mix of port classes, and
/// values made the way the interface probe makes them (counter deltas over a 60 s poll).
struct SyntheticExchange {
    /// What a port carries.
    enum PortClass: String, CaseIterable {
        /// A big member: Gbit/s with a day/night curve and noise.
        case busy
        /// A small member: Mbit/s with a day/night curve and noise.
        case diurnal
        /// An unused or idle port: a trickle of link-local frames at a constant rate, no errors.
        case idle
    }

    static let seriesPerInterface = 13
    static let names = [
        "ixp_interface_receive_bytes_per_second", "ixp_interface_transmit_bytes_per_second",
        "ixp_interface_receive_packets_per_second", "ixp_interface_transmit_packets_per_second",
        "ixp_interface_receive_multicast_packets_per_second", "ixp_interface_receive_broadcast_packets_per_second",
        "ixp_interface_receive_errors_per_second", "ixp_interface_transmit_errors_per_second",
        "ixp_interface_receive_discards_per_second", "ixp_interface_transmit_discards_per_second",
        "ixp_interface_oper_up", "ixp_interface_speed_bits_per_second", "ixp_interface_receive_utilisation_ratio",
    ]

    /// How a poll's rate is made from its counter growth.
    enum RateMode: String, CaseIterable {
        /// Every poll lasts exactly 60 s: `n / 60`.
        case exact
        /// Polls last 60 s ± 250 ms (the reply's jitter) and the rate is `growth / seconds`.
        case jittered
        /// Jittered polls, the rate rounded to a multiple of 1/60 (`PollRate`, as the probes do).
        case rounded
    }

    let interfaces: Int
    /// The class of each interface: 20 % busy, 30 % diurnal, 50 % idle (or all one class).
    let classes: [PortClass]
    /// How rates are made.
    var rates: RateMode = .exact

    init(interfaces: Int, only: PortClass? = nil) {
        self.interfaces = interfaces
        classes = (0..<interfaces).map { index in
            if let only { return only }
            switch index % 10 {
            case 0, 1: return .busy
            case 2, 3, 4: return .diurnal
            default: return .idle
            }
        }
    }

    var seriesCount: Int { interfaces * Self.seriesPerInterface }

    func key(_ series: Int) -> SeriesKey {
        let interface = series / Self.seriesPerInterface
        return SeriesKey(name: Self.names[series % Self.seriesPerInterface],
                         labels: ["switch": "sw\(interface / 48)", "interface": "Ethernet\(interface % 48 + 1)"])
    }

    /// A cheap deterministic hash in [0, 1).
    @inline(__always) static func noise(_ a: Int, _ b: Int) -> Double {
        var x = UInt64(truncatingIfNeeded: a &* 0x9E37_79B9 &+ b &* 0x85EB_CA6B)
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        return Double(x >> 11) / 9_007_199_254_740_992
    }

    /// The rate a probe would compute from a counter's growth over a 60 s poll (`seconds`
    /// long in fact: 60 s ± the reply's jitter).
    @inline(__always) func perPoll(_ rate: Double, seconds: Double) -> Double {
        switch rates {
        case .exact: return (rate * 60).rounded(.down) / 60
        case .jittered: return (rate * seconds).rounded(.down) / seconds
        case .rounded: return PollRate.perSecond(UInt64((rate * seconds).rounded(.down)), seconds: seconds, interval: 60)
        }
    }

    /// Fills `values` with every series' value at poll `poll`; `day` is the day/night factor (0…1).
    func fill(poll: Int, day: Double, into values: inout [Double]) {
        for interface in 0..<interfaces {
            let base = interface * Self.seriesPerInterface
            let n1 = Self.noise(interface, poll)
            let n2 = Self.noise(interface &+ 7_919, poll)
            let seconds = rates == .exact ? 60 : 60 + (Self.noise(interface &+ 104_729, poll) - 0.5) / 2
            func perPoll(_ rate: Double) -> Double { self.perPoll(rate, seconds: seconds) }
            switch classes[interface] {
            case .busy, .diurnal:
                let peak = classes[interface] == .busy ? 1.2e9 : 4e6
                let receive = perPoll(peak * (0.15 + 0.85 * day) * (0.9 + 0.2 * n1))
                let transmit = perPoll(peak * (0.12 + 0.8 * day) * (0.9 + 0.2 * n2))
                values[base] = receive
                values[base + 1] = transmit
                values[base + 2] = perPoll(receive / 880)
                values[base + 3] = perPoll(transmit / 910)
                values[base + 4] = perPoll(2 + 3 * n1)
                values[base + 5] = perPoll(0.5 + n2)
                let error = n1 < 0.002 ? perPoll(1 + 10 * n2) : 0
                values[base + 6] = error
                values[base + 7] = 0
                values[base + 8] = n2 < 0.003 ? perPoll(5 * n1) : 0
                values[base + 9] = 0
                values[base + 10] = 1
                values[base + 11] = 1e10
                values[base + 12] = receive * 8 / 1e10
            case .idle:
                values[base] = 10            // LLDP every 30 s
                values[base + 1] = 10
                values[base + 2] = 1.0 / 30
                values[base + 3] = 1.0 / 30
                values[base + 4] = 1.0 / 30
                values[base + 5] = 0
                for offset in 6..<10 { values[base + offset] = 0 }
                values[base + 10] = 1
                values[base + 11] = 1e10
                values[base + 12] = 80 / 1e10
            }
        }
    }

    /// The day/night factor at poll `poll` of a 60 s poll (peak at 20:00).
    static func day(_ poll: Int) -> Double {
        let hour = Double(poll % 1_440) / 60
        return 0.5 + 0.5 * cos((hour - 20) / 24 * 2 * .pi)
    }

    /// Feeds polls `polls` (60 s apart from `start`) into `store` through handles.
    func feed(_ store: TimeSeriesStore, handles: [SeriesHandle], polls: Range<Int>, start: Double) {
        var values = [Double](repeating: 0, count: seriesCount)
        var batch = handles.map { HandleSample(handle: $0, timestamp: 0, value: 0) }
        for poll in polls {
            fill(poll: poll, day: Self.day(poll), into: &values)
            let timestamp = start + Double(poll) * 60 + 0.25
            for index in batch.indices {
                batch[index].timestamp = timestamp
                batch[index].value = values[index]
            }
            store.append(batch)
        }
    }

    /// Writes the samples of polls `polls` as OpenMetrics text (one family after the other).
    func openMetrics(polls: Range<Int>, start: Double, to url: URL) throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var table = [[Double]](repeating: [], count: polls.count)
        var values = [Double](repeating: 0, count: seriesCount)
        for (index, poll) in polls.enumerated() {
            fill(poll: poll, day: Self.day(poll), into: &values)
            table[index] = values
        }
        for (metric, name) in Self.names.enumerated() {
            var text = "# TYPE \(name) gauge\n"
            for interface in 0..<interfaces {
                let series = interface * Self.seriesPerInterface + metric
                let labels = "{interface=\"Ethernet\(interface % 48 + 1)\",switch=\"sw\(interface / 48)\"}"
                for (index, poll) in polls.enumerated() {
                    text += "\(name)\(labels) \(table[index][series]) \(Int(start) + poll * 60)\n"
                }
                if text.utf8.count > 1 << 20 {
                    handle.write(Data(text.utf8))
                    text = ""
                }
            }
            handle.write(Data(text.utf8))
        }
        handle.write(Data("# EOF\n".utf8))
    }
}

/// This process' resident memory now and at its peak, from /proc/self/status (bytes).
func residentMemory() -> (current: Int, peak: Int) {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
    func field(_ name: String) -> Int {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(name + ":") }) else { return 0 }
        return (Int(line.split(separator: " ").dropFirst().first { Int($0) != nil } ?? "0") ?? 0) * 1024
    }
    return (field("VmRSS"), field("VmHWM"))
}

/// Bytes of the files under `url`.
func directoryBytes(_ url: URL) -> Int {
    guard let enumerator = FileManager.default.enumerator(at: url, includingPropertiesForKeys: [.fileSizeKey]) else { return 0 }
    var total = 0
    for case let file as URL in enumerator {
        total += (try? file.resourceValues(forKeys: [.fileSizeKey]).fileSize) ?? 0
    }
    return total
}
