public import ArgumentParser
import Foundation
import Members
import PacketCapture
import PeeringLAN
import Yams
import IXPCore

/// `ixp-health analyze-pcap`: analyses a peering-LAN capture file offline and prints the report.
struct AnalyzePcapCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze-pcap",
        abstract: "Analyse a peering-LAN capture (pcap or pcapng) and print traffic classes and rule violations.",
        discussion: """
            Classifies every frame into exactly one traffic class, applies the peering-LAN rules \
            (forbidden traffic, ARP/ND storms, flooders and dead addresses, unknown MACs, address \
            conflicts, proxy ARP, BGP sessions and SYN-only peers) and prints the report; \
            --format json prints the report contract.

            With --interface IF instead of FILE it captures live for --seconds and reports the \
            same, with libpcap's drop counters under capture.

            Thresholds come from --probe-definition FILE, else from Probes/peering-lan.yaml when \
            it exists in the current directory, else from the built-in defaults.

            Exit status: 0 analysed; 1 with --fail-on SEVERITY, a violation at or above it was \
            found; 2 bad input (unreadable or truncated file, link type other than Ethernet, bad \
            member list or probe definition).
            """)

    @Argument(help: "The capture file (pcap or pcapng, Ethernet link type).")
    var file: String?

    @Option(help: "Capture live on this interface instead of reading a file (needs root or CAP_NET_RAW).")
    var interface: String?

    @Option(help: "With --interface: seconds to capture before printing the report.")
    var seconds: Double = 60

    @Option(help: "With --interface: BPF filter expression.")
    var filter: String = ""

    @Option(help: "With --interface: kernel capture buffer in MiB.")
    var bufferMib: Int = 64

    @Option(help: "With --interface: user to switch to once the device is open.")
    var user: String?

    @Option(help: "IX-F member export (JSON) of the exchange, for unknown_mac, ownership and route-server checks.")
    var members: String?

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    @Option(help: "Probe definition (YAML or JSON) with thresholds; default Probes/peering-lan.yaml if present.")
    var probeDefinition: String?

    @Option(help: "Exit 1 when a violation of this severity or worse is found: info, warning or critical.")
    var failOn: Severity?

    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    static let defaultProbeDefinition = "Probes/peering-lan.yaml"

    func run() async throws {
        let configuration = loadConfiguration()
        var registry: MemberRegistry?
        if let members {
            do {
                registry = try IXFMemberListParser.parse(contentsOf: members)
            } catch {
                exitBadInput(error.message)
            }
        }
        let report: PeeringLANReport
        if let interface {
            guard file == nil else { exitBadInput("give either a capture FILE or --interface, not both") }
            report = try await captureLive(interface: interface, configuration: configuration, registry: registry)
        } else {
            guard let file else { exitBadInput("missing capture FILE (or --interface for a live capture)") }
            let capture: OfflineCapture
            do {
                capture = try OfflineCapture(path: file)
            } catch {
                exitBadInput(error.message)
            }
            var analyzer = PeeringLANAnalyzer(configuration: configuration, members: registry)
            let decoder = analyzer.decoder
            do {
                try capture.forEachFrame(decoder: decoder) { header, frame in
                    analyzer.ingest(header, frame)
                }
            } catch {
                exitBadInput(error.message)
            }
            analyzer.finish()
            report = analyzer.report()
        }
        switch format {
        case .text:
            FileHandle.standardOutput.write(Data(report.text.utf8))
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            let data = try encoder.encode(report)
            FileHandle.standardOutput.write(data + Data("\n".utf8))
        }
        if let failOn, report.violations.contains(where: { $0.severity >= failOn }) {
            throw ExitCode(1)
        }
    }

    private func captureLive(
        interface: String, configuration: PeeringLANConfiguration, registry: MemberRegistry?
    ) async throws -> PeeringLANReport {
        let options = LiveCaptureOptions(
            interface: interface, filter: filter, bufferSize: bufferMib << 20, timeoutMilliseconds: 100,
            dropPrivilegesTo: user)
        let probe = PeeringLANProbe(options: options, configuration: configuration, members: registry)
        do {
            try probe.start()
        } catch {
            exitBadInput(error.message)
        }
        try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1e9))
        probe.stop()
        for _ in 0..<100 {
            if let report = probe.finalReport { return report }
            if let failure = probe.failure { throw ValidationError(failure) }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        throw ValidationError("\(interface): the capture did not stop within 2 s")
    }

    private func loadConfiguration() -> PeeringLANConfiguration {
        let path: String
        if let probeDefinition {
            path = probeDefinition
        } else if FileManager.default.fileExists(atPath: Self.defaultProbeDefinition) {
            path = Self.defaultProbeDefinition
        } else {
            return PeeringLANConfiguration()
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            exitBadInput("\(path): cannot read probe definition")
        }
        do {
            return try YAMLDecoder().decode(PeeringLANConfiguration.self, from: text)
        } catch let error as DecodingError {
            exitBadInput("\(path): invalid probe definition: \(describe(error))")
        } catch {
            exitBadInput("\(path): invalid probe definition: \(error)")
        }
    }

    private func describe(_ error: DecodingError) -> String {
        func where_(_ path: [any CodingKey]) -> String {
            path.isEmpty ? "" : " at " + path.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .dataCorrupted(let context):
            return context.debugDescription + where_(context.codingPath)
                + (context.underlyingError.map { ": \($0)" } ?? "")
        case .keyNotFound(let key, let context):
            return "missing key \(key.stringValue)" + where_(context.codingPath)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return context.debugDescription + where_(context.codingPath)
        @unknown default:
            return "\(error)"
        }
    }
}

extension Severity: ExpressibleByArgument {}
